"""The needs board's pages: post a need in French with a decimal comma, find it, change it
and close it; who may do what, page by page."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.needs import services
from pooling.needs.models import Need, NeedStatus
from tests.conftest import fresh, snapshot

FUTURE = (date.today() + timedelta(days=20)).isoformat()


def _post(user, text="Aide pour la paie de décembre", kind=OfferKind.SKILL, **kw) -> Need:
    return services.create_need(user, services.NeedData(kind=kind, text=text, **kw))


def _form(**overrides) -> dict:
    data = {"kind": "premises", "text": "Une salle pour 12 personnes", "category": "",
            "tags": "formation, jeudi", "from_day": FUTURE, "from_time": "09:00",
            "to_day": FUTURE, "to_time": "17:00", "duration_hours": "2,5", "capacity": "12",
            "quantity": "", "town": "Grenoble", "open_until": ""}
    data.update(overrides)
    return data


def test_a_member_posts_a_need_in_french_with_a_decimal_comma(client, login_as, pole):
    login_as(pole.a_member)
    response = client.post("/needs/new", data=_form())
    assert response.status_code == 302, response.get_data(as_text=True)
    need = db.session.scalar(sa.select(Need))
    assert (need.duration_minutes, need.capacity, need.member_id) == (150, 12, pole.org_a.id)
    assert services.tags_of(need.id) == ["formation", "jeudi"]
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Une salle pour 12 personnes" in page and "2\u00a0h\u00a030" in page
    assert "9\u00a0h–17\u00a0h" in page  # the window in the pole's time


def test_the_board_lists_open_needs_and_filters_them(client, login_as, pole):
    _post(pole.a_member, "Un camion pour un déménagement", OfferKind.TOOL, quantity=1,
          town="Voiron")
    _post(pole.b_member, "Conseil RGPD pour notre fichier d'adhérents")
    closed = _post(pole.b_member, "Une salle de réunion", OfferKind.PREMISES)
    services.close_need(pole.b_member, closed.id, NeedStatus.FULFILLED)
    login_as(pole.a_member)
    board = client.get("/needs/").get_data(as_text=True)
    assert "camion" in board and "RGPD" in board and "Une salle de réunion" not in board
    assert "2 besoins" in board or "2 needs" in board
    found = client.get("/needs/?q=demenagement").get_data(as_text=True)
    assert "camion" in found and "RGPD" not in found
    assert "RGPD" in client.get("/needs/?kind=skill").get_data(as_text=True)
    assert "camion" in client.get("/needs/?town=voiron").get_data(as_text=True)
    ours = client.get("/needs/?ours=y").get_data(as_text=True)
    assert "camion" in ours and "RGPD" not in ours


def test_an_empty_catalogue_search_offers_to_post_it_as_a_need(client, login_as, pole):
    login_as(pole.a_member)
    page = client.get("/offers/?q=professeur+de+FLE&kind=skill").get_data(as_text=True)
    assert "/needs/new?text=professeur+de+FLE&amp;kind=skill" in page
    form = client.get("/needs/new?text=professeur+de+FLE&kind=skill").get_data(as_text=True)
    assert "professeur de FLE</textarea>" in form
    assert '<option selected value="skill">' in form


def test_a_nonexistent_local_time_is_refused_with_its_message(client, login_as, pole):
    login_as(pole.a_member)
    before = snapshot()
    # The clocks go forward at 2:00 on the last Sunday of March.
    response = client.post("/needs/new", data=_form(from_day="2030-03-31", from_time="02:30",
                                                    to_day="2030-03-31", to_time="05:00"))
    assert response.status_code == 422
    assert "02:30" in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize(("change", "message"), [
    ({"text": ""}, "Say what is needed."),
    ({"to_time": "08:00"}, "The window must end after it starts."),
    ({"kind": "tool", "quantity": "0"}, "At least 1."),
    ({"duration_hours": "2,5,1"}, "more than one way"),
])
def test_bad_input_on_the_form_is_refused(client, login_as, pole, english, change, message):
    login_as(pole.a_member)
    before = snapshot()
    response = client.post("/needs/new", data=_form(**change))
    assert response.status_code in (400, 422)
    assert message in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_owner_edits_and_closes_a_need(client, login_as, pole):
    need = _post(pole.a_member)
    login_as(pole.a_admin)
    form = client.get(f"/needs/{need.id}/edit").get_data(as_text=True)
    assert "Aide pour la paie" in form
    response = client.post(f"/needs/{need.id}/edit", data=_form(
        kind="", text="Aide pour la paie de janvier", duration_hours="6", capacity="",
        from_day="", from_time="", to_day="", to_time=""))
    assert response.status_code == 302, response.get_data(as_text=True)
    need = fresh(Need, need.id)
    assert (need.text, need.duration_minutes, need.window_from, need.kind) == (
        "Aide pour la paie de janvier", 360, None, OfferKind.SKILL)
    assert client.post(f"/needs/{need.id}/close", data={"outcome": "fulfilled"}
                       ).status_code == 302
    assert fresh(Need, need.id).status == NeedStatus.FULFILLED
    # Closed, it can no longer be changed.
    assert client.post(f"/needs/{need.id}/close", data={"outcome": "withdrawn"}
                       ).status_code == 409
    # Its closing page leads back to the need, which says how it ended.
    page = client.get(f"/needs/{need.id}/close")
    assert page.status_code == 302 and page.location.endswith(f"/needs/{need.id}")
    assert "déjà clos" in client.get(page.location).get_data(as_text=True)


# --- who may do what ----------------------------------------------------------------

ROUTES = [("GET", "/needs/{id}/edit", None), ("POST", "/needs/{id}/edit", "edit"),
          ("GET", "/needs/{id}/close", None), ("POST", "/needs/{id}/close", "close")]


def _data(kind: str | None) -> dict | None:
    if kind == "edit":
        return _form(kind="", text="Changé", capacity="", from_day="", from_time="",
                     to_day="", to_time="")
    return {"outcome": "withdrawn"} if kind == "close" else None


@pytest.mark.parametrize(("method", "path", "data"), ROUTES)
@pytest.mark.parametrize("actor", ["b_member", "b_admin"])
def test_another_organisation_cannot_edit_or_close(client, login_as, pole, method, path, data,
                                                    actor):
    need = _post(pole.a_member)
    login_as(getattr(pole, actor))
    before = snapshot()
    response = client.open(path.format(id=need.id), method=method, data=_data(data))
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("method", "path", "data"), ROUTES + [("GET", "/needs/{id}", None),
                                                               ("GET", "/needs/", None),
                                                               ("GET", "/needs/new", None),
                                                               ("POST", "/needs/new", "edit")])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, pole, method, path, data):
    need = _post(pole.a_member)
    before = snapshot()
    response = client.open(path.format(id=need.id), method=method, data=_data(data))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert snapshot() == before


@pytest.mark.parametrize(("method", "path", "data"), ROUTES)
@pytest.mark.parametrize("actor", ["a_member", "cell"])
def test_the_organisation_and_the_cell_may_edit_and_close(client, login_as, pole, method, path,
                                                          data, actor):
    need = _post(pole.a_admin)
    login_as(getattr(pole, actor))
    response = client.open(path.format(id=need.id), method=method, data=_data(data))
    assert response.status_code == (302 if method == "POST" else 200), response.get_data(
        as_text=True)


def test_others_see_open_needs_but_not_closed_ones(client, login_as, pole):
    need = _post(pole.a_member)
    login_as(pole.b_member)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Aide pour la paie" in page and f"/needs/{need.id}/edit" not in page
    services.close_need(pole.a_member, need.id, NeedStatus.WITHDRAWN)
    assert client.get(f"/needs/{need.id}").status_code == 404
