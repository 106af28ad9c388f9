"""The review's members and usage sections, their CSV exports and the lists of bookings
behind their figures: for the animation cell only."""

import csv
import io
from dataclasses import replace

import pytest

from pooling.bookings.models import BookingStatus
from pooling.extensions import db
from pooling.ledger.statements import Period
from pooling.members.models import Member
from pooling.review import members
from pooling.review.views import section
from tests.review_pole import FEBRUARY, ReviewPole, at, book

FEB = "from=2026-02-01&to=2026-02-28"
PERIOD = Period(*FEBRUARY)


@pytest.fixture
def review(pole, make_member):
    return ReviewPole(pole, make_member)


def test_the_dashboard_shows_members_and_usage_with_links_to_the_bookings(client, login_as,
                                                                           review, pole):
    login_as(pole.cell)
    page = client.get(f"/review/?{FEB}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="members"' in text and 'id="usage"' in text
    assert "Salle Jaurès" in text and "Salle des fêtes" in text  # occupancy, dormant
    # Each incident leads to its bookings.
    for what in ("booked", "no_show", "late_cancel", "declined", "waiting"):
        assert f"what={what}" in text
    assert "/review/members.csv?" in text and "/review/usage.csv?" in text
    # Every chart is drawn from data beside a table.
    assert text.count("data-chart=") >= 5


def test_a_section_drawn_again_only_when_its_figures_change(client, login_as, review, pole):
    """The dashboard keeps each section rendered for its figures: a new booking shows in the
    usage at the next reading, the page is the same in either language, and a section whose
    figures stand is the same markup."""
    login_as(pole.cell)

    def dormant() -> str:
        text = client.get(f"/review/?{FEB}").get_data(as_text=True)
        return text.split('id="usage-dormant"', 1)[1].split("</div>", 1)[0]

    assert "Salle des fêtes" in dormant()
    assert "Salle des fêtes" in dormant()  # read again, from the kept section
    book(review.dormant, pole.org_b, pole.b_member, at(26, 9), at(26, 11),
         BookingStatus.CONFIRMED)
    assert "Salle des fêtes" not in dormant()
    pole.cell.locale = "en"
    db.session.commit()
    assert "Dormant offers" in client.get(f"/review/?{FEB}").get_data(as_text=True)
    pole.cell.locale = "fr"
    db.session.commit()
    assert "Offres dormantes" in client.get(f"/review/?{FEB}").get_data(as_text=True)
    with client.application.test_request_context():
        figures, before = members.figures(PERIOD), members.figures(PERIOD.previous())
        drawn = section("members", PERIOD, figures, before, None)
        assert section("members", PERIOD, figures, before, None) is drawn
        assert section("members", PERIOD, replace(figures), before, None) is not drawn


def test_the_lists_behind_the_figures(client, login_as, review, pole):
    login_as(pole.cell)
    page = client.get(f"/review/bookings?{FEB}&what=late_cancel")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"/bookings/{review.late.id}" in text and f"/bookings/{review.early.id}" not in text
    page = client.get(f"/review/bookings?{FEB}&what=waiting").get_data(as_text=True)
    assert "Demandes en souffrance plus de 3 jours" in page
    assert f"/bookings/{review.waiting.id}" in page and f"/bookings/{review.declined.id}" in page
    page = client.get(f"/review/bookings?{FEB}&what=booked&kind=tool").get_data(as_text=True)
    assert f"/bookings/{review.long_loan.id}" in page
    assert f"/bookings/{review.completed.id}" not in page
    page = client.get(f"/review/bookings?{FEB}&offer={review.room.id}").get_data(as_text=True)
    assert "3 réservations" in page  # 3 Feb, 10 Feb and the no-show of 12 Feb


def test_the_list_pages_its_bookings(client, login_as, review, pole):
    login_as(pole.cell)
    text = client.get(f"/review/bookings?{FEB}&what=booked&page=2").get_data(as_text=True)
    assert "Aucune réservation" in text  # 6 bookings fit on the first page


@pytest.mark.parametrize("query", ["what=everything", "kind=boat", "offer=abc", "member=-1",
                                   "page=0", "from=2026-13-01"])
def test_a_list_asked_wrongly_is_explained(client, login_as, review, pole, query):
    login_as(pole.cell)
    response = client.get(f"/review/bookings?{query}&{FEB}")  # the first value counts
    assert response.status_code == 422
    assert any(words in response.get_data(as_text=True) for words in (
        "Choisissez", "nombre entier", "AAAA-MM-JJ", "YYYY-MM-DD"))


def rows(response, delimiter=",") -> list[list[str]]:
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_the_members_csv(client, login_as, review, pole):
    login_as(pole.cell)
    response = client.get(f"/review/members.csv?{FEB}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = rows(response)
    # February: the cell, A, B and C; January: the cell, A, B and D (who left on 15 Feb).
    assert ["Total", "Membres", "4", "", "4", ""] in table
    # Associations: the cell and A of 4 in February; the cell, A and D of 4 in January.
    assert ["Forme juridique", "Association", "2", "0.5", "3", "0.75"] in table
    french = rows(client.get(f"/review/members.csv?{FEB}&dialect=excel-fr"), ";")
    assert ["Forme juridique", "Association", "2", "0,5", "3", "0,75"] in french


def test_the_usage_csv_neutralises_formulas(client, login_as, review, pole):
    db.session.get(Member, pole.org_a.id).name = "=HYPERLINK(1)"
    db.session.commit()
    login_as(pole.cell)
    table = rows(client.get(f"/review/usage.csv?{FEB}"))
    room = next(r for r in table if r[3] == "Salle Jaurès")
    assert room[4] == "'=HYPERLINK(1)"
    # 3 bookings, 9 h booked of 149 h open: 6.04 %.
    assert room[5:12] == ["3", "9.0", "", "9.0", "149.0", "heures", "0.0604"]
    assert ["Non-présentations", "", "", "", "", "1", "", "", "", "", "", ""] in table


@pytest.mark.parametrize("url", ["/review/", "/review/members.csv", "/review/usage.csv",
                                 "/review/bookings?what=booked"])
@pytest.mark.parametrize("who", ["a_member", "a_admin", "b_admin"])
def test_members_and_other_organisations_are_refused(client, login_as, pole, url, who):
    login_as(getattr(pole, who))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/review/members.csv", "/review/usage.csv",
                                 "/review/bookings"])
def test_a_visitor_is_asked_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_cell_records_when_a_member_left(client, login_as, pole):
    login_as(pole.cell)
    member = pole.org_a
    form = {"name": member.name, "legal_form": "association", "circle": "partner",
            "joined_on": "2020-01-01", "left_on": "2026-02-15", "staff_fte": "3,5"}
    response = client.post(f"/members/{member.id}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert str(db.session.get(Member, member.id).left_on) == "2026-02-15"
    assert "A quitté le pôle le" in client.get(f"/members/{member.id}").get_data(as_text=True)
    form["left_on"] = "2019-01-01"
    response = client.post(f"/members/{member.id}/edit", data=form)
    assert response.status_code == 422
    assert "Une structure part après son adhésion." in response.get_data(as_text=True)
    assert str(db.session.get(Member, member.id).left_on) == "2026-02-15"


def test_the_cell_sets_how_long_a_request_may_wait(client, login_as, pole):
    login_as(pole.cell)
    form = {"name": "Pôle", "unit_name": "crédits", "review_waiting_days": "5"}
    assert client.post("/pole/settings", data=form).status_code == 302
    assert "plus de 5 jours" in client.get("/review/").get_data(as_text=True)
    form["review_waiting_days"] = "0"
    assert client.post("/pole/settings", data=form).status_code == 422
