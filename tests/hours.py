"""Weekly opening hours drawn for the property tests, as an offer may hold them."""

from __future__ import annotations

from datetime import time

from hypothesis import strategies as st

from pooling.catalogue.hours import WeeklySlot

OFFICE = [WeeklySlot(d, time(8), time(20)) for d in range(7)]
ALWAYS = [WeeklySlot(d, time(0), time(23, 59)) for d in range(7)]


def quarter_time(n: int) -> time:
    """The n-th quarter of an hour of a day; the 96th is the last minute (23:59)."""
    return time(23, 59) if n >= 96 else time(n // 4, n % 4 * 15)


@st.composite
def weekly_slots(draw, steady_sunday_nights: bool = False) -> list[WeeklySlot]:
    """From 8:00 to 20:00 or all day every day, or up to three slots a day on the quarter
    hour, which never overlap and may touch. `steady_sunday_nights`: none opens or closes
    on a Sunday from 02:15 to 02:45, within the hour the clocks skip or repeat."""
    profile = draw(st.sampled_from(["office", "always", "drawn", "drawn"]))
    if profile == "office":
        return OFFICE
    if profile == "always":
        return ALWAYS
    slots = []
    for weekday in range(7):
        # Sorted edges, paired: slots of a day never overlap, and may touch.
        edges = sorted(q for q in draw(st.lists(st.integers(0, 96), max_size=6))
                       if not (steady_sunday_nights and weekday == 6 and 9 <= q <= 11))
        for opens, closes in zip(edges[::2], edges[1::2], strict=False):
            if opens < closes:
                slots.append(WeeklySlot(weekday, quarter_time(opens), quarter_time(closes)))
    return slots
