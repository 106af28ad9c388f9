"""What the demo pole's last two years tell, so that each figure of the review says something
a pole would recognise: two rooms booked nearly every day, two tools published and never
booked, an organisation that exchanged with nobody, members who joined this year and last
year, one who left this year, and members who only receive (those with nothing to lend).

Dates are placed relative to the day the loader runs, like the bookings'.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# Booked morning and afternoon on most open days.
BUSY_ROOMS = ("Salle du Conseil", "Cuisine professionnelle partagée")
# Published, never booked: nobody has needed them yet.
DORMANT_TOOLS = ("Malle de jeux géants", "Caisse à outils de réparation")
# A member since last autumn, that has neither lent nor borrowed anything.
ISOLATED = "Les Ateliers du Trièves"
# Left the pole this year; its past exchanges stay in the ledger.
LEFT = "Atelier Vélo La Roue Libre"
LEFT_DAYS_AGO = 100
# Joined this year: so many days before the load, and never before the 1st of January.
JOINED_THIS_YEAR = {"Maison des Aidants du Sud Grenoblois": 270}
# Joined last year: (month, day).
JOINED_LAST_YEAR = {"SCIC La Grange Numérique": (2, 11), "Repair Café Eybens": (6, 17),
                    ISOLATED: (9, 15)}


def joined_on(name: str, written: date, today: date) -> date:
    """The day the organisation joined: as written in the data, or placed in this year or
    the last for those whose arrival the story tells."""
    if name in JOINED_THIS_YEAR:
        return max(date(today.year, 1, 1), today - timedelta(days=JOINED_THIS_YEAR[name]))
    if name in JOINED_LAST_YEAR:
        month, day = JOINED_LAST_YEAR[name]
        return date(today.year - 1, month, day)
    return written


def left_on(name: str, today: date) -> date | None:
    """The day the organisation left, this year, if it did."""
    if name != LEFT:
        return None
    return max(date(today.year, 1, 2), today - timedelta(days=LEFT_DAYS_AGO))


def books(name: str) -> bool:
    """Whether the organisation books others' offers in the weeks around today: the isolated
    one never does, nor the one that left."""
    return name not in (ISOLATED, LEFT)


def regulars(title: str, year: int, names: list[str]) -> list[str]:
    """The few organisations that book an offer again and again, as members do: three from
    year to year, and a fourth that changes each year (a new partnership). Drawn from the
    offer's title and the year, so the same every time."""
    names = sorted(names)
    steady = random.Random(title).sample(names, min(3, len(names)))  # nosec B311 # seeded
    others = [n for n in names if n not in steady]
    yearly = random.Random(f"{title} {year}")  # nosec B311 # seeded, the same every time
    return steady + yearly.sample(others, min(1, len(others)))
