"""Bookings as an iCalendar document (RFC 5545) that calendar programs subscribe to.

Times are written in the pole's local time with their TZID and a VTIMEZONE that describes
the zone's changes of offset, so that a weekly booking at 09:00 stays at 09:00 across the
change to winter time. Cancelled and declined bookings stay in the feed with
STATUS:CANCELLED and a higher SEQUENCE, so that subscribed calendars remove them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from pooling import labels
from pooling.bookings.models import Booking, BookingStatus
from pooling.catalogue.models import OfferKind

PRODID = "-//pooling//Bookings of the pole//FR"
# How often subscribed programs should fetch the feed again (RFC 7986 REFRESH-INTERVAL).
REFRESH = timedelta(minutes=15)

STATUSES = {
    BookingStatus.REQUESTED: "TENTATIVE",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.COMPLETED: "CONFIRMED",
    BookingStatus.NO_SHOW: "CONFIRMED",
    BookingStatus.DECLINED: "CANCELLED",
    BookingStatus.CANCELLED: "CANCELLED",
}


def uid(booking: Booking, base_url: str) -> str:
    """A booking's UID, the same in every feed and at every fetch."""
    host = urlsplit(base_url).hostname or "pooling"
    return f"booking-{booking.id}@{host}"


def _transitions(zone: ZoneInfo, first: datetime, last: datetime
                 ) -> list[tuple[datetime, timedelta, timedelta]]:
    """The instants (UTC) at which the zone changes its offset, with the offsets before and
    after: found day by day, then to the second by bisection."""
    found = []
    step = timedelta(days=1)
    moment = first
    while moment < last:
        before, after = moment.astimezone(zone).utcoffset(), (moment + step).astimezone(
            zone).utcoffset()
        if before != after:
            low, high = moment, moment + step
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            found.append((high, before, after))
        moment += step
    return found


def vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """A VTIMEZONE for the zone between two days.

    Each observance's DTSTART is the local time of its onset read with the offset in force
    before it (TZOFFSETFROM), as RFC 5545 defines it: 02:00 for the change to summer time
    in Paris, 03:00 for the change back.
    """
    start = datetime.combine(first, time(), UTC)
    end = datetime.combine(last, time(), UTC)
    initial = start.astimezone(zone)
    observances: dict[tuple, list[datetime]] = defaultdict(list)
    observances[(initial.utcoffset(), initial.utcoffset(), initial.tzname(),
                  not initial.dst())].append(initial.replace(tzinfo=None))
    for instant, before, after in _transitions(zone, start, end):
        local = instant.astimezone(zone)
        onset = (instant + before).replace(tzinfo=None)
        observances[(before, after, local.tzname(), not local.dst())].append(onset)
    component = Timezone()
    component.add("TZID", zone.key)
    for (offset_from, offset_to, name, standard), onsets in observances.items():
        part = TimezoneStandard() if standard else TimezoneDaylight()
        part.add("DTSTART", onsets[0])
        if len(onsets) > 1:
            part.add("RDATE", onsets[1:])
        part.add("TZOFFSETFROM", offset_from)
        part.add("TZOFFSETTO", offset_to)
        if name:
            part.add("TZNAME", name)
        component.add_component(part)
    return component


def _summary(booking: Booking) -> str:
    summary = _("%(offer)s · %(member)s", offer=booking.offer.title, member=booking.member.name)
    if booking.status == BookingStatus.REQUESTED:
        return _("To be confirmed: %(summary)s", summary=summary)
    if booking.status in (BookingStatus.CANCELLED, BookingStatus.DECLINED):
        return _("Cancelled: %(summary)s", summary=summary)
    return summary


def _description(booking: Booking, link: str) -> str:
    offer = booking.offer
    lines = [_("Shared by: %(owner)s", owner=offer.member.name),
             _("For: %(member)s (%(person)s)", member=booking.member.name,
               person=booking.requested_by.full_name),
             _("Status: %(status)s", status=labels.BOOKING_STATUSES[booking.status])]
    if offer.kind == OfferKind.PREMISES:
        lines.append(_("People: %(n)d", n=booking.quantity))
    elif offer.kind == OfferKind.TOOL:
        lines.append(_("Items: %(n)d", n=booking.quantity))
    if booking.purpose:
        lines.append(_("Purpose: %(purpose)s", purpose=booking.purpose))
    lines.append(link)
    return "\n".join(lines)


def _event(booking: Booking, zone: ZoneInfo, now: datetime, base_url: str, link: str) -> Event:
    event = Event()
    event.add("UID", uid(booking, base_url))
    event.add("SEQUENCE", booking.sequence)
    event.add("DTSTAMP", now.astimezone(UTC))
    event.add("CREATED", booking.created_at.astimezone(UTC))
    event.add("LAST-MODIFIED", booking.updated_at.astimezone(UTC))
    event.add("DTSTART", booking.starts_at.astimezone(zone))
    event.add("DTEND", booking.ends_at.astimezone(zone))
    event.add("SUMMARY", _summary(booking))
    event.add("DESCRIPTION", _description(booking, link))
    place = booking.offer.location or booking.offer.pickup_place
    if place:
        event.add("LOCATION", place)
    event.add("URL", link)
    event.add("STATUS", STATUSES[booking.status])
    cancelled = STATUSES[booking.status] == "CANCELLED"
    event.add("TRANSP", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("CATEGORIES", [str(labels.OFFER_KINDS[booking.offer.kind])])
    return event


def build_calendar(name: str, bookings: Iterable[Booking], zone: ZoneInfo, now: datetime,
                   base_url: str, link_of) -> bytes:
    """The feed: one VEVENT per booking; `link_of(booking)` gives its page's address."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", name)
    calendar.add("X-WR-TIMEZONE", zone.key)
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", REFRESH)
    bookings = list(bookings)
    days = [b.starts_at.astimezone(zone).date() for b in bookings] + [now.date()]
    first = date(min(days).year, 1, 1)
    last = date(max(b.ends_at.astimezone(zone).year for b in bookings) + 2
                if bookings else now.year + 2, 1, 1)
    calendar.add_component(vtimezone(zone, first, last))
    for booking in bookings:
        calendar.add_component(_event(booking, zone, now, base_url, link_of(booking)))
    return calendar.to_ical()
