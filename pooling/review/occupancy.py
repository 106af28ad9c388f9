"""How much each offer was used in a period, against how much it was open.

- Premises: hours booked over open hours, the offer's own weekly hours minus its closures.
- Tools: item-days lent over item-days available (stock times the days in the catalogue,
  minus closures); a tool leaves with its borrower, so every day of a loan counts, nights
  and weekends included, and a loan of a few hours counts one day.
- Skills: hours given over hours offered: the provider's weekly slots minus closures, capped
  by the provider's own limits per week and per month when set, since those limits are the
  time the provider actually commits to the pole (slots say when, limits say how much).

Only the part of the period when the offer was in the catalogue counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from pooling.catalogue.models import OfferKind


@dataclass(frozen=True)
class OfferUse:
    """One offer's use over a period."""

    offer_id: int
    title: str
    kind: OfferKind
    member_id: int  # the organisation that offers it
    member_name: str
    category: str  # the category's name, in French
    bookings: int  # booked (confirmed, held or no-show), starting in the period
    hours: float  # booked hours
    used: float  # hours (premises, skills) or item-days (tools)
    available: float | None  # open hours, item-days or hours offered; None: unknown
    rate: float | None  # used / available; None when nothing was available

    @property
    def unit(self) -> str:
        return "item-days" if self.kind == OfferKind.TOOL else "hours"
