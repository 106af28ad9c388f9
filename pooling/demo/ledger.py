"""The demo pole's declared exchanges, made through the ledger's services, and the
benchmark pole's 200,000 exchanges, generated in bulk.

The demo's exchanges (pooling.demo.ledger_data) are declared, confirmed, rejected and
reversed by the people of the organisations concerned, through `pooling.ledger.services`,
so that every rule is checked and every posted exchange gets its two entries. The
exchanges are then dated when each step would have happened (their entries keep the
load's time: the database refuses any update of the ledger), and the months before the
current one are closed, as the cell does each month.

The benchmark pole's exchanges span five years: about half are those of completed bookings,
the others were declared; a few percent are reversed (with their reversal), rejected or
still pending. Each posted exchange gets its two entries, so that the members' given and
received sum to the same per unit and in value.
"""

from __future__ import annotations

import bisect
import random
import time as clock
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import click
import sqlalchemy as sa

from pooling.accounts.models import Role, User
from pooling.bookings.models import Booking, BookingStatus
from pooling.bookings.timeline import units_used
from pooling.catalogue.models import Category, Offer, OfferKind, Unit, ValuationRate
from pooling.db import UTCDateTime, transaction, utcnow
from pooling.demo import bookings, ledger_data
from pooling.extensions import db
from pooling.ledger import services
from pooling.ledger.models import (
    Cooperation,
    Exchange,
    ExchangeUnit,
    LedgerEntry,
)
from pooling.members.models import LegalForm, Member
from pooling.pole.clock import pole_day, pole_zone

# --- the demo pole, through the services ------------------------------------------------


def _day(item: dict, today: date) -> date:
    if "last_month" in item:
        last_month = today.replace(day=1) - timedelta(days=1)
        return last_month.replace(day=min(item["last_month"], last_month.day))
    return today - timedelta(days=item["ago"])


class _People:
    """Who acts for each organisation: its admin decides, anyone of it declares."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.by_member: dict[int, list[tuple[int, Role]]] = defaultdict(list)
        for user_id, member_id, role in db.session.execute(
                sa.select(User.id, User.member_id, User.role).where(User.active.is_(True))
                .order_by(User.id)):
            self.by_member[member_id].append((user_id, role))
        self.cell = next(u for people in self.by_member.values() for u, r in people
                         if r == Role.CELL)

    def admin(self, member_id: int) -> User:
        people = self.by_member[member_id]
        user_id = next((u for u, r in people if r in (Role.MEMBER_ADMIN, Role.CELL)),
                       people[0][0])
        return db.session.get(User, user_id)

    def anyone(self, member_id: int) -> User:
        return db.session.get(User, self.rng.choice(self.by_member[member_id])[0])


def load_demo(echo: Callable[[str], None] = print, close: bool = True) -> int:
    """The demo organisations' declared exchanges, then (if `close`) the months before this
    one closed. Returns how many exchanges were declared."""
    zone = pole_zone()
    rng = random.Random(1901)  # nosec B311 # seeded; the year of the law on associations
    now = utcnow()
    today = pole_day(now)
    members = dict(db.session.execute(sa.select(Member.name, Member.id)).all())
    people = _People(rng)
    db.session.rollback()
    # exchange id -> when it was declared and decided
    moments: dict[int, tuple[datetime, datetime | None]] = {}

    def moment(day: date, after: datetime | None = None, days: int = 4) -> datetime:
        """A working hour on that day or a few days later, never in the future."""
        local = datetime.combine(day + timedelta(days=rng.randint(0, days)),
                                 time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))), zone)
        at = local.astimezone(UTC)
        if after is not None:
            at = max(at, after + timedelta(hours=rng.randint(1, 5)))
        return min(at, now - timedelta(minutes=rng.randint(5, 90)))

    declared = 0
    with bookings.no_mail():
        for item in ledger_data.DECLARED:
            provider, beneficiary = members[item["provider"]], members[item["beneficiary"]]
            by_provider = item.get("declared_by", "provider") == "provider"
            declarer, other = (provider, beneficiary) if by_provider else (beneficiary, provider)
            day = _day(item, today)
            exchange = services.declare(people.anyone(declarer), services.Declaration(
                provider_id=provider, beneficiary_id=beneficiary,
                kind=OfferKind(item["kind"]), quantity=Decimal(item["quantity"]),
                unit=ExchangeUnit(item["unit"]), occurred_on=day,
                description=item["description"],
                cooperation=(Cooperation.COMMERCIAL if item.get("commercial")
                             else Cooperation.STRATEGIC),
                valued=item.get("valued", True)), today=today)
            declared += 1
            exchange_id = exchange.id
            created = moment(day)
            fate = item.get("fate", "confirmed")
            if fate == "pending":
                moments[exchange_id] = (created, None)
                continue
            decided = moment(created.astimezone(zone).date(), after=created)
            moments[exchange_id] = (created, decided)
            if fate == "rejected":
                services.reject(people.admin(other), exchange_id, item["reason"])
                continue
            services.confirm(people.admin(other), exchange_id)
            if fate == "reversed" and item["reversed_by"] == "cell":
                reversal = services.reverse(db.session.get(User, people.cell), exchange_id,
                                            item["reason"])
                asked = moment(decided.astimezone(zone).date(), after=decided, days=10)
                moments[reversal.id] = (asked, asked)
            elif fate in ("reversed", "reversal-asked"):
                # The declaring organisation asks; the other agrees (or has yet to).
                reversal = services.reverse(people.admin(declarer), exchange_id,
                                            item["reason"])
                asked = moment(decided.astimezone(zone).date(), after=decided, days=10)
                if fate == "reversed":
                    services.reverse(people.admin(other), exchange_id, item["reason"])
                    moments[reversal.id] = (asked, moment(asked.astimezone(zone).date(),
                                                          after=asked))
                else:
                    moments[reversal.id] = (asked, None)
    _date_exchanges(moments)
    closes = _close_months(db.session.get(User, people.cell), today) if close else 0
    echo(f"Demo exchanges: {declared} declared through the ledger's services"
         + (f"; {closes} past months closed." if closes else "."))
    return declared


def _date_exchanges(moments: dict[int, tuple[datetime, datetime | None]]) -> None:
    """Date each declared exchange (and its decision) when it would have happened. Only
    the exchanges: the ledger's entries are never updated."""
    table = Exchange.__table__
    rows = [{"x": exchange_id, "created": created, "decided": decided}
            for exchange_id, (created, decided) in moments.items()]
    if not rows:
        return
    with transaction() as session:
        session.connection().execute(
            table.update().where(table.c.id == sa.bindparam("x"))
            .values(created_at=sa.bindparam("created", type_=UTCDateTime),
                    decided_at=sa.case(
                        (table.c.decided_at.is_(None), None),
                        else_=sa.bindparam("decided", type_=UTCDateTime))), rows)


def _close_months(cell: User, today: date) -> int:
    """Close each month from the ledger's first through the last one, in order."""
    first = db.session.scalar(sa.select(sa.func.min(LedgerEntry.booked_on)))
    db.session.rollback()
    this_month = today.replace(day=1)
    if first is None or first >= this_month:
        return 0
    start, closed = first.replace(day=1), 0
    while start < this_month:
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        services.close_period(cell, start, end, today=today)
        start, closed = end + timedelta(days=1), closed + 1
    return closed


# --- the benchmark pole, in bulk ----------------------------------------------------------

LARGE_EXCHANGES = 200_000
LARGE_YEARS = 5
BOOKED_SHARE = 0.55  # exchanges of completed bookings; the others were declared
REVERSED_SHARE = 0.03
# The grid before the demo's (from 2025): the benchmark pole's first years.
EARLIER_RATES = [("premises", None, "7.00", "hour"), ("premises", "Cuisine", "13.00", "hour"),
                 ("tool", None, "18.00", "day"), ("tool", "Véhicule", "30.00", "day"),
                 ("skill", None, "25.00", "hour")]
HOURS_IN = {"hour": Decimal(1), "half-day": Decimal("3.5"), "day": Decimal(7)}
CENT = Decimal("0.01")
# The legal forms whose offers the demo's history counts as sold.
PAID_FORMS = (LegalForm.SARL, LegalForm.SAS, LegalForm.SA, LegalForm.SCOP)

DECLARED_UNITS = {
    OfferKind.SKILL: [("hour", 1, 8), ("hour", 1, 8), ("half-day", 1, 4), ("day", 1, 5)],
    OfferKind.PREMISES: [("hour", 1, 8), ("half-day", 1, 4), ("day", 1, 3)],
    OfferKind.TOOL: [("day", 1, 5), ("day", 1, 3), ("item", 1, 12)],
}
DESCRIPTIONS = {
    OfferKind.SKILL: [
        "Aide de notre comptable pour la clôture des comptes",
        "Accompagnement d'un recrutement par notre chargée RH",
        "Formation de l'équipe aux outils numériques",
        "Animation d'un atelier avec les habitants",
        "Conseil sur la révision des statuts",
        "Mise à disposition d'un salarié pour un chantier",
        "Appui à la communication d'un événement",
        "Réparation de matériel par notre technicien",
        "Mise à disposition d'une salariée pour l'inventaire",
    ],
    OfferKind.PREMISES: [
        "Salle de réunion prêtée pour un conseil d'administration",
        "Local prêté pour une permanence",
        "Salle polyvalente prêtée pour une fête de quartier",
        "Bureau partagé pour un salarié en mission",
        "Entrepôt prêté pour stocker du matériel",
        "Cuisine prêtée pour un atelier",
    ],
    OfferKind.TOOL: [
        "Prêt de tables et de chaises pliantes",
        "Prêt d'un véhicule utilitaire",
        "Prêt d'un vidéoprojecteur",
        "Prêt d'outillage de chantier",
        "Prêt de barnums pour un événement",
        "Prêt d'une sonorisation",
    ],
}
REJECTION_REASONS = [
    "Cet échange n'a pas eu lieu avec notre structure.",
    "La quantité déclarée ne correspond pas à ce qui a été prêté.",
    "Déjà déclaré par notre structure.",
]
REVERSAL_REASONS = [
    "Saisi deux fois : la première déclaration est conservée.",
    "Erreur sur la structure bénéficiaire.",
    "L'échange a finalement été annulé.",
]

_EXCHANGE_COLUMNS = ("id", "provider_id", "beneficiary_id", "kind", "offer_id", "booking_id",
                     "quantity", "unit", "value", "occurred_on", "description", "cooperation",
                     "status", "declared_by_id", "declared_for_id", "decided_by_id",
                     "decided_at", "reason", "reverses_id", "created_at")
_ENTRY_COLUMNS = ("exchange_id", "member_id", "counterpart_id", "side", "kind", "unit",
                  "quantity", "value", "booked_on", "created_at")
CHUNK = 10_000
X = {name: i for i, name in enumerate(_EXCHANGE_COLUMNS)}


class _Grid:
    """The valuation grid in memory: the rate of a kind (or category) on a day."""

    def __init__(self, session):
        self.rates: dict[tuple, tuple[list[date], list[tuple[str, Decimal]]]] = {}
        rows = session.execute(sa.select(
            ValuationRate.kind, ValuationRate.category_id, ValuationRate.valid_from,
            ValuationRate.unit, ValuationRate.value).order_by(ValuationRate.valid_from,
                                                             ValuationRate.id)).all()
        for kind, category_id, valid_from, unit, value in rows:
            days, rates = self.rates.setdefault((kind.value, category_id), ([], []))
            days.append(valid_from)
            rates.append((unit.value, value))

    def _rate(self, key: tuple, day: date) -> tuple[str, Decimal] | None:
        found = self.rates.get(key)
        if not found:
            return None
        index = bisect.bisect_right(found[0], day) - 1
        return found[1][index] if index >= 0 else None

    def value(self, kind: str, category_id: int | None, unit: str, quantity: Decimal,
              day: date) -> Decimal | None:
        """As pooling.ledger.services.value_of, for offers without a value of their own."""
        rate = ((category_id is not None and self._rate((kind, category_id), day))
                or self._rate((kind, None), day))
        if not rate:
            return None
        rate_unit, per_unit = rate
        if rate_unit != unit:
            if unit not in HOURS_IN or rate_unit not in HOURS_IN:
                return None
            per_unit = per_unit * HOURS_IN[unit] / HOURS_IN[rate_unit]
        return (quantity * per_unit).quantize(CENT)


def _earlier_rates(session, since: date) -> None:
    """The grid's rates of the benchmark pole's first years, if it has none that early."""
    first = session.scalar(sa.select(sa.func.min(ValuationRate.valid_from)))
    if first is not None and first <= since:
        return
    categories = {(c.kind.value, c.name): c.id for c in session.scalars(sa.select(Category))}
    session.execute(sa.insert(ValuationRate), [
        {"kind": OfferKind(kind), "category_id": categories.get((kind, category)),
         "unit": Unit(unit), "value": Decimal(value), "valid_from": since}
        for kind, category, value, unit in EARLIER_RATES
        if category is None or (kind, category) in categories])


def generate_large(session, rng: random.Random, total: int | None = None) -> int:
    """Exchanges over five years between the benchmark pole's members, with their entries.

    About half are the exchanges of completed bookings that have none yet (the generated
    bookings), valued from the grid on their day; the others were declared by one party and
    decided by the other. 3 % of the posted ones are reversed by a confirmed reversal;
    5 % of the declared ones were rejected, and 40 % of those of the last 45 days are
    still pending. Rows are inserted in bulk, with their ids, in the order they were created.
    """
    total = LARGE_EXCHANGES if total is None else total
    zone = pole_zone()
    now = utcnow()
    today = pole_day(now)
    first_day = today - timedelta(days=round(365.25 * LARGE_YEARS))
    existing = session.scalar(sa.select(sa.func.count(Exchange.id))) or 0
    wanted = max(0, total - existing)
    if not wanted:
        return 0
    started = clock.perf_counter()
    _earlier_rates(session, date(first_day.year, 1, 1))
    grid = _Grid(session)
    actor = dict(session.execute(sa.select(User.member_id, sa.func.min(User.id))
                                 .group_by(User.member_id)).all())
    member_ids = sorted(actor)
    # Some organisations exchange much more than others.
    weights = [rng.lognormvariate(0, 0.8) for _ in member_ids]

    def pair() -> tuple[int, int]:
        provider, beneficiary = rng.choices(member_ids, weights, k=2)
        while beneficiary == provider:
            beneficiary = rng.choices(member_ids, weights)[0]
        return provider, beneficiary

    def moment(day: date, days: int, after: datetime | None = None) -> datetime:
        at = datetime.combine(day + timedelta(days=rng.randint(0, days)),
                              time(rng.randint(8, 18), rng.randrange(60)), zone).astimezone(UTC)
        if after is not None and at <= after:
            at = after + timedelta(minutes=rng.randint(10, 600))
        return min(at, now - timedelta(minutes=1))

    reversals = round(wanted * REVERSED_SHARE / (1 + REVERSED_SHARE))
    originals_wanted = wanted - reversals
    rows: list[list] = []

    # 1. The exchanges of completed bookings that have none.
    completed = _completed_without_exchange(session)
    chosen = rng.sample(completed, min(len(completed), round(originals_wanted * BOOKED_SHARE)))
    rows += _booking_exchanges(chosen, grid, zone)

    # 2. Declared exchanges.
    kinds, kind_weights = list(DECLARED_UNITS), [45, 30, 25]
    span = (today - timedelta(days=1) - first_day).days
    recent = today - timedelta(days=45)
    while len(rows) < originals_wanted:
        provider, beneficiary = pair()
        kind = rng.choices(kinds, kind_weights)[0]
        unit, low, high = rng.choice(DECLARED_UNITS[kind])
        quantity = Decimal(rng.randint(low, high))
        if unit == "hour" and rng.random() < 0.3:
            quantity += Decimal("0.5")
        day = first_day + timedelta(days=rng.randint(0, span))
        commercial = rng.random() < 0.1
        value = None if rng.random() < 0.03 else grid.value(kind.value, None, unit, quantity,
                                                            day)
        description = rng.choice(DESCRIPTIONS[kind]) + (" (facturé)" if commercial else "")
        declarer, other = ((provider, beneficiary) if rng.random() < 0.7
                           else (beneficiary, provider))
        created = moment(day, 7)
        draw = rng.random()
        if day >= recent and draw < 0.4:
            status, decided, reason = "pending", None, ""
        elif draw > 0.95:
            status, reason = "rejected", rng.choice(REJECTION_REASONS)
            decided = moment(created.astimezone(zone).date(), 5, after=created)
        else:
            status, reason = "confirmed", ""
            decided = moment(created.astimezone(zone).date(), 5, after=created)
        rows.append([None, provider, beneficiary, kind.value, None, None, quantity, unit,
                     value, day, description, "commercial" if commercial else "strategic",
                     status, actor[declarer], declarer,
                     None if decided is None else actor[other], decided, reason, None,
                     created])

    # 3. Reversals of posted exchanges, asked by one party, agreed by the other.
    posted = [row for row in rows if row[X["status"]] == "confirmed"]
    for original in rng.sample(posted, min(reversals, len(posted))):
        original[X["status"]] = "reversed"
        provider, beneficiary = original[X["provider_id"]], original[X["beneficiary_id"]]
        asker, other = (provider, beneficiary) if rng.random() < 0.5 else (beneficiary,
                                                                         provider)
        asked = moment(original[X["decided_at"]].astimezone(zone).date(), 30,
                       after=original[X["decided_at"]])
        agreed = moment(asked.astimezone(zone).date(), 3, after=asked)
        reversal = list(original)
        reversal[X["booking_id"]] = None
        reversal[X["status"]] = "confirmed"
        reversal[X["declared_by_id"]], reversal[X["declared_for_id"]] = actor[asker], asker
        reversal[X["decided_by_id"]], reversal[X["decided_at"]] = actor[other], agreed
        reversal[X["reason"]] = rng.choice(REVERSAL_REASONS)
        reversal[X["reverses_id"]] = original  # its id, once numbered
        reversal[X["created_at"]] = asked
        rows.append(reversal)

    # Numbered in the order they were created, after the existing ones.
    entries = _insert_exchanges(session, rows)
    click.echo(f"{len(rows)} exchanges and {entries} ledger entries generated in "
               f"{clock.perf_counter() - started:.1f} s.")
    return len(rows)


def _completed_without_exchange(session) -> list:
    b, o = Booking, Offer
    return session.execute(
        sa.select(b.id, b.member_id, b.starts_at, b.ends_at, b.quantity, b.updated_at, o.id,
                  o.member_id, o.kind, o.unit, o.category_id, o.title, o.value_per_unit)
        .join(o, o.id == b.offer_id)
        .outerjoin(Exchange, Exchange.booking_id == b.id)
        .where(b.status == BookingStatus.COMPLETED, Exchange.id.is_(None),
               o.member_id != b.member_id).order_by(b.id)).all()


def _booking_exchanges(completed: list, grid: _Grid, zone,
                       paid_by: frozenset[int] = frozenset()) -> list[list]:
    """The exchange rows of completed bookings, valued as the booking engine values them;
    commercial when the provider is one of `paid_by`."""
    rows = []
    for (booking_id, beneficiary, starts_at, ends_at, quantity, completed_at, offer_id,
         provider, kind, unit, category_id, title, own_value) in completed:
        day = starts_at.astimezone(zone).date()
        if unit == Unit.HOUR:
            units = (Decimal((ends_at - starts_at).total_seconds()) / 3600).quantize(CENT)
        else:
            units = units_used(unit, starts_at, ends_at, zone)
        if kind == OfferKind.TOOL:
            units *= quantity
        value = (grid.value(kind.value, category_id, unit.value, units, day)
                 if own_value is None else (units * own_value).quantize(CENT))
        rows.append([None, provider, beneficiary, kind.value, offer_id, booking_id, units,
                     unit.value, value, day, title,
                     "commercial" if provider in paid_by else "strategic", "confirmed", None, None,
                     None, completed_at, "", None, completed_at])
    return rows


def _insert_exchanges(session, rows: list[list]) -> int:
    """Number the rows after the existing exchanges, in the order they were created, and
    insert them in bulk with the entries of those posted; returns the number of entries."""
    rows.sort(key=lambda row: row[X["created_at"]])
    next_id = (session.scalar(sa.select(sa.func.max(Exchange.id))) or 0) + 1
    for number, row in enumerate(rows, start=next_id):
        row[0] = number
    for row in rows:
        if row[X["reverses_id"]] is not None:
            row[X["reverses_id"]] = row[X["reverses_id"]][0]
    postgres = session.get_bind().dialect.name == "postgresql"
    insert_exchanges = _inserter(session, Exchange.__table__, _EXCHANGE_COLUMNS, postgres)
    insert_entries = _inserter(session, LedgerEntry.__table__, _ENTRY_COLUMNS, postgres)
    entries = 0
    with click.progressbar(length=len(rows), label="Generating exchanges") as bar:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            insert_exchanges([tuple(row) for row in chunk])
            posted_rows = []
            for row in chunk:
                if row[X["status"]] not in ("confirmed", "reversed"):
                    continue
                sign = -1 if row[X["reverses_id"]] is not None else 1
                quantity, value = sign * row[X["quantity"]], row[X["value"]]
                value = None if value is None else sign * value
                provider, beneficiary = row[X["provider_id"]], row[X["beneficiary_id"]]
                common = (row[X["kind"]], row[X["unit"]], quantity, value, row[X["occurred_on"]],
                          row[X["decided_at"]])
                posted_rows.append((row[0], provider, beneficiary, "given", *common))
                posted_rows.append((row[0], beneficiary, provider, "received", *common))
            insert_entries(posted_rows)
            entries += len(posted_rows)
            bar.update(len(chunk))
    if postgres and rows:
        session.execute(sa.text(
            "SELECT setval(pg_get_serial_sequence('exchanges', 'id'), "
            "(SELECT max(id) FROM exchanges))"))
    return entries


def record_history(session) -> int:
    """The exchanges of the demo's past completed bookings (generated in bulk by
    `bookings.generate_history`), valued from the grid, with their entries. Companies sell
    what they lend (commercial cooperation); the others lend it (strategic)."""
    companies = frozenset(session.scalars(sa.select(Member.id).where(
        Member.legal_form.in_(PAID_FORMS))))
    rows = _booking_exchanges(_completed_without_exchange(session), _Grid(session),
                              pole_zone(), companies)
    _insert_exchanges(session, rows)
    return len(rows)


def _inserter(session, table: sa.Table, columns: tuple[str, ...], postgres: bool
              ) -> Callable[[list[tuple]], None]:
    """The bookings' bulk inserter (COPY, or executemany), with SQLite's types: decimals as
    SQLAlchemy stores them there (floats), dates as ISO text."""
    insert = bookings._bulk_inserter(session, table, columns)
    if postgres:
        return insert
    decimals = [i for i, name in enumerate(columns)
                if isinstance(table.c[name].type, sa.Numeric)]
    days = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, sa.Date)]

    def convert(rows: list[tuple]) -> None:
        converted = []
        for row in rows:
            row = list(row)
            for i in decimals:
                if row[i] is not None:
                    row[i] = float(row[i])
            for i in days:
                row[i] = row[i].isoformat()
            converted.append(row)
        insert(converted)
    return convert
