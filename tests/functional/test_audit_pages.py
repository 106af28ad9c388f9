"""The audit log's page, its CSV and its API are the animation cell's: search, filters,
pages newest first; members are refused, visitors sign in."""

import csv
import io
from datetime import UTC, datetime

import pytest

from pooling.audit.models import AuditEvent
from pooling.db import search_key
from pooling.extensions import db


@pytest.fixture
def logged(pole):
    """A few events, as the services write them, at known instants (UTC)."""

    def add(at, action, label, actor=None, member=None, object_type=None, **values):
        search = " ".join((action, label, actor.full_name if actor else "",
                           actor.email if actor else ""))
        db.session.add(AuditEvent(
            at=at, action=action, object_type=object_type or action.partition(".")[0],
            object_id=1, object_label=label, member_id=member.id if member else None,
            actor_id=actor.id if actor else None, actor_name=actor.full_name if actor else "",
            actor_email=actor.email if actor else "", search_text=search_key(search),
            before_values=values.get("before"), after_values=values.get("after")))

    # 23:30 UTC on 31 December is already 1 January in Paris.
    add(datetime(2025, 12, 31, 23, 30, tzinfo=UTC), "member.update", "Théâtre du Réel",
        pole.cell, pole.org_b, before='{"city": "Eybens"}', after='{"city": "Grenoble"}')
    add(datetime(2026, 2, 10, 9, tzinfo=UTC), "booking.decline",
        "Salle de réunion · Théâtre du Réel · 2026-02-12 10:00", pole.a_admin, pole.org_b,
        before='{"status": "requested"}', after='{"status": "declined"}')
    add(datetime(2026, 3, 5, 9, tzinfo=UTC), "category.create", "=HYPERLINK(\"x\")",
        pole.cell, after='{"name": "=HYPERLINK(\\"x\\")"}')
    add(datetime(2025, 12, 31, 22, 30, tzinfo=UTC), "settings.update", "Pôle", None)
    db.session.commit()
    return pole


def rows_of(text: str) -> list[str]:
    return [line for line in text.split("<tbody>", 1)[-1].split("</tbody>")[0].split("<tr>")
            if "<td" in line]


# --- who may read it -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/review/audit", "/review/audit.csv"])
def test_a_visitor_is_asked_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["a_member", "a_admin", "b_admin"])
@pytest.mark.parametrize("url", ["/review/audit", "/review/audit.csv?dialect=excel-fr"])
def test_members_and_their_admins_are_refused(client, login_as, logged, who, url):
    login_as(getattr(logged, who))
    response = client.get(url)
    assert response.status_code == 403
    assert "Théâtre du Réel" not in response.get_data(as_text=True)


@pytest.mark.parametrize("who, shown", [("cell", True), ("a_admin", False)])
def test_the_cell_finds_the_log_in_its_menu(client, login_as, pole, who, shown):
    login_as(getattr(pole, who))
    assert ('href="/review/audit"' in client.get("/").get_data(as_text=True)) == shown


# --- search, filters, pages ---------------------------------------------------------------------


def test_newest_first_with_the_values_before_and_after(client, login_as, logged):
    login_as(logged.cell)
    text = client.get("/review/audit").get_data(as_text=True)
    rows = rows_of(text)
    assert len(rows) == 4
    assert "category.create" in rows[0] and "booking.decline" in rows[1]
    assert "member.update" in rows[2] and "settings.update" in rows[3]
    assert "Eybens" in rows[2] and "Grenoble" in rows[2]
    # Codes are shown in the reader's words.
    assert "En attente d&#39;acceptation" in rows[1] and "Refusée" in rows[1]
    assert "Système" in rows[3]  # no actor: the command line
    assert "HYPERLINK" in rows[0] and "<script" not in rows[0]


@pytest.mark.parametrize("query, actions", [
    ("q=theatre", ["booking.decline", "member.update"]),  # accents and capitals aside
    ("q=ALINE+salle", ["booking.decline"]),  # every word, in the actor or the object
    ("q=decline", ["booking.decline"]),
    ("action=member.update", ["member.update"]),
    ("object_type=category", ["category.create"]),
    ("actor={cell}", ["category.create", "member.update"]),
    ("member={b}", ["booking.decline", "member.update"]),
    # The pole's days: 23:30 UTC on 31 December is 1 January in Paris, 22:30 is not.
    ("start=2026-01-01&end=2026-02-10", ["booking.decline", "member.update"]),
    ("end=2025-12-31", ["settings.update"]),
])
def test_search_and_filters(client, login_as, logged, query, actions):
    login_as(logged.cell)
    url = "/review/audit?" + query.format(cell=logged.cell.id, b=logged.org_b.id)
    text = client.get(url).get_data(as_text=True)
    found = [a for row in rows_of(text) for a in
             ("booking.decline", "member.update", "category.create", "settings.update")
             if f">{a}<" in row]
    assert sorted(found) == actions


def test_pages_of_fifty_newest_first(client, login_as, pole):
    for n in range(55):
        db.session.add(AuditEvent(
            at=datetime(2026, 1, 1, tzinfo=UTC).replace(minute=n), action="quota.update",
            object_type="quota", object_id=n, object_label=f"Quota {n:02d}", actor_id=pole.cell.id,
            actor_name="Claire Cell", actor_email="cell@example.org", search_text="quota"))
    db.session.commit()
    login_as(pole.cell)
    first = client.get("/review/audit").get_data(as_text=True)
    second = client.get("/review/audit?page=2").get_data(as_text=True)
    assert len(rows_of(first)) == 50 and len(rows_of(second)) == 5
    assert "Quota 54" in rows_of(first)[0] and "Quota 00" in rows_of(second)[-1]
    assert "(55)" in first


@pytest.mark.parametrize("query", ["start=2026-13-01", "member=abc", "action=nothing.such",
                                   "start=0001-01-01", "start=2026-02-01&end=2026-01-31"])
def test_a_filter_that_makes_no_sense_is_explained(client, login_as, logged, query):
    login_as(logged.cell)
    response = client.get("/review/audit?" + query)
    assert response.status_code == 400
    assert "Certains filtres ne sont pas valides" in response.get_data(as_text=True)
    assert client.get("/review/audit.csv?" + query).status_code in (400, 422)


# --- CSV -----------------------------------------------------------------------------------------


def test_the_csv_has_the_same_filters_and_neutralises_formulas(client, login_as, logged):
    login_as(logged.cell)
    response = client.get("/review/audit.csv?object_type=category")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2  # the header and the one category
    assert rows[1][3] == "category.create" and rows[1][7] == "'=HYPERLINK(\"x\")"
    assert rows[1][0] == "2026-03-05 10:00:00"  # the pole's time
    assert rows[1][1] == "Claire Cell"


def test_the_csv_for_excel_in_french(client, login_as, logged):
    login_as(logged.cell)
    data = client.get(f"/review/audit.csv?dialect=excel-fr&member={logged.org_b.id}").data
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [r[3] for r in rows[1:]] == ["booking.decline", "member.update"]
    assert rows[2][8] == "Théâtre du Réel" and rows[2][9] == '{"city": "Eybens"}'


# --- the page shows what the services recorded ---------------------------------------------


def test_a_change_made_through_the_pages_appears_in_the_log(client, login_as, pole):
    login_as(pole.cell)
    client.post("/pole/settings", data={"name": "Pôle Vercors", "unit_name": "heures"})
    text = client.get("/review/audit?action=settings.update").get_data(as_text=True)
    [row] = rows_of(text)
    assert "Pôle Vercors" in row and "Claire Cell" in row


# --- API -----------------------------------------------------------------------------------------


def test_the_api_gives_the_log_to_the_cell(client, bearer, logged):
    response = client.get(f"/api/v1/audit?member={logged.org_b.id}&per_page=1",
                          headers=bearer(logged.cell))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["total"], body["pages"], body["page"], body["per_page"]) == (2, 2, 1, 1)
    [event] = body["items"]
    assert event["action"] == "booking.decline"
    assert event["actor"] == {"id": logged.a_admin.id, "name": "Aline Admin",
                              "email": "admin.a@example.org"}
    assert event["object"]["type"] == "booking"
    assert (event["before"], event["after"]) == ({"status": "requested"},
                                                 {"status": "declined"})
    found = client.get("/api/v1/audit?q=theatre&from=2026-01-01&to=2026-01-31",
                       headers=bearer(logged.cell)).get_json()
    assert [e["action"] for e in found["items"]] == ["member.update"]


@pytest.mark.parametrize("who", ["a_member", "a_admin", "b_admin"])
def test_the_api_refuses_members(client, bearer, logged, who):
    response = client.get("/api/v1/audit", headers=bearer(getattr(logged, who)))
    assert response.status_code == 403


def test_the_api_asks_for_a_token(client):
    assert client.get("/api/v1/audit").status_code == 401


@pytest.mark.parametrize("query, fields", [
    ("from=yesterday&per_page=500", {"from", "per_page"}),
    ("from=2026-02-01&to=2026-01-31", {"to"}),
])
def test_the_api_explains_bad_filters(client, bearer, logged, query, fields):
    response = client.get(f"/api/v1/audit?{query}", headers=bearer(logged.cell))
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) >= fields
