"""The migrations build the same schema as the models describe, on SQLite and PostgreSQL."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pooling.extensions import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migration_seeds_the_four_domains_of_the_survey(app):
    codes = set(db.session.scalars(sa.text("SELECT code FROM domains")))
    assert {"eco-activities", "employment", "food", "culture"} <= codes


def test_database_refuses_an_unknown_legal_form(app):
    import pytest
    from sqlalchemy.exc import IntegrityError, StatementError

    with pytest.raises((IntegrityError, StatementError)):
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO members (name, name_key, legal_form, circle, description, address,"
                " postcode, city, email, phone, website, joined_on, created_at, updated_at)"
                " VALUES ('X', 'x', 'cooperative', 'partner', '', '', '', '', '', '', '',"
                " '2020-01-01', '2020-01-01 00:00:00', '2020-01-01 00:00:00')"))


def test_database_refuses_a_person_without_organisation(app):
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO users (email, full_name, job_title, phone, role, member_id, active,"
                " credential_stamp, created_at) VALUES ('a@b.c', 'A', '', '', 'member', 999999,"
                " true, 'tok', '2020-01-01 00:00:00')"))
