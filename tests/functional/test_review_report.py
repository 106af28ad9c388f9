"""The annual reports and an organisation's own review: the figures a reader relies on, worked
out by hand on a small pole, in French and in English, their PDF, and who may read them.

The pole of 2025 (the year before, 2024, beside it):
- members: the cell and A (associations), B (SCIC), all since 2020: 2 of 3 are associations,
  « 67 % ».
- exchanges of skills, valued 40 an hour: A gave B 1 hour on 1 June 2024 (strategic); in 2025
  A gave B 3 hours on 10 March (strategic, 120) and B gave the cell 2 hours on 5 May (paid,
  commercial, 80).
  Partners in 2025: A {B}, B {A, cell}, cell {B}: (1 + 2 + 1) / 3 = 1.33, « 1,3 ».
  In 2024: A {B}, B {A}, the cell none: 2 / 3 = 0.67, « 0,7 ».
  A and B exchanged in 2024 already: the one new partnership of 2025 is B and the cell.
  Commercial: 1 of 2 exchanges, « 50 % ».
- bookings: B booked A's room on 3 March 2025 from 9:00 to 13:00 (4 hours) and on 7 April
  from 14:00 to 17:00 (3 hours), both completed: 7 hours of rooms. A booked B's accounting
  on 5 February 2025 from 14:00 to 16:00, completed: 2 hours of expertise. The cell's
  trailer, in the catalogue since January 2025, was never booked: dormant.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from pooling.bookings.models import BookingStatus
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import OfferKind, Unit
from pooling.ledger import services as ledger
from pooling.ledger.models import Cooperation, ExchangeUnit
from pooling.review.member_review import review
from pooling.review.report import year_period
from tests.review_pole import book, offer

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = [WeeklySlot(d, time(9), time(18)) for d in range(5)]


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), PARIS).astimezone(UTC)


def exchange(provider, beneficiary, hours: int, day: date,
             cooperation: Cooperation = Cooperation.STRATEGIC) -> None:
    """A skill given by the provider's admin, confirmed by the beneficiary's."""
    declared = ledger.declare(provider, ledger.Declaration(
        provider_id=provider.member_id, beneficiary_id=beneficiary.member_id,
        kind=OfferKind.SKILL, quantity=Decimal(hours), unit=ExchangeUnit.HOUR,
        occurred_on=day, description="Un coup de main", cooperation=cooperation))
    ledger.confirm(beneficiary, declared.id)


@pytest.fixture
def year_pole(pole):
    catalogue.set_rate(pole.cell, OfferKind.SKILL, None, Unit.HOUR, Decimal("40"),
                       date(2024, 1, 1))
    exchange(pole.a_admin, pole.b_admin, 1, date(2024, 6, 1))
    exchange(pole.a_admin, pole.b_admin, 3, date(2025, 3, 10))
    exchange(pole.b_admin, pole.cell, 2, date(2025, 5, 5), Cooperation.COMMERCIAL)
    room = offer(pole.a_admin, pole.org_a, OfferKind.PREMISES, "Salle Jaurès", WEEKDAYS,
                 at(date(2024, 1, 8), 9), capacity=12)
    skill = offer(pole.b_admin, pole.org_b, OfferKind.SKILL, "Comptabilité", WEEKDAYS,
                  at(date(2024, 1, 8), 9))
    offer(pole.cell, pole.cell_org, OfferKind.TOOL, "Remorque", WEEKDAYS,
          at(date(2025, 1, 6), 9), quantity=1)
    done = BookingStatus.COMPLETED
    book(room, pole.org_b, pole.b_member, at(date(2025, 3, 3), 9), at(date(2025, 3, 3), 13),
         done)
    book(room, pole.org_b, pole.b_member, at(date(2025, 4, 7), 14), at(date(2025, 4, 7), 17),
         done)
    book(skill, pole.org_a, pole.a_member, at(date(2025, 2, 5), 14),
         at(date(2025, 2, 5), 16), done)
    return pole


def text(response) -> str:
    """The page's text with its non-breaking spaces as plain ones (Babel puts them in
    numbers: « 1 240 », « 67 % »)."""
    return " ".join(html.unescape(response.get_data(as_text=True)).replace("\u202f", " ")
                    .replace("\u00a0", " ").split())


def test_the_annual_report_says_the_year_in_the_surveys_terms_in_french(client, login_as,
                                                                       year_pole):
    login_as(year_pole.cell)
    page = client.get("/review/report?year=2025")
    assert page.status_code == 200
    body = text(page)
    assert "Rapport annuel 2025" in body
    assert "67 % de nos membres sont des associations" in body
    assert "chaque membre coopère en moyenne avec 1,3 autres structures" in body
    assert "2024 : 0,7" in body
    assert "7 heures de salle et 2 heures d'expertise mutualisées" in body
    assert "1 nouvelle partenariat" in body or "1 nouveau partenariat" in body
    assert "50 % des échanges étaient commerciaux" in body
    assert "Remorque" in body  # the dormant trailer is named
    assert "data-print" in body  # the Print button


def test_the_annual_report_speaks_english_when_the_interface_does(client, login_as, year_pole,
                                                                  english):
    login_as(year_pole.cell)
    body = text(client.get("/review/report?year=2025"))
    assert "Annual report 2025" in body
    assert "67 % of our members are associations" in body
    assert "each member cooperates on average with 1.3 other organisations" in body
    assert "7 hours of rooms and 2 hours of expertise pooled" in body


def test_the_annual_report_as_a_pdf(client, login_as, year_pole):
    login_as(year_pole.cell)
    response = client.get("/review/report.pdf?year=2025")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_a_year_that_makes_no_sense_is_explained(client, login_as, pole):
    login_as(pole.cell)
    for year in ("deux-mille", "1999", "2999", "²⁰²⁵", "99999999999999999999"):
        response = client.get(f"/review/report?year={year}")
        assert response.status_code == 422
        assert "Donnez une année entre 2000 et" in text(response)


def test_an_organisation_reviews_its_own_period(client, login_as, year_pole):
    login_as(year_pole.b_member)
    page = client.get("/review/member?from=2025-01-01&to=2025-12-31")
    assert page.status_code == 200
    body = text(page)
    assert "Théâtre du Réel" in body
    # B received 3 hours from A (120) and gave the cell 2 hours (80).
    assert "120,00" in body and "80,00" in body
    # Its partners: A (known since 2024) and the cell, new this year.
    assert body.count(">nouveau<") == 1 or body.count("nouveau</span>") == 1
    assert "Coopér'Actions" in body and "Ressourcerie La Remise" in body
    # Its accounting was booked once, for 2 hours; it booked the room twice, 7 hours.
    assert "Comptabilité" in body
    assert 'name="member"' not in body


def test_an_organisations_figures_for_the_year(year_pole):
    b = review(year_pole.org_b, year_period(2025))
    # Partners: A (known since 2024) and the cell (new); 120 received from A, 80 given.
    assert [(p.name, p.new) for p in b.partners] == [("Coopér'Actions", True),
                                                     ("Ressourcerie La Remise", False)]
    assert (b.statement.given_value, b.statement.received_value) == (80, 120)
    # B booked A's room twice (4 + 3 = 7 hours); A booked B's accounting once (2 hours).
    assert (b.booked_made, b.booked_received) == (2, 1)
    assert [(c.kind, c.booked, c.hours, c.organisations) for c in b.made if c.booked] == [
        (OfferKind.PREMISES, 2, 7.0, 1)]
    assert b.hours_given(OfferKind.SKILL) == 2.0 and not b.dormant
    cell = review(year_pole.cell_org, year_period(2025))
    assert [o.title for o in cell.dormant] == ["Remorque"]
    assert review(year_pole.org_b, year_period(2024)).new_partners == 1  # A, that year


def test_an_organisation_has_its_yearly_summary_and_its_pdf(client, login_as, year_pole):
    login_as(year_pole.a_member)
    body = text(client.get("/review/member/report?year=2025"))
    assert "Ressourcerie La Remise" in body and "2025" in body
    # A gave B 3 hours worth 120 in 2025, 40 in 2024; its room was booked 7 hours.
    assert "120" in body and "7 heures" in body
    response = client.get("/review/member/report.pdf?year=2025")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")


def test_the_cell_reads_any_organisations_review(client, login_as, year_pole):
    login_as(year_pole.cell)
    org_b = year_pole.org_b.id
    page = text(client.get(f"/review/member?member={org_b}"))
    assert "Théâtre du Réel" in page
    # The cell chooses among every organisation; a member sees only its own (below).
    assert f'<option value="{org_b}" selected>Théâtre du Réel</option>' in page
    assert client.get(f"/review/member/report?member={org_b}&year=2025").status_code == 200
    assert client.get("/review/member?member=99999").status_code == 404
    for bad in ("B", "²", "99999999999999999999"):
        assert client.get(f"/review/member?member={bad}").status_code == 422


@pytest.mark.parametrize("path", ["/review/report", "/review/report.pdf?year=2025"])
@pytest.mark.parametrize("who", ["a_member", "a_admin", "b_member"])
def test_members_are_refused_the_pole_report(client, login_as, pole, who, path):
    login_as(getattr(pole, who))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/review/member", "/review/member/report",
                                  "/review/member/report.pdf"])
def test_a_member_sees_no_other_organisations_review(client, login_as, pole, path):
    login_as(pole.a_admin)
    assert client.get(f"{path}?member={pole.org_b.id}").status_code == 403
    assert client.get(f"{path}?member={pole.org_a.id}").status_code == 200


@pytest.mark.parametrize("path", ["/review/report", "/review/report.pdf", "/review/member",
                                  "/review/member/report", "/review/member/report.pdf"])
def test_a_visitor_is_asked_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_period_that_makes_no_sense_is_explained_on_the_members_review(client, login_as,
                                                                         pole):
    login_as(pole.a_member)
    response = client.get("/review/member?from=2026-05-01&to=2026-04-01")
    assert response.status_code == 400
    assert "La période doit finir après son début" in text(response)


@pytest.mark.parametrize("url", ["/review/member", "/review/member/report"])
@pytest.mark.parametrize("member", ["abc", "-1", "1.5", "٣", "99999999999"])
def test_an_organisation_asked_wrongly_is_explained(client, login_as, pole, url, member):
    login_as(pole.cell)
    response = client.get(f"{url}?member={member}")
    assert response.status_code == 422
    assert "nombre entier" in text(response)
