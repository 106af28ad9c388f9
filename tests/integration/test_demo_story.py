"""The demo pole tells a story the review can show, this year and last: busy rooms, dormant
tools, an isolated member, newcomers, a member who left, new partnerships, members who only
receive; and the review's reports read it."""

import pytest
import sqlalchemy as sa

from pooling.accounts.models import User
from pooling.bookings.models import Booking
from pooling.catalogue.models import Offer, OfferKind, OfferStatus
from pooling.demo import story
from pooling.demo.loader import DEMO_PASSWORD
from pooling.extensions import db
from pooling.ledger.models import LedgerEntry
from pooling.members.models import Member
from pooling.pole.clock import pole_today
from pooling.review import balance, cooperation, members, usage
from pooling.review.report import year_period


@pytest.mark.demo
def test_the_demo_pole_tells_its_story_this_year_and_last(runner, app):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    this_year = year_period(pole_today().year)
    last_year = year_period(pole_today().year - 1)

    # Dormant tools: published, never booked.
    booked = set(db.session.scalars(sa.select(Booking.offer_id).distinct()))
    dormant = db.session.scalars(sa.select(Offer.title).where(
        Offer.kind == OfferKind.TOOL, Offer.status == OfferStatus.PUBLISHED,
        Offer.id.not_in(booked))).all()
    assert set(story.DORMANT_TOOLS) <= set(dormant)
    for period in (this_year, last_year):
        figures = usage.figures(period)
        assert {o.title for o in figures.dormant} >= set(story.DORMANT_TOOLS)
        # The busy rooms are the most used premises, booked over a third of their hours.
        rooms = [o for o in figures.most_used if o.kind == OfferKind.PREMISES]
        assert {o.title for o in rooms[:2]} == set(story.BUSY_ROOMS)
        assert all(o.rate > 0.35 for o in rooms[:2])

    # The isolated member: a member all year, no exchange, no booking, named by the review.
    isolated = db.session.scalars(sa.select(Member).where(Member.name == story.ISOLATED)).one()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry).where(
        LedgerEntry.member_id == isolated.id)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking).where(
        Booking.member_id == isolated.id)) == 0
    this = cooperation.figures(this_year)
    assert this.distribution[0].members == 1  # no partner at all: the isolated one

    # Newcomers this year and last, one member who left this year.
    assert members.figures(this_year).newcomers >= 1
    assert members.figures(this_year).left == 1
    assert members.figures(last_year).newcomers >= 2
    # Partnerships new this year, members who only receive, commercial and strategic.
    assert 0 < this.new_partnerships < this.pairs
    assert this.partners_average > 4  # the survey's "more than 4"
    assert {f.name for f in balance.figures(this_year).only_receive} >= {
        "Épicerie solidaire Le Panier Fontainois"}
    shares = {c.cooperation.value: c.exchange_share for c in this.by_cooperation}
    assert 0.05 < shares["commercial"] < 0.5


@pytest.mark.demo
def test_the_demo_logins_read_their_reviews_and_reports(runner, app):
    assert runner.invoke(args=["demo"]).exit_code == 0
    client = app.test_client()
    cell = db.session.scalars(sa.select(User).where(
        User.email == "maelle.guerin.faure@cooperactions.example.org")).one()
    client.post("/login", data={"email": cell.email, "password": DEMO_PASSWORD})
    page = client.get("/review/report")
    assert page.status_code == 200
    assert "Malle de jeux géants" in page.get_data(as_text=True)  # dormant
    assert story.ISOLATED in page.get_data(as_text=True)  # named among those with no exchange
    pdf = client.get("/review/report.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    member = db.session.scalars(sa.select(User).where(
        User.email == "oceane.riviere@fournil-eybens.example.org")).one()
    client.post("/logout")
    client = app.test_client()
    client.post("/login", data={"email": member.email, "password": DEMO_PASSWORD})
    assert client.get("/review/member").status_code == 200
    assert client.get("/review/member/report").status_code == 200
    assert client.get("/review/report").status_code == 403
