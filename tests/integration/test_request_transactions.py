"""How a request's transaction ends: a request that only read commits (keeping the
connection's prepared statements on PostgreSQL); any request that wrote without
committing, or failed, is rolled back and leaves the data as it was."""

import pytest
import sqlalchemy as sa

from pooling import mail
from pooling.extensions import db
from pooling.members.models import Member


@pytest.fixture
def member(make_member) -> Member:
    return make_member(name="Le Fournil")


@pytest.fixture
def endings(member):
    """The DBAPI commits and rollbacks of the engine once the member is there, in order."""
    seen: list[str] = []
    sa.event.listen(db.engine, "commit", lambda _conn: seen.append("commit"))
    sa.event.listen(db.engine, "rollback", lambda _conn: seen.append("rollback"))
    return seen


def name_of(member_id: int) -> str:
    with db.engine.connect() as conn:
        return conn.scalar(sa.text("SELECT name FROM members WHERE id = :id"),
                           {"id": member_id})


def test_a_request_that_only_read_ends_with_a_commit(app, member, endings):
    with app.app_context():  # a request's own context, ended like a request's
        assert db.session.get(Member, member.id).name == "Le Fournil"
    assert endings == ["commit"]


def test_a_change_left_in_the_session_is_rolled_back(app, member, endings):
    with app.app_context():
        db.session.get(Member, member.id).name = "Renamed"
    assert endings == ["rollback"]
    assert name_of(member.id) == "Le Fournil"


def test_a_flushed_change_is_rolled_back(app, member, endings):
    with app.app_context():
        db.session.get(Member, member.id).name = "Renamed"
        db.session.flush()
        db.session.expunge_all()  # nothing pending any more, but the row was written
    assert endings == ["rollback"]
    assert name_of(member.id) == "Le Fournil"


def test_a_statement_that_wrote_is_rolled_back(app, member, endings):
    with app.app_context():
        db.session.execute(sa.update(Member).where(Member.id == member.id)
                           .values(name="Renamed"))
    assert endings == ["rollback"]
    assert name_of(member.id) == "Le Fournil"


def test_a_request_that_failed_is_rolled_back(app, member, endings):
    with pytest.raises(RuntimeError):
        with app.app_context():
            db.session.get(Member, member.id)
            raise RuntimeError("the view failed")
    assert endings == ["rollback"]


def test_a_committed_write_then_a_read_ends_with_a_commit(app, member, endings):
    with app.app_context():
        db.session.get(Member, member.id).name = "Renamed"
        db.session.commit()
        assert db.session.get(Member, member.id).name == "Renamed"
    assert endings == ["commit", "commit"]
    assert name_of(member.id) == "Renamed"


def test_an_e_mail_job_that_only_read_ends_with_a_commit(app, member, endings):
    """E-mails are rendered in the background, in a context of their own: it ends as a
    request does."""
    def job(member_id):
        db.session.get(Member, member_id)
        return []

    with app.app_context():
        db.session.get(Member, member.id)
        mail.queue_job(job, member.id)
        db.session.commit()  # the job leaves once the transaction commits
    mail.flush()
    assert endings == ["commit", "commit"]
