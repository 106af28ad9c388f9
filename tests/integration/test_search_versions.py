"""The search's version, on SQLite and PostgreSQL: every committed change to what the offer
index and the thesaurus read moves it, whoever writes (SQL by hand included), and nothing
else does; a process keeps its index while it stays, and builds it again when it moved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import g

from pooling.bookings.services import BookingRequest, create_booking
from pooling.catalogue.models import Offer, OfferKind
from pooling.db import utcnow
from pooling.extensions import db
from pooling.ledger import checks
from pooling.ledger import services as ledger
from pooling.ledger.models import ExchangeUnit
from pooling.ledger.services import Declaration
from pooling.pole.clock import pole_today
from pooling.search import thesaurus, versions
from pooling.search.index import offer_index
from pooling.search.models import SearchVersion
from tests.conftest import is_postgres, publish


def version() -> int:
    with db.engine.connect() as connection:
        return connection.scalar(sa.select(SearchVersion.version))


def next_request() -> None:
    """What a new request starts with: no transaction, nothing read yet."""
    db.session.rollback()
    for name in list(vars(g)):
        delattr(g, name)


def indexed_titles() -> set[str]:
    return {d.meaning.split(". ")[0] for d in offer_index().documents.values()}


def titles() -> set[str]:
    """The titles the next request's index holds."""
    next_request()
    return indexed_titles()


@pytest.fixture
def room(pole):
    return publish(pole.b_admin, pole.org_b, OfferKind.PREMISES, "Salle de formation",
                   "Grande salle.", ["formation"], capacity=30)


@pytest.mark.parametrize("statement", [
    "UPDATE offers SET title = 'Salle polyvalente' WHERE id = :offer",
    "INSERT INTO offer_tags (offer_id, tag) VALUES (:offer, 'atelier')",
    "DELETE FROM offer_tags WHERE offer_id = :offer",
    "UPDATE members SET name = 'La Remise' WHERE id = :member",
    # The categories are the migrations' and every test's: written, not changed.
    "UPDATE categories SET name = name WHERE id = :category",
    "INSERT INTO thesaurus_entries (term, equivalent, term_key, equivalent_key, created_at) "
    "VALUES ('Zorglub', 'bidule', 'zorglub', 'bidul', CURRENT_TIMESTAMP)",
])
def test_every_committed_change_to_the_searched_tables_moves_it(room, statement):
    values = {"offer": room.id, "member": room.member_id, "category": room.category_id}
    before = version()
    with db.engine.connect() as connection:
        with connection.begin():
            connection.execute(sa.text(statement), values)
            # Not before the commit: another process would rebuild from what it cannot see.
            assert version() == before
    assert version() > before
    if statement.startswith("DELETE"):  # something to delete again
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO offer_tags (offer_id, tag) VALUES (:offer, 'formation')"), values)
    before = version()
    with pytest.raises(RuntimeError), db.engine.begin() as connection:
        assert connection.execute(sa.text(statement.replace("'La Remise'", "'Autre'")
                                          .replace("'atelier'", "'autre'")
                                          .replace("'zorglub'", "'zarbi'")), values
                                  ).rowcount == 1  # a change indeed, then rolled back
        raise RuntimeError("rolled back")
    assert version() == before


def test_bookings_and_exchanges_leave_it(pole, room):
    """Each move makes every process build its index again: the pole's daily writes must
    not move it."""
    before = version()
    start = (utcnow() + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    create_booking(pole.a_member, BookingRequest(room.id, start, start + timedelta(hours=2)))
    exchange = ledger.declare(pole.a_member, Declaration(
        provider_id=pole.org_a.id, beneficiary_id=pole.org_b.id, kind=OfferKind.SKILL,
        quantity=Decimal("3"), unit=ExchangeUnit.HOUR, occurred_on=pole_today(),
        description="Aide à la clôture des comptes"))
    ledger.confirm(pole.b_member, exchange.id)
    assert version() == before


@pytest.mark.skipif(not is_postgres(), reason="SQLite writes one transaction at a time")
def test_postgresql_moves_it_once_per_transaction_and_locks_it_at_the_commit_only(room,
                                                                                 pole):
    before = version()
    with db.engine.begin() as connection:
        for n in range(5):
            connection.execute(sa.update(Offer).where(Offer.id == room.id)
                               .values(title=f"Salle {n}"))
    assert version() == before + 1
    # Two transactions change offers at once: the second is not held until the first
    # commits (it would be, had the first locked the version at its write).
    other = publish(pole.a_admin, pole.org_a, OfferKind.PREMISES, "Bureau", capacity=4)
    before = version()
    first, second = db.engine.connect(), db.engine.connect()
    try:
        first.begin()
        first.execute(sa.update(Offer).where(Offer.id == room.id).values(title="Grande salle"))
        second.begin()
        second.exec_driver_sql("SET LOCAL lock_timeout = '3s'")
        second.execute(sa.update(Offer).where(Offer.id == other.id).values(title="Bureau 2"))
        second.commit()
        first.commit()
    finally:
        first.close()
        second.close()
    assert version() == before + 2


def test_the_index_is_kept_until_a_change_and_rebuilt_after_one(app, room):
    index = (titles(), offer_index())
    assert titles() == {"Salle de formation"} and offer_index() is index[1]
    # Another process renames the offer, by hand.
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE offers SET title = 'Salle du conseil'"))
    assert titles() == {"Salle du conseil"} and offer_index() is not index[1]
    kept = offer_index()
    assert titles() == {"Salle du conseil"} and offer_index() is kept


def test_an_index_built_from_uncommitted_changes_is_for_its_request_alone(app, room):
    assert titles() == {"Salle de formation"}
    next_request()
    db.session.get(Offer, room.id).title = "Salle renommée"
    db.session.flush()
    assert indexed_titles() == {"Salle renommée"}
    assert titles() == {"Salle de formation"}  # rolled back
    next_request()
    db.session.get(Offer, room.id).title = "Salle renommée"
    db.session.flush()
    assert indexed_titles() == {"Salle renommée"}
    # Rolled back within the request: what it searches next is what is committed.
    db.session.rollback()
    assert indexed_titles() == {"Salle de formation"}
    next_request()
    db.session.get(Offer, room.id).title = "Salle renommée"
    db.session.flush()
    assert indexed_titles() == {"Salle renommée"}
    # Rolled back, then another process changes the offer: the next request finds that
    # change, not what never was (on SQLite, the version had moved as far in the
    # transaction rolled back).
    db.session.rollback()
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE offers SET title = 'Grande salle'"))
    assert titles() == {"Grande salle"}


def test_the_thesaurus_is_read_again_after_the_cell_changes_it(pole, room):
    next_request()
    before = thesaurus.pairs()
    next_request()
    assert thesaurus.pairs() is before  # kept by the process
    thesaurus.add_entry(pole.cell, "Zorglub", "bidule")
    next_request()
    assert len(thesaurus.pairs()) == len(before) + 2


@pytest.mark.skipif(not is_postgres(), reason="SQLite has no TRUNCATE")
def test_a_truncation_moves_it_on_postgresql(room):
    before = version()
    with db.engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE offer_tags"))
    assert version() > before


def test_without_its_triggers_or_its_row_nothing_is_kept_and_the_check_says_so(app, room):
    assert checks.search_version() == []
    with db.engine.begin() as connection:
        versions.remove(connection)
    try:
        assert [b.rule for b in checks.check()] == ["search_version"]
        assert "offers" in checks.check()[0].message
    finally:
        with db.engine.begin() as connection:
            versions.install(connection)
    assert checks.check() == []
    with db.engine.begin() as connection:
        connection.execute(sa.delete(SearchVersion))
    try:
        assert "search_versions" in checks.check()[0].message
        # No version to compare with: each transaction builds its own index.
        assert titles() == {"Salle de formation"}
        first = offer_index()
        assert titles() == {"Salle de formation"} and offer_index() is not first
    finally:
        with db.engine.begin() as connection:
            connection.execute(sa.insert(SearchVersion).values(
                id=versions.ROW, version=versions.fresh_version()))
