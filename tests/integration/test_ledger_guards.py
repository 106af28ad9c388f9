"""The ledger cannot be corrupted silently: the database refuses to change or remove its
entries, closes and closing balances, and `flask ledger check` reports any breach of its
invariants, whoever wrote to the database."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger import checks, guards, services
from pooling.ledger.models import ExchangeUnit
from pooling.ledger.services import Declaration
from tests.conftest import is_postgres

TODAY = date(2026, 11, 20)


def posted(pole, quantity="3", occurred_on=date(2026, 11, 12)):
    exchange = services.declare(pole.a_member, Declaration(
        pole.org_a.id, pole.org_b.id, OfferKind.SKILL, Decimal(quantity), ExchangeUnit.HOUR,
        occurred_on, "Aide à la comptabilité"), today=TODAY)
    return services.confirm(pole.b_admin, exchange.id)


def refused(statement: str) -> None:
    with pytest.raises(DatabaseError):
        with db.engine.begin() as conn:
            conn.execute(sa.text(statement))


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entries SET quantity = 300",
    "UPDATE ledger_entries SET value = NULL",
    "DELETE FROM ledger_entries",
    "UPDATE ledger_closes SET ends_on = '2026-01-31'",
    "DELETE FROM ledger_closes",
    "DELETE FROM closing_balances",
])
def test_the_database_refuses_to_change_or_remove_what_the_ledger_holds(pole, statement):
    posted(pole)
    services.close_period(pole.cell, date(2026, 11, 1), date(2026, 11, 15), today=TODAY)
    before = db.session.execute(sa.text(
        "SELECT id, quantity, value FROM ledger_entries ORDER BY id")).all()
    refused(statement)
    assert db.session.execute(sa.text(
        "SELECT id, quantity, value FROM ledger_entries ORDER BY id")).all() == before


@pytest.mark.skipif(not is_postgres(), reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_ledger(pole):
    posted(pole)
    refused("TRUNCATE ledger_entries CASCADE")


def test_the_database_refuses_an_entry_inside_a_closed_period(pole):
    exchange = posted(pole)
    services.close_period(pole.cell, date(2026, 11, 1), date(2026, 11, 15), today=TODAY)
    refused("INSERT INTO ledger_entries (exchange_id, member_id, counterpart_id, side, kind,"
            f" unit, quantity, value, booked_on, created_at) VALUES ({exchange.id},"
            f" {pole.org_a.id}, {pole.org_b.id}, 'given', 'skill', 'hour', 1, NULL,"
            " '2026-11-10', '2026-11-20 10:00:00')")


def test_a_sound_ledger_passes_the_check(runner, pole):
    posted(pole)
    services.reverse(pole.cell, posted(pole, "2").id, "Déclaré deux fois")
    services.close_period(pole.cell, date(2026, 11, 1), date(2026, 11, 15), today=TODAY)
    posted(pole, "1.5", occurred_on=date(2026, 11, 3))  # late: booked on 16 November
    assert checks.check() == []
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "4 exchanges, 8 entries" in result.output


def _sneak(statement: str) -> None:
    """A write that bypasses the application (inserts are what the triggers allow)."""
    with db.engine.begin() as conn:
        conn.execute(sa.text(statement))


def test_the_check_reports_an_entry_written_behind_the_applications_back(runner, pole):
    exchange = services.declare(pole.a_member, Declaration(
        pole.org_a.id, pole.org_b.id, OfferKind.SKILL, Decimal("3"), ExchangeUnit.HOUR,
        date(2026, 11, 12), "Pas encore confirmé"), today=TODAY)
    _sneak("INSERT INTO ledger_entries (exchange_id, member_id, counterpart_id, side, kind,"
           f" unit, quantity, value, booked_on, created_at) VALUES ({exchange.id},"
           f" {pole.org_a.id}, {pole.org_b.id}, 'given', 'skill', 'hour', 3, NULL,"
           " '2026-11-12', '2026-11-20 10:00:00')")
    rules = {breach.rule for breach in checks.check()}
    assert rules == {"balanced", "two_entries"}
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 1
    assert f"BREACH [two_entries] exchanges without exactly their two entries: {exchange.id}" \
        in result.output


def test_the_check_reports_an_exchange_changed_after_posting(pole):
    exchange = posted(pole)
    _sneak(f"UPDATE exchanges SET quantity = 30 WHERE id = {exchange.id}")
    assert [b.rule for b in checks.check()] == ["entries_match"]


def test_the_check_reports_a_reversal_without_its_original_reversed(pole):
    exchange = posted(pole)
    reversal = services.reverse(pole.cell, exchange.id, "Erreur")
    _sneak(f"UPDATE exchanges SET status = 'confirmed' WHERE id = {exchange.id}")
    breaches = checks.check()
    assert [b.rule for b in breaches] == ["reversals"]
    assert str(reversal.id) in breaches[0].message


def test_the_check_reports_missing_triggers(pole):
    posted(pole)
    with db.engine.begin() as conn:
        guards.remove(conn)
    try:
        assert [b.rule for b in checks.check()] == ["append_only"]
    finally:
        with db.engine.begin() as conn:
            guards.install(conn)
    with db.engine.connect() as conn:
        assert guards.missing(conn) == []


def test_the_check_reports_an_entry_slipped_into_a_closed_period(pole):
    posted(pole)
    exchange = services.declare(pole.a_member, Declaration(
        pole.org_a.id, pole.org_b.id, OfferKind.SKILL, Decimal("1"), ExchangeUnit.HOUR,
        date(2026, 11, 10), "Pas encore confirmé"), today=TODAY)
    services.close_period(pole.cell, date(2026, 11, 1), date(2026, 11, 15), today=TODAY)
    assert checks.check() == []
    with db.engine.begin() as conn:
        guards.remove(conn)  # as someone with the database's own rights could
        conn.execute(sa.text(
            "INSERT INTO ledger_entries (exchange_id, member_id, counterpart_id, side, kind,"
            f" unit, quantity, value, booked_on, created_at) VALUES ({exchange.id},"
            f" {pole.org_b.id}, {pole.org_a.id}, 'given', 'skill', 'hour', 1, NULL,"
            " '2026-11-10', '2099-01-01 00:00:00')"))
        guards.install(conn)
    messages = [b.message for b in checks.check() if b.rule == "closed_periods"]
    assert messages == ["entries booked in a period after it closed: 3",
                        "the balances stored when the period ending 2026-11-15 closed no "
                        "longer hold"]
