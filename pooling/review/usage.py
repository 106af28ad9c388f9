"""The review's pooling and usage: what is offered, how much it is booked month by month,
which offers are most and least used or dormant, and what went wrong (no-shows, late
cancellations, declined requests, requests left waiting)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pooling.catalogue.models import OfferKind
from pooling.review.occupancy import OfferUse


@dataclass(frozen=True)
class KindCount:
    kind: OfferKind
    count: int
    share: float | None


@dataclass(frozen=True)
class CategoryCount:
    kind: OfferKind
    category_id: int
    name: str  # in French
    name_en: str
    count: int

    def label(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


@dataclass(frozen=True)
class KindUse:
    """Bookings of one kind (or of all kinds: `kind` None) in one month or in the period."""

    kind: OfferKind | None
    month: date | None  # the month's first day; None for the whole period
    bookings: int
    hours: float
    organisations: int  # distinct organisations that booked


@dataclass(frozen=True)
class Incidents:
    no_shows: int
    late_cancellations: int  # cancelled less than 24 h before the start
    declined: int
    waiting: int  # requests left more than `waiting_days` without a decision
    waiting_days: int


@dataclass(frozen=True)
class UsageFigures:
    offers: int
    offers_by_kind: tuple[KindCount, ...]
    offers_by_category: tuple[CategoryCount, ...]
    months: tuple[date, ...]
    by_month: tuple[KindUse, ...]  # one per kind and month, zeros included
    by_kind: tuple[KindUse, ...]  # one per kind over the period
    total: KindUse  # every kind over the period
    occupancy: tuple[OfferUse, ...]  # every offer in the catalogue during the period
    most_used: tuple[OfferUse, ...]
    least_used: tuple[OfferUse, ...]  # booked at least once, lowest rate first
    dormant: tuple[OfferUse, ...]  # in the catalogue, never booked in the period
    incidents: Incidents
