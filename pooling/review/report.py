"""The annual reports: the pole's year in the survey's terms, and each organisation's own
year, both beside the year before. They are built from the review's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from pooling.catalogue.models import OfferKind
from pooling.errors import invalid_field
from pooling.ledger.models import Cooperation
from pooling.ledger.statements import Period
from pooling.members.models import LegalForm, Member
from pooling.review import balance, cooperation, members, usage
from pooling.review.balance import BalanceFigures
from pooling.review.cooperation import CooperationFigures
from pooling.review.member_review import MemberReview, review
from pooling.review.members import MemberFigures
from pooling.review.usage import UsageFigures

FIRST_YEAR = 2000


def year_asked(raw: str | None, today: date) -> int:
    """The year of `?year=`: by default the current one; a year before it otherwise."""
    if raw is None or raw == "":
        return today.year
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4) or not (
            FIRST_YEAR <= int(raw) <= today.year):
        raise invalid_field("year", _("Give a year between %(first)d and %(last)d.",
                                      first=FIRST_YEAR, last=today.year))
    return int(raw)


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class PoleYear:
    period: Period
    members: MemberFigures
    usage: UsageFigures
    cooperation: CooperationFigures
    balance: BalanceFigures
    isolated: tuple[str, ...]  # members of the pole with no exchange in the year

    def legal_form_share(self, form: LegalForm) -> float | None:
        return next(s.share for s in self.members.by_legal_form if s.key == form)

    def hours(self, kind: OfferKind) -> float:
        """Hours booked of one kind of offer (rooms, expertise) in the year."""
        return next((k.hours for k in self.usage.by_kind if k.kind == kind), 0.0)

    def cooperation_share(self, kind: Cooperation) -> float | None:
        """The share of the year's exchanges that were commercial, or strategic."""
        return next((c.exchange_share for c in self.cooperation.by_cooperation
                     if c.cooperation == kind), None)


@dataclass(frozen=True)
class PoleReport:
    year: int
    this: PoleYear
    before: PoleYear


def pole_year(period: Period) -> PoleYear:
    flows = balance.figures(period)
    exchanged = {f.member_id for f in flows.flows}
    return PoleYear(period=period, members=members.figures(period),
                    usage=usage.figures(period), cooperation=cooperation.figures(period),
                    balance=flows,
                    isolated=tuple(name for member_id, name in
                                   cooperation.members_of_pole(period).items()
                                   if member_id not in exchanged))


def pole_report(year: int) -> PoleReport:
    """The pole's figures for a year and for the year before."""
    return PoleReport(year=year, this=pole_year(year_period(year)),
                      before=pole_year(year_period(year - 1)))


@dataclass(frozen=True)
class MemberReport:
    year: int
    this: MemberReview
    before: MemberReview


def member_report(member: Member, year: int) -> MemberReport:
    """An organisation's figures for a year and for the year before."""
    return MemberReport(year=year, this=review(member, year_period(year)),
                        before=review(member, year_period(year - 1)))
