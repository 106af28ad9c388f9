"""The catalogue's services: publishing, permissions, status, search and valuation."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pooling.catalogue import services
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, Offer, OfferKind, OfferStatus, Unit
from pooling.errors import Conflict, Forbidden, InvalidInput, NotFound
from pooling.extensions import db

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = [WeeklySlot(d, time(9), time(18)) for d in range(5)]


def _category(kind: OfferKind, name: str) -> Category:
    return db.session.scalars(sa.select(Category).where(
        Category.kind == kind, Category.name == name)).one()


def room(**overrides) -> services.OfferData:
    data = dict(kind=OfferKind.PREMISES, title="Salle de réunion « Belledonne »",
                category_id=_category(OfferKind.PREMISES, "Salle de réunion").id,
                description="Grande salle lumineuse avec vidéoprojecteur.", capacity=20,
                tags=["Projecteur", "visio", "projecteur"], opening_hours=WEEKDAYS,
                step_free_access=True)
    data.update(overrides)
    return services.OfferData(**data)


def van(**overrides) -> services.OfferData:
    data = dict(kind=OfferKind.TOOL, title="Camion 12 m³",
                category_id=_category(OfferKind.TOOL, "Véhicule").id, quantity=1,
                unit=Unit.DAY, opening_hours=WEEKDAYS)
    data.update(overrides)
    return services.OfferData(**data)


@pytest.fixture
def published_room(pole):
    offer = services.create_offer(pole.a_member, pole.org_a.id, room())
    return services.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)


def test_a_member_publishes_a_room_of_their_organisation(pole):
    offer = services.create_offer(pole.a_member, pole.org_a.id, room(capacity=20, tools=None)
                                  if False else room())
    assert offer.status == OfferStatus.DRAFT
    assert services.tags_of(offer.id) == ["projecteur", "visio"]
    assert [(h.weekday, h.opens_at) for h in offer.opening_hours][:2] == [
        (0, time(9)), (1, time(9))]
    published = services.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)
    assert published.published_at is not None


def test_fields_of_other_kinds_are_dropped(pole):
    offer = services.create_offer(pole.a_member, pole.org_a.id, van(capacity=12, level="x"))
    assert offer.capacity is None and offer.level == "" and offer.quantity == 1


@pytest.mark.parametrize("overrides, field", [
    ({"capacity": 0}, "capacity"),
    ({"title": "   "}, "title"),
    ({"min_duration_minutes": 0}, "min_duration_minutes"),
    ({"min_duration_minutes": 120, "max_duration_minutes": 60}, "max_duration_minutes"),
    ({"opening_hours": [WeeklySlot(0, time(18), time(9))]}, "opening_hours"),
    ({"opening_hours": [WeeklySlot(0, time(9), time(12)), WeeklySlot(0, time(11), time(14))]},
     "opening_hours"),
    ({"tags": [f"t{n}" for n in range(11)]}, "tags"),
    ({"value_per_unit": Decimal("-1")}, "value_per_unit"),
    ({"value_per_unit": Decimal("NaN")}, "value_per_unit"),
])
def test_malformed_offers_are_refused_and_nothing_is_written(pole, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        services.create_offer(pole.a_member, pole.org_a.id, room(**overrides))
    assert field in refused.value.fields
    assert db.session.scalar(sa.select(sa.func.count(Offer.id))) == 0


def test_a_category_of_another_kind_is_refused_by_the_service_and_the_database(pole):
    vehicle = _category(OfferKind.TOOL, "Véhicule")
    with pytest.raises(InvalidInput):
        services.create_offer(pole.a_member, pole.org_a.id, room(category_id=vehicle.id))
    offer = services.create_offer(pole.a_member, pole.org_a.id, room())
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.update(Offer).where(Offer.id == offer.id)
                           .values(category_id=vehicle.id))
        db.session.commit()
    db.session.rollback()


def test_only_the_owning_organisation_and_the_cell_change_an_offer(pole, published_room):
    with pytest.raises(Forbidden):
        services.create_offer(pole.b_member, pole.org_a.id, room())
    with pytest.raises(Forbidden):
        services.update_offer(pole.b_admin, published_room.id, room(title="Volée"))
    with pytest.raises(Forbidden):
        services.change_status(pole.b_member, published_room.id, OfferStatus.ARCHIVED)
    assert services.update_offer(pole.cell, published_room.id, room(title="Salle B")).title \
        == "Salle B"


def test_drafts_are_invisible_to_other_organisations(pole):
    draft = services.create_offer(pole.a_member, pole.org_a.id, room())
    with pytest.raises(NotFound):
        services.get_offer(pole.b_member, draft.id)
    assert services.get_offer(pole.a_admin, draft.id).id == draft.id
    assert services.get_offer(pole.cell, draft.id).id == draft.id


def test_status_moves_only_along_allowed_transitions(pole, published_room):
    archived = services.change_status(pole.a_member, published_room.id, OfferStatus.ARCHIVED)
    assert archived.archived_at is not None
    with pytest.raises(Conflict):
        services.change_status(pole.a_member, published_room.id, OfferStatus.PUBLISHED)
    assert services.change_status(pole.a_member, published_room.id,
                                  OfferStatus.DRAFT).status == OfferStatus.DRAFT


def test_duplicate_makes_a_draft_copy_with_tags_and_hours(pole, published_room):
    copy = services.duplicate_offer(pole.a_member, published_room.id)
    assert copy.id != published_room.id and copy.status == OfferStatus.DRAFT
    assert copy.title.startswith("Salle de réunion")
    assert services.tags_of(copy.id) == ["projecteur", "visio"]
    assert len(copy.opening_hours) == 5


def _titles(**query) -> list[str]:
    return [o.title for o in services.search_offers(services.OfferQuery(**query)).items]


def test_search_ignores_accents_and_case_and_looks_at_tags_category_and_owner(
        pole, published_room):
    assert _titles(q="reunion") == [published_room.title]
    assert _titles(q="VISIO") == [published_room.title]
    assert _titles(q="remise") == [published_room.title]  # the owner's name
    assert _titles(q="salle reunion belledonne") == [published_room.title]
    assert _titles(q="cuisine") == []


def test_search_shows_published_offers_only_and_filters(pole, published_room):
    services.create_offer(pole.b_member, pole.org_b.id, van())  # a draft
    assert _titles() == [published_room.title]
    van_offer = services.create_offer(pole.b_member, pole.org_b.id, van())
    services.change_status(pole.b_member, van_offer.id, OfferStatus.PUBLISHED)
    assert _titles(kind=OfferKind.TOOL) == ["Camion 12 m³"]
    assert _titles(min_capacity=21) == []
    assert _titles(min_capacity=20) == [published_room.title]
    assert _titles(min_quantity=1) == ["Camion 12 m³"]
    assert _titles(step_free=True) == [published_room.title]
    assert _titles(domain="culture") == ["Camion 12 m³"]
    assert _titles(member_id=pole.org_a.id) == [published_room.title]
    assert _titles(sort="name") == ["Camion 12 m³", published_room.title]


def test_available_during_uses_opening_hours_and_closures(pole, published_room):
    def paris(*args):
        return datetime(*args, tzinfo=PARIS).astimezone(UTC)

    monday = dict(available_from=paris(2026, 6, 1, 10), available_to=paris(2026, 6, 1, 12))
    assert _titles(**monday) == [published_room.title]
    assert _titles(available_from=paris(2026, 6, 6, 10), available_to=paris(2026, 6, 6, 12)) \
        == []  # a Saturday
    services.add_closure(pole.a_member, published_room.id, paris(2026, 6, 1, 0),
                         paris(2026, 6, 2, 0), "Peinture")
    assert _titles(**monday) == []
    with pytest.raises(InvalidInput):
        _titles(available_from=paris(2026, 6, 1, 12), available_to=paris(2026, 6, 1, 10))


def _paris(*args):
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


@pytest.mark.parametrize("start, end, found", [
    # Tools leave with the borrower: open at pick-up and at return is enough.
    (_paris(2026, 6, 1, 10), _paris(2026, 6, 3, 12), ["Camion 12 m³"]),
    (_paris(2026, 6, 5, 17), _paris(2026, 6, 8, 9), ["Camion 12 m³"]),  # over a weekend
    (_paris(2026, 6, 5, 17), _paris(2026, 6, 6, 10), []),  # returned on a Saturday
    (_paris(2026, 6, 5, 19), _paris(2026, 6, 8, 10), []),  # picked up after closing
    (_paris(2026, 6, 1, 18), _paris(2026, 6, 2, 10), []),  # picked up as the shop closes
    (_paris(2026, 6, 1, 10), _paris(2026, 6, 2, 18), ["Camion 12 m³"]),  # returned then
    # A room is used on the spot: one opening slot must hold the whole range.
    (_paris(2026, 6, 1, 9), _paris(2026, 6, 1, 18),
     ["Camion 12 m³", "Salle de réunion « Belledonne »"]),
    (_paris(2026, 6, 1, 17), _paris(2026, 6, 2, 10), ["Camion 12 m³"]),
])
def test_available_during_several_days(pole, published_room, start, end, found):
    van_offer = services.create_offer(pole.b_member, pole.org_b.id, van())
    services.change_status(pole.b_member, van_offer.id, OfferStatus.PUBLISHED)
    assert sorted(_titles(available_from=start, available_to=end)) == found


def test_slots_that_follow_each_other_hold_a_period_across_them(pole):
    """As the booking rules read them: 8:00–12:00 then 12:00–20:00 is open at noon."""
    following = [WeeklySlot(0, time(8), time(12)), WeeklySlot(0, time(12), time(20))]
    apart = [WeeklySlot(0, time(8), time(12)), WeeklySlot(0, time(14), time(20))]
    for title, slots in (("Salle continue", following), ("Salle coupée", apart)):
        offer = services.create_offer(pole.a_member, pole.org_a.id,
                                      room(title=title, opening_hours=slots))
        services.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)
    assert _titles(available_from=_paris(2026, 6, 1, 11),
                   available_to=_paris(2026, 6, 1, 13)) == ["Salle continue"]
    assert sorted(_titles(available_from=_paris(2026, 6, 1, 9),
                          available_to=_paris(2026, 6, 1, 12))) == ["Salle continue",
                                                                     "Salle coupée"]


def test_a_tool_comes_back_at_midnight_to_a_shop_open_then(pole):
    always = [WeeklySlot(d, time(0), time(23, 59)) for d in range(7)]
    van_offer = services.create_offer(pole.b_member, pole.org_b.id, van(opening_hours=always))
    services.change_status(pole.b_member, van_offer.id, OfferStatus.PUBLISHED)
    assert _titles(available_from=_paris(2026, 6, 1, 10),
                   available_to=_paris(2026, 6, 2, 0)) == ["Camion 12 m³"]


def test_a_closure_during_a_loan_hides_the_tool(pole):
    van_offer = services.create_offer(pole.b_member, pole.org_b.id, van())
    services.change_status(pole.b_member, van_offer.id, OfferStatus.PUBLISHED)
    services.add_closure(pole.b_member, van_offer.id, _paris(2026, 6, 2, 0),
                         _paris(2026, 6, 3, 0), "Contrôle technique")
    assert _titles(available_from=_paris(2026, 6, 1, 10),
                   available_to=_paris(2026, 6, 4, 10)) == []


def test_the_valuation_grid_is_dated_and_categories_may_have_their_own_rate(pole):
    room_category = _category(OfferKind.PREMISES, "Salle de réunion")
    services.set_rate(pole.cell, OfferKind.PREMISES, None, Unit.HOUR, Decimal("10"),
                      date(2025, 1, 1))
    services.set_rate(pole.cell, OfferKind.PREMISES, None, Unit.HOUR, Decimal("12"),
                      date(2026, 1, 1))
    services.set_rate(pole.cell, OfferKind.PREMISES, room_category.id, Unit.HOUR,
                      Decimal("15"), date(2026, 6, 1))
    offer = services.create_offer(pole.a_member, pole.org_a.id, room())
    assert services.value_per_unit(offer, date(2024, 12, 31)) is None
    assert services.value_per_unit(offer, date(2025, 6, 1)) == Decimal("10")
    assert services.value_per_unit(offer, date(2026, 3, 1)) == Decimal("12")
    assert services.value_per_unit(offer, date(2026, 6, 1)) == Decimal("15")
    offer.value_per_unit = Decimal("7.50")
    assert services.value_per_unit(offer, date(2026, 6, 1)) == Decimal("7.50")
    grid = services.valuation_grid(date(2026, 7, 1))
    assert [(k, c.name if c else None, r.value) for k, c, r in grid] == [
        (OfferKind.PREMISES, None, Decimal("12")),
        (OfferKind.PREMISES, "Salle de réunion", Decimal("15"))]


def test_only_the_cell_sets_rates_and_categories(pole):
    with pytest.raises(Forbidden):
        services.set_rate(pole.a_admin, OfferKind.SKILL, None, Unit.HOUR, Decimal("1"),
                          date(2026, 1, 1))
    with pytest.raises(Forbidden):
        services.create_category(pole.a_admin, OfferKind.TOOL, "Vélos cargos")
    category = services.create_category(pole.cell, OfferKind.TOOL, "Vélos cargos")
    assert category.name_key == "velos cargos"
    with pytest.raises(Conflict):
        services.create_category(pole.cell, OfferKind.TOOL, "Vélos cargos")


@pytest.mark.parametrize("words", ["local", "locaux", "Salle", "salles", "room", "premises"])
def test_the_name_of_a_kind_finds_its_offers(pole, words):
    """« locaux » finds a room whose text never says it, and nothing of the other kinds; no
    word is required: a search naming two things finds both."""
    hall = services.create_offer(pole.a_member, pole.org_a.id, room(
        title="Le Grenier", description="Sous les toits.", tags=[],
        category_id=_category(OfferKind.PREMISES, "Bureau").id))
    services.change_status(pole.a_member, hall.id, OfferStatus.PUBLISHED)
    truck = services.create_offer(pole.b_member, pole.org_b.id, van())
    services.change_status(pole.b_member, truck.id, OfferStatus.PUBLISHED)
    assert _titles(q=words) == ["Le Grenier"]
    assert _titles(q=f"{words} grenier") == ["Le Grenier"]
    assert sorted(_titles(q=f"{words} camion")) == ["Camion 12 m³", "Le Grenier"]


@pytest.mark.parametrize("words, kind", [
    ("outils", OfferKind.TOOL), ("matériel", OfferKind.TOOL), ("tools", OfferKind.TOOL),
    ("compétence", OfferKind.SKILL), ("competences", OfferKind.SKILL),
    ("skills", OfferKind.SKILL), ("locaux", OfferKind.PREMISES)])
def test_each_kind_answers_to_its_names(words, kind):
    from pooling.db import search_key

    assert services.kinds_named(search_key(words)) == [kind]
    assert services.kinds_named("lo") == []  # whole words only
