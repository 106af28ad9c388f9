"""The catalogue's pages: who may do what, forms, search and bad input."""

from datetime import time

import pytest
import sqlalchemy as sa

from pooling.catalogue import photos, services
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, Closure, Offer, OfferKind, OfferStatus
from pooling.extensions import db
from tests.conftest import fresh, snapshot


def _category(kind: str, name: str) -> Category:
    return db.session.scalars(sa.select(Category).where(
        Category.kind == OfferKind(kind), Category.name == name)).one()


def _room_data(**overrides) -> services.OfferData:
    data = dict(kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12,
                category_id=_category("premises", "Salle de réunion").id,
                description="Salle claire au rez-de-chaussée.", tags=["visio"],
                opening_hours=[WeeklySlot(d, time(9), time(18)) for d in range(5)])
    data.update(overrides)
    return services.OfferData(**data)


@pytest.fixture
def offers(pole):
    """A published room and a draft van of organisation A, with a closure on the room."""
    from datetime import UTC, datetime

    room = services.create_offer(pole.a_member, pole.org_a.id, _room_data())
    services.change_status(pole.a_member, room.id, OfferStatus.PUBLISHED)
    van = services.create_offer(pole.a_member, pole.org_a.id, services.OfferData(
        kind=OfferKind.TOOL, title="Camion", quantity=1,
        category_id=_category("tool", "Véhicule").id))
    closure = services.add_closure(pole.a_member, room.id, datetime(2030, 1, 1, tzinfo=UTC),
                                   datetime(2030, 1, 8, tzinfo=UTC), "Travaux")
    photo = photos.add_photo(pole.a_member, room.id, picture())
    return {"room": room.id, "draft": van.id, "closure": closure.id, "photo": photo.id,
            "photo_file": photo.filename}


def picture(fmt: str = "PNG", size=(400, 300)) -> bytes:
    """A real picture, made with Pillow."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (31, 95, 74)).save(out, fmt)
    return out.getvalue()


def _room_form(**overrides) -> dict:
    form = {"title": "Salle Chartreuse", "category_id": str(
        _category("premises", "Salle de réunion").id), "description": "Pour 10 personnes.",
            "tags": "visio, Projecteur", "booking_policy": "automatic", "unit": "hour",
            "min_duration_minutes": "60", "min_notice_minutes": "0", "buffer_minutes": "15",
            "capacity": "10",
            "opening_hours-0-opens_1": "09:00", "opening_hours-0-closes_1": "12:00",
            "opening_hours-0-opens_2": "14:00", "opening_hours-0-closes_2": "18:00"}
    form.update(overrides)
    return form


OWNERS = {"member", "cell"}  # a member of organisation A, and the cell
EVERYONE = {"member", "other", "cell"}

ROUTES = [
    # method, path, who may, status when allowed, form
    ("GET", "/offers/", EVERYONE, 200, None),
    ("GET", "/offers/{room}", EVERYONE, 200, None),
    ("GET", "/offers/{draft}", OWNERS, 200, None),
    ("GET", "/offers/{room}/calendar.json?start=2026-06-01&end=2026-06-08", EVERYONE, 200, None),
    ("GET", "/offers/{draft}/calendar.json?start=2026-06-01&end=2026-06-08", OWNERS, 200, None),
    ("GET", "/offers/mine", EVERYONE, 200, None),
    ("GET", "/offers/{room}/matching-needs.json", OWNERS, 200, None),
    ("GET", "/offers/new/premises", EVERYONE, 200, None),
    ("POST", "/offers/new/premises", EVERYONE, 302, "room"),
    ("GET", "/offers/{room}/edit", OWNERS, 200, None),
    ("POST", "/offers/{room}/edit", OWNERS, 302, "room"),
    ("POST", "/offers/{room}/status", OWNERS, 302, {"status": "archived"}),
    ("POST", "/offers/{room}/duplicate", OWNERS, 302, {}),
    ("POST", "/offers/{room}/closures", OWNERS, 302,
     {"starts_on": "2031-08-01", "ends_on": "2031-08-15", "reason": "Congés"}),
    ("POST", "/offers/{room}/closures/{closure}/delete", OWNERS, 302, {}),
    ("POST", "/offers/{room}/photos", OWNERS, 302, "photo"),
    ("POST", "/offers/{room}/photos/{photo}/delete", OWNERS, 302, {}),
    ("GET", "/offers/photos/{photo_file}", EVERYONE, 200, None),
    ("GET", "/offers/import", {"cell"}, 200, None),
    ("POST", "/offers/import", {"cell"}, 302, "csv"),
    ("GET", "/offers/categories", {"cell"}, 200, None),
    ("POST", "/offers/categories", {"cell"}, 302, {"kind": "tool", "name": "Vélos"}),
    ("GET", "/offers/valuation", EVERYONE, 200, None),
    ("POST", "/offers/valuation", {"cell"}, 302,
     {"kind": "skill", "category_id": "0", "unit": "hour", "value": "25",
      "valid_from": "2026-01-01"}),
]


@pytest.mark.parametrize("actor", ["anonymous", "member", "other", "cell"])
@pytest.mark.parametrize("method, path, allowed, ok, form", ROUTES,
                         ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_catalogue_route_permissions(client, login_as, pole, offers, actor, method, path,
                                     allowed, ok, form):
    user = {"member": pole.a_member, "other": pole.b_admin, "cell": pole.cell}.get(actor)
    if user:
        login_as(user)
    url = path.format(**offers)
    if form == "photo":
        import io

        form = {"photo": (io.BytesIO(picture()), "salle.png")}
    data = {"room": _room_form(), "csv": _csv_confirmation(pole)}.get(form, form) \
        if isinstance(form, str) else form
    before = snapshot()
    response = client.open(url, method=method, data=data)
    if user is None:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif actor in allowed:
        assert response.status_code == ok, response.get_data(as_text=True)[:2000]
        assert (snapshot() != before) == (method == "POST")
        return
    elif path.startswith("/offers/{draft}"):
        assert response.status_code == 404  # another organisation's draft does not exist
    else:
        assert response.status_code == 403
    assert snapshot() == before


def test_every_catalogue_route_is_in_the_matrix(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/offers")}
    matrix = {p.replace("{room}", "<int:offer_id>").replace("{draft}", "<int:offer_id>")
              .replace("{closure}", "<int:closure_id>").replace("premises", "<kind>")
              .replace("{photo}", "<int:photo_id>").replace("{photo_file}", "<filename>")
              .split("?")[0] for _m, p, *_rest in ROUTES}
    assert rules == matrix


def test_a_member_creates_a_room_with_hours_and_tags(client, login_as, pole):
    login_as(pole.a_member)
    response = client.post("/offers/new/premises", data=_room_form())
    assert response.status_code == 302
    offer = db.session.scalars(sa.select(Offer)).one()
    assert (offer.member_id, offer.kind, offer.status, offer.capacity) == (
        pole.org_a.id, OfferKind.PREMISES, OfferStatus.DRAFT, 10)
    assert [(h.weekday, h.opens_at, h.closes_at) for h in offer.opening_hours] == [
        (0, time(9), time(12)), (0, time(14), time(18))]
    assert services.tags_of(offer.id) == ["projecteur", "visio"]
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "Salle Chartreuse" in page and "09:00–12:00, 14:00–18:00" in page


@pytest.mark.parametrize("overrides, message", [
    ({"capacity": "0"}, "At least 1."),
    ({"capacity": "-3"}, "At least 1."),
    ({"title": ""}, "This field is required."),
    ({"title": "x" * 300}, "200"),
    ({"opening_hours-0-opens_1": "18:00", "opening_hours-0-closes_1": "09:00"},
     "Check the opening hours"),
    ({"opening_hours-0-closes_1": ""}, "Give both the opening and the closing time"),
    ({"opening_hours-0-opens_1": "25:99"}, "Check the opening hours"),
    ({"category_id": "999999"}, "Not a valid choice"),
    ({"min_duration_minutes": "120", "max_duration_minutes": "30"},
     "The maximum length cannot be shorter"),
    ({"booking_policy": "whenever"}, "Not a valid choice"),
])
def test_malformed_offer_forms_are_refused_and_change_nothing(client, login_as, pole, english,
                                                               overrides, message):
    login_as(pole.a_member)
    response = client.post("/offers/new/premises", data=_room_form(**overrides))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body
    assert db.session.scalar(sa.select(sa.func.count(Offer.id))) == 0


def test_a_category_of_another_kind_is_refused(client, login_as, pole):
    login_as(pole.a_member)
    vehicle = _category("tool", "Véhicule")
    response = client.post("/offers/new/premises", data=_room_form(category_id=str(vehicle.id)))
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Offer.id))) == 0


def test_an_unknown_kind_is_not_found(client, login_as, pole):
    login_as(pole.a_member)
    assert client.get("/offers/new/spaceship").status_code == 404


def test_titles_are_shown_escaped(client, login_as, pole):
    login_as(pole.a_member)
    client.post("/offers/new/premises", data=_room_form(title="<script>alert(1)</script>"))
    offer = db.session.scalars(sa.select(Offer)).one()
    services.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)
    for url in ("/offers/", f"/offers/{offer.id}", "/offers/mine"):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_catalogue_search_page_filters(client, login_as, pole, offers):
    login_as(pole.b_member)
    assert "Salle Belledonne" in client.get("/offers/?q=belledonne").get_data(as_text=True)
    assert "Salle Belledonne" not in client.get("/offers/?kind=tool").get_data(as_text=True)
    assert "Camion" not in client.get("/offers/").get_data(as_text=True)  # a draft
    monday = client.get("/offers/?day=2026-06-01&start=10:00&end=12:00")
    assert "Salle Belledonne" in monday.get_data(as_text=True)
    sunday = client.get("/offers/?day=2026-06-07&start=10:00&end=12:00")
    assert "Salle Belledonne" not in sunday.get_data(as_text=True)
    two_days = client.get("/offers/?day=2026-06-01&start=10:00&end_day=2026-06-02&end=12:00")
    assert "Salle Belledonne" not in two_days.get_data(as_text=True)  # used on the spot
    backwards = client.get("/offers/?day=2026-06-02&start=10:00&end_day=2026-06-01&end=12:00")
    assert backwards.status_code == 400
    assert client.get("/offers/?min_capacity=-1").status_code == 400
    assert client.get("/offers/?kind=spaceship").status_code == 400


def test_closures_are_recorded_in_local_days(client, login_as, pole, offers):
    login_as(pole.a_member)
    client.post(f"/offers/{offers['room']}/closures", data={
        "starts_on": "2026-10-24", "ends_on": "2026-10-25", "reason": "Congés"})
    closure = db.session.scalars(sa.select(Closure).where(Closure.reason == "Congés")).one()
    # Midnight in Paris: 22:00 UTC in summer time, 23:00 UTC after the change on the 25th.
    assert (closure.starts_at.hour, closure.ends_at.hour) == (22, 23)
    assert (closure.ends_at - closure.starts_at).total_seconds() == 49 * 3600
    bad = client.post(f"/offers/{offers['room']}/closures", data={
        "starts_on": "2026-10-25", "ends_on": "2026-10-20", "reason": "Erreur"})
    assert bad.status_code == 422


def test_the_offer_owner_archives_and_nothing_is_deleted(client, login_as, pole, offers):
    login_as(pole.a_member)
    client.post(f"/offers/{offers['room']}/status", data={"status": "archived"})
    assert fresh(Offer, offers["room"]).status == OfferStatus.ARCHIVED
    assert client.get(f"/offers/{offers['room']}").status_code == 200
    client.post("/logout")
    login_as(pole.b_member)
    assert client.get(f"/offers/{offers['room']}").status_code == 404
    bad = client.post(f"/offers/{offers['room']}/status", data={"status": "published"})
    assert bad.status_code in (403, 404)


def test_the_edit_form_shows_two_slots_a_day(client, login_as, pole):
    slots = [WeeklySlot(d, time(9), time(12)) for d in range(5)] + [
        WeeklySlot(d, time(14), time(18)) for d in range(5)]
    offer = services.create_offer(pole.a_member, pole.org_a.id, _room_data(opening_hours=slots))
    login_as(pole.a_member)
    response = client.get(f"/offers/{offer.id}/edit")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'name="opening_hours-4-opens_2" type="time" value="14:00"' in body
    saved = client.post(f"/offers/{offer.id}/edit", data=_room_form(title="Salle B"))
    assert saved.status_code == 302
    assert fresh(Offer, offer.id).title == "Salle B"


FRENCH_EXCEL = (
    "kind;title;category;description;tags;capacity;surface_m2;quantity;unit;value_per_unit\r\n"
    "premises;Salle des Fêtes;Salle polyvalente;Grande salle;fête|danse;120;250,5;;hour;12,50\r\n"
    "tool;Remorque;Véhicule;;;;;2;day;\r\n"
    "skill;Paie et social;comptabilite et gestion;Bulletins de paie;;;;;hour;\r\n"
).encode("cp1252")


def _csv_confirmation(pole) -> dict:
    import base64

    return {"member": str(pole.org_b.id), "confirm": "1",
            "content": base64.b64encode(FRENCH_EXCEL).decode()}


def test_the_cell_imports_a_french_excel_file_after_a_preview(client, login_as, pole):
    import io

    login_as(pole.cell)
    preview = client.post("/offers/import", data={
        "member": str(pole.org_b.id), "file": (io.BytesIO(FRENCH_EXCEL), "offres.csv")},
        content_type="multipart/form-data")
    assert preview.status_code == 200
    body = preview.get_data(as_text=True)
    assert "Salle des Fêtes" in body and "3 offres sont prêtes" in body
    assert db.session.scalar(sa.select(sa.func.count(Offer.id))) == 0  # nothing yet
    done = client.post("/offers/import", data=_csv_confirmation(pole))
    assert done.status_code == 302
    offers = {o.title: o for o in db.session.scalars(sa.select(Offer))}
    assert set(offers) == {"Salle des Fêtes", "Remorque", "Paie et social"}
    hall = offers["Salle des Fêtes"]
    assert (hall.member_id, hall.status, hall.capacity) == (pole.org_b.id, OfferStatus.DRAFT, 120)
    assert (str(hall.surface_m2), str(hall.value_per_unit)) == ("250.5", "12.50")
    assert services.tags_of(hall.id) == ["danse", "fête"]
    assert len(hall.opening_hours) == 5


def test_one_wrong_row_imports_nothing_and_says_which(client, login_as, pole, english):
    import base64
    import io

    bad = FRENCH_EXCEL + "premises;Nulle;Bureau;;;0;;;;\r\ntool;Vélo;Inconnue;;;;;1;;\r\n" \
        .encode("cp1252")
    login_as(pole.cell)
    preview = client.post("/offers/import", data={
        "member": str(pole.org_b.id), "file": (io.BytesIO(bad), "offres.csv")},
        content_type="multipart/form-data")
    assert preview.status_code == 422
    body = preview.get_data(as_text=True)
    assert "The capacity is at least 1 person" in body and "Unknown category" in body
    forced = client.post("/offers/import", data={
        "member": str(pole.org_b.id), "confirm": "1",
        "content": base64.b64encode(bad).decode()})
    assert forced.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Offer.id))) == 0


@pytest.mark.parametrize("content", [
    b"title;category\r\nSalle;Bureau\r\n",  # no kind column
    b"",
    b"\x00\x01\x02" * 10,
])
def test_unreadable_files_are_refused(client, login_as, pole, content):
    import io

    login_as(pole.cell)
    response = client.post("/offers/import", data={
        "member": str(pole.org_b.id), "file": (io.BytesIO(content), "offres.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Offer.id))) == 0


def test_photos_are_re_encoded_resized_and_stripped(client, login_as, pole, offers, app):
    import io

    from PIL import Image

    from pooling.catalogue.models import OfferPhoto

    login_as(pole.a_member)
    response = client.post(f"/offers/{offers['room']}/photos",
                           data={"photo": (io.BytesIO(picture("GIF", (800, 600))), "a.gif")})
    assert response.status_code == 302
    photo = db.session.scalars(sa.select(OfferPhoto).order_by(OfferPhoto.id.desc())).first()
    served = client.get(f"/offers/photos/{photo.filename}")
    assert served.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(served.data)) as image:
        assert (image.format, image.size) == ("JPEG", (800, 600))
    big = photos.add_photo(pole.a_member, offers["room"], picture(size=(2400, 1200)))
    assert (big.width, big.height) == (1600, 800)  # resized to 1600 on its longer side


@pytest.mark.parametrize("content, name", [
    (b"<script>alert(1)</script>", "photo.png"),
    (b"GIF89a" + b"\x00" * 20, "photo.gif"),
    (b"%PDF-1.4 not a picture", "photo.jpg"),
])
def test_non_pictures_and_oversized_files_are_refused(client, login_as, pole, offers,
                                                      english, content, name):
    import io

    login_as(pole.a_member)
    before = snapshot()
    response = client.post(f"/offers/{offers['room']}/photos",
                           data={"photo": (io.BytesIO(content), name)})
    assert response.status_code == 422
    assert "picture" in response.get_data(as_text=True) or "large" in \
        response.get_data(as_text=True)
    assert snapshot() == before


def test_oversized_photos_are_refused(pole, offers):
    # Through the service: the test client spools a 5 MB body to a file it never closes.
    from pooling.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        photos.add_photo(pole.a_member, offers["room"], b"x" * (photos.MAX_BYTES + 1))
    assert "photo" in refused.value.fields


def test_photos_of_a_draft_are_hidden_from_other_organisations(client, login_as, pole,
                                                               offers):
    photo = photos.add_photo(pole.a_member, offers["draft"], picture())
    login_as(pole.b_member)
    assert client.get(f"/offers/photos/{photo.filename}").status_code == 404


def test_the_week_calendar_keeps_local_hours_across_the_autumn_change(client, login_as, pole,
                                                                       offers):
    login_as(pole.b_member)
    # The clocks go back on Sunday 25 October 2026: 09:00 stays 09:00 on both sides.
    events = client.get(f"/offers/{offers['room']}/calendar.json"
                        "?start=2026-10-19T00:00:00&end=2026-11-02T00:00:00").get_json()
    open_slots = [(e["start"], e["end"]) for e in events if e.get("groupId") == "open"]
    assert open_slots[0] == ("2026-10-19T09:00", "2026-10-19T18:00")
    assert ("2026-10-23T09:00", "2026-10-23T18:00") in open_slots
    assert ("2026-10-26T09:00", "2026-10-26T18:00") in open_slots
    assert len(open_slots) == 10  # weekdays only


def test_the_week_calendar_shows_closures_with_their_reason(client, login_as, pole, offers):
    login_as(pole.b_member)
    events = client.get(f"/offers/{offers['room']}/calendar.json"
                        "?start=2029-12-31&end=2030-01-07").get_json()
    closures = [e for e in events if "closure" in e.get("classNames", [])]
    assert [c["title"] for c in closures] == ["Fermé : Travaux"]
    assert closures[0]["start"] == "2030-01-01T01:00"  # midnight UTC, one in Paris


@pytest.mark.parametrize("query, status", [
    ("start=yesterday&end=2026-06-08", 422),
    ("end=2026-06-08", 422),
    ("start=2026-06-08&end=2026-06-01", 422),
    ("start=2026-01-01&end=2026-12-31", 422),
])
def test_the_week_calendar_refuses_bad_periods_in_json(client, login_as, pole, offers, query,
                                                       status):
    login_as(pole.b_member)
    response = client.get(f"/offers/{offers['room']}/calendar.json?{query}")
    assert response.status_code == status
    assert response.get_json()["error"]["message"]
