"""The review of usage is the animation cell's: members see it refused, visitors sign in."""

from datetime import date

import pytest

from pooling.ledger.statements import Period


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get("/review/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["a_member", "a_admin", "b_member"])
def test_members_are_refused_the_review(client, login_as, pole, who):
    login_as(getattr(pole, who))
    assert client.get("/review/").status_code == 403


def test_the_cell_reviews_a_period_beside_the_one_before(client, login_as, pole):
    login_as(pole.cell)
    page = client.get("/review/?from=2026-01-01&to=2026-06-30")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "1 juillet 2025" in text and "31 décembre 2025" in text  # the half-year before


def test_a_period_that_makes_no_sense_is_explained(client, login_as, pole):
    login_as(pole.cell)
    response = client.get("/review/?from=2026-05-01&to=2026-04-01")
    assert response.status_code == 400
    assert "La période doit finir après son début" in response.get_data(as_text=True)


def test_the_previous_period_has_the_same_length():
    assert Period(date(2026, 1, 1), date(2026, 12, 31)).previous() == \
        Period(date(2025, 1, 1), date(2025, 12, 31))
    assert Period(date(2024, 3, 1), date(2024, 3, 31)).previous() == \
        Period(date(2024, 2, 1), date(2024, 2, 29))
    assert Period(date(2026, 3, 10), date(2026, 3, 19)).previous() == \
        Period(date(2026, 2, 28), date(2026, 3, 9))
