"""The ledger's services: declaring, confirming, rejecting, reversing, closing periods,
and the statements summed from the entries."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from pooling.accounts.models import Role
from pooling.catalogue import services as catalogue
from pooling.catalogue.models import OfferKind, Unit
from pooling.errors import Conflict, Forbidden, InvalidInput, NotFound
from pooling.extensions import db
from pooling.ledger import services, statements
from pooling.ledger.models import (
    ClosingBalance,
    Cooperation,
    Exchange,
    ExchangeStatus,
    ExchangeUnit,
    LedgerEntry,
    Side,
)
from pooling.ledger.permissions import REJECTING, REVERSING, ExchangeAction
from pooling.ledger.services import Declaration

TODAY = date(2026, 11, 20)


def declaration(pole, **fields) -> Declaration:
    data = dict(provider_id=pole.org_a.id, beneficiary_id=pole.org_b.id, kind=OfferKind.SKILL,
                quantity=Decimal("3"), unit=ExchangeUnit.HOUR, occurred_on=date(2026, 11, 12),
                description="Notre comptable a aidé à clore les comptes")
    data.update(fields)
    return Declaration(**data)


def declare(pole, user=None, **fields) -> Exchange:
    return services.declare(user or pole.a_member, declaration(pole, **fields), today=TODAY)


def entries(exchange_id=None) -> list[tuple]:
    stmt = sa.select(LedgerEntry.member_id, LedgerEntry.side, LedgerEntry.quantity,
                     LedgerEntry.value, LedgerEntry.booked_on).order_by(LedgerEntry.id)
    if exchange_id:
        stmt = stmt.where(LedgerEntry.exchange_id == exchange_id)
    return [tuple(r) for r in db.session.execute(stmt)]


@pytest.fixture
def rates(pole):
    catalogue.set_rate(pole.cell, OfferKind.SKILL, None, Unit.HOUR, Decimal("40"),
                       date(2026, 1, 1))
    catalogue.set_rate(pole.cell, OfferKind.TOOL, None, Unit.DAY, Decimal("15"),
                       date(2026, 1, 1))


def test_a_declared_exchange_waits_then_is_posted_when_the_other_party_confirms(pole, rates):
    exchange = declare(pole)
    assert exchange.status == ExchangeStatus.PENDING
    assert exchange.value == Decimal("120.00")  # 3 hours at 40 on its day
    assert entries() == []
    with pytest.raises(Forbidden):
        services.confirm(pole.a_admin, exchange.id)  # the declaring side cannot confirm
    services.confirm(pole.b_member, exchange.id)
    assert entries(exchange.id) == [
        (pole.org_a.id, Side.GIVEN, Decimal("3.00"), Decimal("120.00"), date(2026, 11, 12)),
        (pole.org_b.id, Side.RECEIVED, Decimal("3.00"), Decimal("120.00"), date(2026, 11, 12))]
    with pytest.raises(Conflict):
        services.confirm(pole.cell, exchange.id)
    assert len(entries()) == 2


def test_units_convert_on_the_35_hour_week_and_items_count_without_value(pole, rates):
    days = declare(pole, quantity=Decimal("5"), unit=ExchangeUnit.DAY,
                   description="Mise à disposition d'une salariée")
    assert days.value == Decimal("1400.00")  # 5 days of 7 hours at 40
    items = declare(pole, kind=OfferKind.TOOL, quantity=Decimal("2"), unit=ExchangeUnit.ITEM,
                    description="Deux tables prêtées")
    assert items.value is None
    unvalued = declare(pole, valued=False)
    assert unvalued.value is None


def test_either_party_rejects_with_a_reason_and_nothing_is_posted(pole):
    exchange = declare(pole)
    with pytest.raises(InvalidInput):
        services.reject(pole.b_admin, exchange.id, "  ")
    services.reject(pole.b_admin, exchange.id, "Ce n'était pas nous")
    assert db.session.get(Exchange, exchange.id).status == ExchangeStatus.REJECTED
    assert entries() == []
    with pytest.raises(Conflict):
        services.confirm(pole.b_admin, exchange.id)


@pytest.mark.parametrize("fields, field", [
    ({"quantity": Decimal("0")}, "quantity"),
    ({"quantity": Decimal("-2")}, "quantity"),
    ({"quantity": Decimal("1.234")}, "quantity"),
    ({"quantity": Decimal("NaN")}, "quantity"),
    ({"occurred_on": date(2026, 11, 21)}, "occurred_on"),
    ({"description": " "}, "description"),
    ({"beneficiary_id": None}, "beneficiary_id"),
    # The declaring organisation is a party: the refusal is about the input, not who asks.
    ({"provider_id": 999_999, "beneficiary_id": None}, "provider_id"),
])
def test_a_bad_declaration_is_refused_and_nothing_is_written(pole, fields, field):
    if fields.get("beneficiary_id", 0) is None:
        fields = {**fields, "beneficiary_id": pole.org_a.id}
    with pytest.raises(InvalidInput) as error:
        declare(pole, **fields)
    assert field in error.value.fields
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Exchange)) == 0


def test_only_parties_declare_and_only_parties_and_the_cell_see(pole, make_member, make_user):
    outsider = make_user(make_member(name="Ailleurs"))
    with pytest.raises(Forbidden):
        declare(pole, outsider)
    exchange = declare(pole)
    with pytest.raises(NotFound):
        services.get_exchange(outsider, exchange.id)
    assert services.get_exchange(pole.cell, exchange.id).id == exchange.id
    with pytest.raises(NotFound):
        services.confirm(outsider, exchange.id)


def test_the_cell_reverses_at_once_and_a_reversal_cannot_be_reversed(pole, rates):
    exchange = declare(pole)
    services.confirm(pole.b_admin, exchange.id)
    reversal = services.reverse(pole.cell, exchange.id, "Déclaré deux fois")
    assert reversal.status == ExchangeStatus.CONFIRMED and reversal.reverses_id == exchange.id
    assert db.session.get(Exchange, exchange.id).status == ExchangeStatus.REVERSED
    assert [e[2] for e in entries(reversal.id)] == [Decimal("-3.00"), Decimal("-3.00")]
    with pytest.raises(Conflict):
        services.reverse(pole.cell, reversal.id, "Encore")
    with pytest.raises(Conflict):
        services.reverse(pole.cell, exchange.id, "Encore")


def test_a_party_asks_for_a_reversal_and_it_is_posted_when_the_other_agrees(pole, rates):
    exchange = declare(pole)
    services.confirm(pole.b_admin, exchange.id)
    asked = services.reverse(pole.a_admin, exchange.id, "Erreur de quantité")
    assert asked.status == ExchangeStatus.PENDING and len(entries()) == 2
    with pytest.raises(Conflict):
        services.reverse(pole.a_member, exchange.id, "Encore")  # same side: still waiting
    agreed = services.reverse(pole.b_member, exchange.id, "D'accord")
    assert agreed.id == asked.id and agreed.status == ExchangeStatus.CONFIRMED
    assert db.session.get(Exchange, exchange.id).status == ExchangeStatus.REVERSED
    assert len(entries()) == 4


def test_a_statement_sums_given_and_received_with_the_balance(pole, rates):
    for fields in ({}, {"provider_id": pole.org_b.id, "beneficiary_id": pole.org_a.id,
                        "kind": OfferKind.TOOL, "unit": ExchangeUnit.DAY,
                        "quantity": Decimal("2"), "cooperation": Cooperation.COMMERCIAL,
                        "description": "Camion prêté"}):
        exchange = declare(pole, **fields)
        services.confirm(pole.cell, exchange.id)
    period = statements.Period(date(2026, 1, 1), date(2026, 12, 31))
    a = statements.statement(pole.org_a, period)
    assert [(t.kind, t.unit, t.quantity, t.value, t.count) for t in a.given] == [
        (OfferKind.SKILL, ExchangeUnit.HOUR, Decimal("3.00"), Decimal("120.00"), 1)]
    assert [(t.kind, t.quantity, t.value) for t in a.received] == [
        (OfferKind.TOOL, Decimal("2.00"), Decimal("30.00"))]
    assert a.balance == Decimal("90.00") and a.given_to == a.received_from == 1
    assert len(a.lines) == 2
    totals = statements.pole_totals(period)
    assert totals.exchanges == 2 and totals.commercial == 1 and totals.pairs == 2
    assert totals.value == Decimal("150.00")
    assert sum(b.balance for b in totals.balances) == 0


def test_a_closed_period_stores_balances_and_late_exchanges_go_to_the_next(pole, rates):
    exchange = declare(pole, occurred_on=date(2026, 10, 5))
    services.close_period(pole.cell, date(2026, 10, 1), date(2026, 10, 31), today=TODAY)
    services.confirm(pole.b_admin, exchange.id)
    assert entries(exchange.id)[0][4] == date(2026, 11, 1)  # booked in the next open period
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClosingBalance)) == 0
    with pytest.raises(InvalidInput):
        services.close_period(pole.cell, date(2026, 12, 1), date(2026, 12, 31), today=TODAY)
    with pytest.raises(InvalidInput):  # must follow the last close
        services.close_period(pole.cell, date(2026, 11, 2), date(2026, 11, 10), today=TODAY)
    services.close_period(pole.cell, date(2026, 11, 1), date(2026, 11, 15), today=TODAY)
    balances = {(b.member_id, b.given_value, b.received_value)
                for b in db.session.scalars(sa.select(ClosingBalance))}
    assert balances == {(pole.org_a.id, Decimal("120.00"), 0),
                        (pole.org_b.id, 0, Decimal("120.00"))}
    with pytest.raises(Forbidden):
        services.close_period(pole.a_admin, date(2026, 11, 16), date(2026, 11, 17), today=TODAY)


def test_a_completed_booking_is_posted_at_once_with_its_value(pole, rates):
    from pooling.bookings import lifecycle
    from tests.integration.test_bookings import book, paris, publish

    room = publish(pole.a_member, pole.org_a, value_per_unit=Decimal("12"))
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12, 30), 4)
    lifecycle.complete(pole.a_admin, booking.id, now=paris(2030, 6, 3, 13))
    exchange = db.session.scalars(sa.select(Exchange).where(
        Exchange.booking_id == booking.id)).one()
    assert (exchange.status, exchange.quantity, exchange.value) == (
        ExchangeStatus.CONFIRMED, Decimal("2.50"), Decimal("30.00"))
    assert entries(exchange.id) == [
        (pole.org_a.id, Side.GIVEN, Decimal("2.50"), Decimal("30.00"), date(2030, 6, 3)),
        (pole.org_b.id, Side.RECEIVED, Decimal("2.50"), Decimal("30.00"), date(2030, 6, 3))]
    from pooling.ledger import checks

    assert checks.check() == []


class _SerialisationFailure(Exception):
    sqlstate = "40001"  # what PostgreSQL says when two transactions cannot both commit


def test_a_decision_the_database_asks_to_retry_is_retried_and_posted_once(pole, rates,
                                                                          monkeypatch):
    """The first attempt fails after writing; its writes are rolled back and the second
    attempt posts the exchange once."""
    exchange = declare(pole)
    real_post, calls = services.post, []

    def post_failing_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            db.session.flush()
            raise sa.exc.OperationalError("INSERT", {}, _SerialisationFailure())
        return real_post(*args, **kwargs)

    monkeypatch.setattr(services, "post", post_failing_once)
    services.confirm(pole.b_member, exchange.id)
    db.session.expire_all()
    assert len(calls) == 2
    assert db.session.get(Exchange, exchange.id).status == ExchangeStatus.CONFIRMED
    assert len(entries(exchange.id)) == 2


def test_a_refused_close_leaves_the_session_clean_for_the_next_use_case(pole, rates):
    services.close_period(pole.cell, date(2026, 1, 1), date(2026, 1, 31), today=TODAY)
    with pytest.raises(InvalidInput):  # a gap after the closed period
        services.close_period(pole.cell, date(2026, 3, 1), date(2026, 3, 31), today=TODAY)
    assert not db.session().in_transaction()  # rolled back, nothing left half-written
    close = services.close_period(pole.cell, date(2026, 2, 1), date(2026, 2, 28), today=TODAY)
    assert close.ends_on == date(2026, 2, 28)


@pytest.mark.parametrize("state", ["pending", "posted", "reversal asked"])
@pytest.mark.parametrize("who", ["a_member", "b_member", "cell", "third"])
def test_the_services_allow_exactly_what_the_page_offers(pole, rates, make_member, make_user,
                                                         state, who):
    """Whatever the state and the person, confirming, rejecting and reversing succeed when
    `actions_on` lists them, and are refused when it does not."""
    third = make_user(make_member(name="Compagnie Tierce"), Role.MEMBER,
                      email="member.c@example.org")
    person = third if who == "third" else getattr(pole, who)
    tries = {"confirm": ({ExchangeAction.CONFIRM},
                         lambda x: services.confirm(person, x)),
             "reject": (REJECTING, lambda x: services.reject(person, x, "Non")),
             "reverse": (REVERSING, lambda x: services.reverse(person, x, "Erreur"))}
    for name, (actions, act) in tries.items():
        exchange = declare(pole)  # declared by A
        if state != "pending":
            services.confirm(pole.b_member, exchange.id)
        if state == "reversal asked":
            services.reverse(pole.a_member, exchange.id, "Déclaré deux fois")
        offered = bool(services.actions_on(person, fresh_exchange(exchange.id)) & actions)
        try:
            act(exchange.id)
        except (Conflict, Forbidden, NotFound):
            done = False
        else:
            done = True
        assert done == offered, (name, state, who)


def fresh_exchange(exchange_id: int) -> Exchange:
    db.session.expire_all()
    return db.session.get(Exchange, exchange_id)
