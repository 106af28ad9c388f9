"""The ledger's invariants hold when many people act on one exchange at the same instant,
each on their own database connection: the database, not the order of arrival, keeps them."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from pooling.accounts.models import User
from pooling.catalogue.models import OfferKind
from pooling.errors import Conflict
from pooling.extensions import db
from pooling.ledger import checks, services
from pooling.ledger.models import Exchange, ExchangeStatus, ExchangeUnit, LedgerEntry
from pooling.ledger.services import Declaration
from tests.races import race

CLIENTS = 20
TODAY = date(2026, 11, 20)


def declared(pole, occurred_on=date(2026, 11, 12)) -> int:
    return services.declare(pole.a_member, Declaration(
        pole.org_a.id, pole.org_b.id, OfferKind.SKILL, Decimal("3"), ExchangeUnit.HOUR,
        occurred_on, "Aide à la comptabilité"), today=TODAY).id


def as_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_twenty_confirmations_at_once_post_the_exchange_once(app, pole):
    exchange_id = declared(pole)
    deciders = [pole.b_admin.id, pole.b_member.id, pole.cell.id]

    outcomes = race(app, lambda i: services.confirm(as_user(deciders[i % 3]), exchange_id),
                    CLIENTS)
    assert sum(isinstance(o, Exchange) for o in outcomes) == 1
    assert all(isinstance(o, (Exchange, Conflict)) for o in outcomes), outcomes
    assert count(LedgerEntry, LedgerEntry.exchange_id == exchange_id) == 2
    assert checks.check() == []


def test_both_parties_and_the_cell_reversing_at_once_reverse_once(app, pole):
    exchange_id = declared(pole)
    services.confirm(pole.b_admin, exchange_id)
    reversers = [pole.a_admin.id, pole.b_admin.id, pole.cell.id, pole.a_member.id]

    outcomes = race(app, lambda i: services.reverse(as_user(reversers[i % 4]), exchange_id,
                                                    "Déclaré deux fois"), CLIENTS)
    assert all(isinstance(o, (Exchange, Conflict)) for o in outcomes), outcomes
    db.session.expire_all()
    assert db.session.get(Exchange, exchange_id).status == ExchangeStatus.REVERSED
    assert count(Exchange, Exchange.reverses_id == exchange_id) == 1
    assert count(LedgerEntry) == 4
    assert checks.check() == []


def test_confirmations_racing_a_period_close_never_land_inside_it(app, pole):
    ids = [declared(pole, date(2026, 10, 10)) for _ in range(CLIENTS - 1)]

    def act(index):
        if index == CLIENTS - 1:
            return services.close_period(as_user(pole.cell.id), date(2026, 10, 1),
                                         date(2026, 10, 31), today=TODAY)
        return services.confirm(as_user(pole.b_admin.id), ids[index])

    outcomes = race(app, act, CLIENTS)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert count(LedgerEntry) == 2 * (CLIENTS - 1)
    # Each entry is either in October's stored balances or booked on 1 November.
    assert checks.check() == []
