"""The matching engine on a small pole, on SQLite and PostgreSQL: what it refuses to suggest
(the requester's own offers, too small, not free in the window), the first free time it
gives, the cooperation weights the cell sets, the reasons it gives, and reverse matching."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from pooling.accounts.models import Role
from pooling.bookings.services import BookingRequest, create_booking
from pooling.catalogue.models import OfferKind, Unit
from pooling.db import utcnow
from pooling.errors import Forbidden, InvalidInput, NotFound
from pooling.extensions import db
from pooling.ledger import services as ledger
from pooling.ledger.models import ExchangeUnit, LedgerEntry
from pooling.localtime import local_instant
from pooling.matching import similarity
from pooling.matching.engine import NeedRequest, partners_and_last_entry, suggestions
from pooling.needs import matches as matches_module
from pooling.needs import services as needs
from pooling.needs.matches import matches_for_need, matching_needs, needs_for_offer
from pooling.needs.models import NeedStatus
from pooling.pole.clock import pole_today
from pooling.pole.services import pole_settings, update_settings
from pooling.search import thesaurus
from tests.conftest import publish


def monday_in(weeks: int) -> date:
    today = pole_today()
    return today + timedelta(days=7 * weeks - today.weekday())


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_instant(day, time(hour, minute))


def need(member_id: int, kind: OfferKind, text: str, **fields) -> NeedRequest:
    return NeedRequest(id=1, member_id=member_id, kind=kind, text=text, **fields)


@pytest.fixture
def rooms(pole):
    """Three rooms of two organisations, open on weekdays from 9 to 18."""
    return {
        "big": publish(pole.b_admin, pole.org_b, OfferKind.PREMISES, "Salle de formation",
                       "Grande salle lumineuse, vidéoprojecteur.", capacity=30),
        "small": publish(pole.b_admin, pole.org_b, OfferKind.PREMISES,
                         "Petite salle de formation", "Pour les petits groupes.", capacity=8),
        "own": publish(pole.a_admin, pole.org_a, OfferKind.PREMISES, "Salle de formation",
                       "Notre salle.", capacity=40),
    }


def test_own_and_too_small_offers_are_never_suggested(pole, rooms):
    monday = monday_in(3)
    found = suggestions(need(pole.org_a.id, OfferKind.PREMISES, "salle de formation",
                             capacity=12, duration_minutes=120,
                             window_from=at(monday, 9), window_to=at(monday, 18)))
    assert [s.offer_id for s in found] == [rooms["big"].id]


def test_the_first_free_time_is_after_what_is_booked(pole, rooms):
    monday = monday_in(3)
    create_booking(pole.b_admin, BookingRequest(
        offer_id=rooms["big"].id, starts_at=at(monday, 9), ends_at=at(monday, 12),
        quantity=10, purpose="Conseil d'administration"))
    [found] = suggestions(need(pole.org_a.id, OfferKind.PREMISES, "salle de formation",
                               capacity=12, duration_minutes=120,
                               window_from=at(monday, 8), window_to=at(monday, 20)))
    assert (found.first_free.start, found.first_free.end) == (at(monday, 12), at(monday, 14))
    assert found.reasons[0].startswith("libre") or found.reasons[0].startswith("free")


def test_an_offer_booked_through_the_window_is_not_suggested(pole, rooms):
    monday = monday_in(3)
    create_booking(pole.b_admin, BookingRequest(
        offer_id=rooms["big"].id, starts_at=at(monday, 9), ends_at=at(monday, 18),
        quantity=10, purpose="Journée d'étude"))
    assert suggestions(need(pole.org_a.id, OfferKind.PREMISES, "salle de formation",
                            capacity=12, duration_minutes=60,
                            window_from=at(monday, 8), window_to=at(monday, 20))) == []


def test_a_need_longer_than_any_opening_finds_nothing(pole, rooms):
    monday = monday_in(3)
    assert suggestions(need(pole.org_a.id, OfferKind.PREMISES, "salle de formation",
                            duration_minutes=10 * 60, window_from=at(monday, 8),
                            window_to=at(monday + timedelta(days=4), 20))) == []


def test_a_need_without_dates_is_served_in_the_coming_weeks(pole, rooms):
    [found] = suggestions(need(pole.org_a.id, OfferKind.PREMISES, "salle de formation",
                               capacity=20))
    assert found.offer_id == rooms["big"].id
    assert found.first_free.end - found.first_free.start == timedelta(hours=1)


def test_a_providers_weekly_hours_are_respected(pole):
    skill = publish(pole.b_admin, pole.org_b, OfferKind.SKILL, "Comptabilité associative",
                    "Bilan, budget, paie.", provider_id=pole.b_admin.id, max_hours_per_week=4)
    monday = monday_in(3)
    create_booking(pole.cell, BookingRequest(
        offer_id=skill.id, starts_at=at(monday, 9), ends_at=at(monday, 12), quantity=1,
        purpose="Bilan", member_id=pole.cell_org.id))
    wanted = need(pole.org_a.id, OfferKind.SKILL, "aide en comptabilité",
                  duration_minutes=120, window_from=at(monday, 8),
                  window_to=at(monday + timedelta(days=4), 20))
    assert suggestions(wanted) == []  # one hour left that week
    later = need(pole.org_a.id, OfferKind.SKILL, "aide en comptabilité",
                 duration_minutes=120, window_from=at(monday, 8),
                 window_to=at(monday + timedelta(days=8), 20))
    [found] = suggestions(later)
    assert found.first_free.start == at(monday + timedelta(days=7), 9)


def test_tools_are_suggested_when_enough_items_are_free(pole):
    drills = publish(pole.b_admin, pole.org_b, OfferKind.TOOL, "Perceuse-visseuse",
                     "Sans fil.", quantity=2, unit=Unit.DAY)
    monday = monday_in(3)
    wanted = dict(duration_minutes=120, window_from=at(monday, 9), window_to=at(monday, 18))
    assert suggestions(need(pole.org_a.id, OfferKind.TOOL, "perceuses", quantity=3,
                            **wanted)) == []
    [found] = suggestions(need(pole.org_a.id, OfferKind.TOOL, "perceuses", quantity=2,
                               **wanted))
    assert found.offer_id == drills.id
    assert any("2" in reason for reason in found.reasons)


def test_reasons_say_what_matched_and_how_big(pole, rooms):
    monday = monday_in(3)
    [found] = suggestions(need(pole.org_a.id, OfferKind.PREMISES,
                               "Une salle pour une formation de 12 personnes", capacity=12,
                               duration_minutes=120, window_from=at(monday, 9),
                               window_to=at(monday, 18)))
    text = " · ".join(found.reasons)
    assert "30" in text and "12" in text
    assert "“formation”" in text and "“salle”" in text
    assert found.member_name == pole.org_b.name


@pytest.fixture
def three_helpers(pole, make_member, make_user):
    """The same skill from two organisations; org_a has worked with org_b before."""
    org_c = make_member(name="Atelier Gamma")
    c_admin = make_user(org_c, Role.MEMBER_ADMIN, email="admin.c@example.org")
    from_b = publish(pole.b_admin, pole.org_b, OfferKind.SKILL, "Aide à la paie",
                     "Bulletins de salaire.", provider_id=pole.b_admin.id)
    from_c = publish(c_admin, org_c, OfferKind.SKILL, "Aide à la paie",
                     "Bulletins de salaire.", provider_id=c_admin.id)
    exchange = ledger.declare(pole.a_admin, ledger.Declaration(
        provider_id=pole.org_b.id, beneficiary_id=pole.org_a.id, kind=OfferKind.SKILL,
        quantity=Decimal("2"), unit=ExchangeUnit.HOUR, occurred_on=pole_today(),
        description="Paie de novembre"))
    ledger.confirm(pole.b_admin, exchange.id)
    return from_b, from_c


def test_a_new_partner_comes_first_when_the_cell_wants_it(pole, three_helpers):
    from_b, from_c = three_helpers
    wanted = need(pole.org_a.id, OfferKind.SKILL, "paie", duration_minutes=60)
    update_settings(pole.cell, "Pôle", "crédits", new_partner_weight=0, balance_weight=0)
    relevance_only = suggestions(wanted)
    assert {s.offer_id for s in relevance_only} == {from_b.id, from_c.id}
    assert relevance_only[0].score == relevance_only[1].score  # the same words: a tie
    update_settings(pole.cell, "Pôle", "crédits", new_partner_weight=20, balance_weight=0)
    first, second = suggestions(wanted)
    assert first.offer_id == from_c.id and first.score > second.score
    assert any("jamais" in r or "never" in r for r in first.reasons)
    assert not any("jamais" in r or "never" in r for r in second.reasons)


def test_partners_and_the_ledgers_last_entry_are_read_together(pole, three_helpers):
    for member_id in (pole.org_a.id, pole.org_b.id, pole.cell_org.id):
        partners = set(db.session.scalars(sa.select(LedgerEntry.counterpart_id).where(
            LedgerEntry.member_id == member_id)))
        last = db.session.scalar(sa.select(sa.func.max(LedgerEntry.id)))
        assert partners_and_last_entry(member_id) == (partners, last)
    assert partners_and_last_entry(pole.org_a.id)[0] == {pole.org_b.id}


def test_an_organisation_that_received_more_than_it_gave_comes_first(pole, three_helpers):
    from_b, from_c = three_helpers
    # org_b gave to org_a; the cell's organisation now gives to org_c twice.
    for _ in range(2):
        exchange = ledger.declare(pole.cell, ledger.Declaration(
            provider_id=pole.cell_org.id, beneficiary_id=from_c.member_id,
            kind=OfferKind.SKILL, quantity=Decimal("1"), unit=ExchangeUnit.HOUR,
            occurred_on=pole_today(), description="Accompagnement"))
        ledger.confirm(pole.cell, exchange.id)
    update_settings(pole.cell, "Pôle", "crédits", new_partner_weight=0, balance_weight=30)
    wanted = need(pole.cell_org.id, OfferKind.SKILL, "paie", duration_minutes=60)
    first, second = suggestions(wanted)
    assert first.offer_id == from_c.id and first.score > second.score


def test_the_weights_are_bounded(pole):
    with pytest.raises(InvalidInput) as error:
        update_settings(pole.cell, "Pôle", "crédits", new_partner_weight=101)
    assert "new_partner_weight" in error.value.fields
    assert pole_settings().new_partner_weight == 10
    with pytest.raises(Forbidden):
        update_settings(pole.a_admin, "Pôle", "crédits", new_partner_weight=0)


def _post_need(user, **fields):
    data = needs.NeedData(**{"kind": OfferKind.PREMISES, "text": "Salle de formation",
                             "capacity": 12, **fields})
    return needs.create_need(user, data)


def test_matches_are_for_the_needs_organisation_and_the_cell(pole, rooms):
    posted = _post_need(pole.a_member)
    assert [s.offer_id for s in matches_for_need(pole.a_admin, posted.id)] == [rooms["big"].id]
    assert matches_for_need(pole.cell, posted.id)
    with pytest.raises(Forbidden):
        matches_for_need(pole.b_member, posted.id)
    with pytest.raises(NotFound):
        matches_for_need(pole.a_admin, posted.id + 1000)
    needs.close_need(pole.a_admin, posted.id, NeedStatus.WITHDRAWN)
    assert matches_for_need(pole.a_admin, posted.id) == []


def test_a_needs_request_for_its_matches_is_read_with_its_tags_in_one_query(pole, rooms):
    tagged = _post_need(pole.a_member, tags=["vidéoprojecteur", "formation", "accessible"])
    bare = _post_need(pole.a_member, text="Salle de réunion")
    for posted in (tagged, bare):
        db.session.expire_all()
        assert matches_module.request_for_matches(pole.a_admin, posted.id) \
            == needs.need_request(posted.id)
    assert matches_module.request_for_matches(pole.cell, tagged.id).tags == tuple(
        needs.tags_of(tagged.id))
    with pytest.raises(Forbidden):
        matches_module.request_for_matches(pole.b_member, tagged.id)
    needs.close_need(pole.a_admin, tagged.id, NeedStatus.WITHDRAWN)
    with pytest.raises(NotFound):
        matches_module.request_for_matches(pole.b_member, tagged.id)
    assert not matches_module.request_for_matches(pole.a_admin, tagged.id).is_open


def test_an_offer_shows_the_open_needs_it_can_serve(pole, rooms):
    served = _post_need(pole.a_member)
    too_big = _post_need(pole.a_member, text="Salle de formation pour un séminaire",
                         capacity=35)
    _post_need(pole.b_member)  # org_b's own need: not shown on its offer
    closed = _post_need(pole.a_member, text="Salle de formation, encore")
    needs.close_need(pole.a_admin, closed.id, NeedStatus.FULFILLED)
    found = needs_for_offer(rooms["big"].id)
    assert [m.need_id for m in found] == [served.id]
    assert found[0].member_name == pole.org_a.name and found[0].first_free is not None
    assert too_big.id not in [m.need_id for m in needs_for_offer(rooms["big"].id)]
    assert [m.need_id for m in matching_needs(pole.b_member, rooms["big"].id)] == [served.id]
    assert matching_needs(pole.cell, rooms["big"].id)
    with pytest.raises(Forbidden):
        matching_needs(pole.a_admin, rooms["big"].id)


def test_reasons_are_in_french_for_a_french_reader(app, pole, rooms):
    monday = monday_in(3)
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        [found] = suggestions(need(pole.org_a.id, OfferKind.PREMISES, "salle de formation",
                                   capacity=12, duration_minutes=120,
                                   window_from=at(monday, 9), window_to=at(monday, 18)))
    assert found.reasons[0].startswith("libre lundi")
    assert "30 places pour 12 personnes" in found.reasons
    assert any(r.startswith("correspond à « ") for r in found.reasons)


def test_in_a_small_pole_every_room_that_says_so_is_suggested(pole):
    """Words shared by every offer weigh little in a small catalogue: meaning may order the
    rooms, it must not push any of them out."""
    rooms = [publish(pole.b_admin, pole.org_b, OfferKind.PREMISES, title, description,
                     capacity=20)
             for title, description in (
                 ("Salle de réunion", "Tables, chaises, tableau blanc."),
                 ("Salle de réunion du premier étage", "Lumineuse, vue sur le parc."),
                 ("Grande salle", "Pour les réunions et les formations."))]
    monday = monday_in(3)
    found = suggestions(need(pole.org_a.id, OfferKind.PREMISES,
                             "Une salle de réunion pour 10 personnes", capacity=10,
                             duration_minutes=120, window_from=at(monday, 9),
                             window_to=at(monday, 18)))
    assert {s.offer_id for s in found} == {room.id for room in rooms}


def test_an_offer_stops_serving_a_need_when_the_thesaurus_word_that_linked_them_goes(pole):
    hiring = publish(pole.b_admin, pole.org_b, OfferKind.SKILL, "Recrutement",
                     "Annonce, entretiens, intégration.", provider_id=pole.b_admin.id)
    posted = needs.create_need(pole.a_member, needs.NeedData(
        kind=OfferKind.SKILL, text="Embaucher", duration_minutes=60))
    assert [m.need_id for m in needs_for_offer(hiring.id)] == [posted.id]
    entry = next(e for e in thesaurus.list_entries()
                 if (e.term, e.equivalent) == ("embaucher", "recrutement"))
    thesaurus.remove_entry(pole.cell, entry.id)
    assert needs_for_offer(hiring.id) == []



def new_process(app, monkeypatch) -> None:
    """Nothing remembered: no offer index, no sentence vector."""
    monkeypatch.setattr(similarity, "_vectors", {})
    app.extensions.pop("offer_index", None)


def test_a_new_server_process_ranks_the_open_needs_ahead_without_encoding_any(
        app, pole, rooms, monkeypatch):
    served = _post_need(pole.a_member)
    assert [m.need_id for m in needs_for_offer(rooms["big"].id)] == [served.id]
    _post_need(pole.a_member, text="Salle pour une assemblée générale")  # never matched
    now = utcnow()
    new_process(app, monkeypatch)
    with app.test_request_context():
        with monkeypatch.context() as start:
            start.setattr(similarity, "model", lambda: pytest.fail("encoded at start"))
            matches_module.warm_up()
        warmed = needs_for_offer(rooms["big"].id, now=now)
    new_process(app, monkeypatch)
    with app.test_request_context():
        assert needs_for_offer(rooms["big"].id, now=now) == warmed
    assert served.id in [m.need_id for m in warmed]
