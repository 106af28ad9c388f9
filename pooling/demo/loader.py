"""Load the demo pole (about 40 organisations) or the benchmark pole (300, 1,200 people)."""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import click
import sqlalchemy as sa

from pooling.accounts.models import Role, User
from pooling.accounts.services import hash_password
from pooling.bookings.models import Booking
from pooling.catalogue.models import (
    BookingPolicy,
    Category,
    Offer,
    OfferKind,
    OfferStatus,
    OpeningHours,
    Unit,
    ValuationRate,
    offer_tags,
)
from pooling.catalogue.services import search_keys
from pooling.db import search_key, transaction, utcnow
from pooling.demo import administration, bookings, catalogue_data, data, ledger, needs, story
from pooling.extensions import db
from pooling.ledger.models import Exchange
from pooling.localtime import moved_forward
from pooling.members.models import Circle, Domain, LegalForm, Member, member_domains
from pooling.pole.clock import pole_today, pole_zone
from pooling.review import ledger_totals as review_ledger_totals
from pooling.review import totals as review_totals

DEMO_PASSWORD = "cooperation-2026"  # nosec B105 # the demo's, published in the README
LARGE_ORGANISATIONS = 300
LARGE_PEOPLE = 1200
LARGE_OFFERS = 3000  # a third of each kind

# Shares of the 2017 survey (DOMAIN.md), used to draw the generated organisations.
LEGAL_FORM_WEIGHTS = {
    LegalForm.ASSOCIATION: 57, LegalForm.SARL: 9, LegalForm.SCIC: 8,
    LegalForm.LOCAL_AUTHORITY: 7, LegalForm.SCOP: 4, LegalForm.SAS: 4, LegalForm.SA: 1,
    LegalForm.UNIVERSITY: 2, LegalForm.OTHER: 4,
}
DOMAIN_WEIGHTS = {"eco-activities": 25, "employment": 25, "food": 20, "culture": 19,
                  "digital": 8, "mobility": 6, "care": 6}


def existing_data() -> str:
    """A short description of what the database holds, or '' if it is empty."""
    members = db.session.scalar(sa.select(sa.func.count(Member.id))) or 0
    people = db.session.scalar(sa.select(sa.func.count(User.id))) or 0
    db.session.rollback()
    if not members and not people:
        return ""
    return f"{members} organisations, {people} people"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", search_key(text)).strip("-")


def _email(full_name: str, domain: str, taken: set[str]) -> str:
    local = re.sub(r"[^a-z0-9]+", ".", search_key(full_name)).strip(".")
    email, n = f"{local}@{domain}", 2
    while email in taken:
        email, n = f"{local}{n}@{domain}", n + 1
    taken.add(email)
    return email


def _ensure_domains(session) -> dict[str, int]:
    existing = {d.code for d in session.scalars(sa.select(Domain))}
    position = 100
    for code, name, name_en in data.EXTRA_DOMAINS:
        position += 10
        if code not in existing:
            session.add(Domain(code=code, name=name, name_en=name_en, position=position))
    session.flush()
    return dict(session.execute(sa.select(Domain.code, Domain.id)).all())


def _insert_members(session, rows: list[dict], domain_ids: dict[str, int]) -> list[int]:
    """Insert organisations in one round trip, then their domains."""
    domains = [row.pop("domains") for row in rows]
    ids = list(session.scalars(sa.insert(Member).returning(Member.id, sort_by_parameter_order=True),
                               rows))
    links = [{"member_id": mid, "domain_id": domain_ids[code]}
             for mid, codes in zip(ids, domains, strict=True) for code in dict.fromkeys(codes)]
    if links:
        session.execute(sa.insert(member_domains), links)
    return ids


def _demo_members(today: date) -> list[dict]:
    rows = []
    for org in data.ORGANISATIONS:
        rows.append({
            "name": org["name"], "name_key": search_key(org["name"]),
            "legal_form": LegalForm(org["legal_form"]), "circle": Circle(org["circle"]),
            "description": org["description"], "address": org["address"],
            "postcode": org["postcode"], "city": org["city"], "email": org["email"],
            "phone": org["phone"], "website": org["website"],
            "staff_fte": Decimal(str(org["staff_fte"])),
            "joined_on": story.joined_on(org["name"], date.fromisoformat(org["joined_on"]),
                                         today),
            "left_on": story.left_on(org["name"], today),
            "domains": list(org["domains"]),
        })
    return rows


def _person(full_name, job_title, role, member_id, email, password_hash) -> dict:
    return {"email": email, "full_name": full_name, "job_title": job_title, "phone": "",
            "role": Role(role), "member_id": member_id, "password_hash": password_hash,
            "credential_stamp": secrets.token_hex(32), "active": True}


def load(size: str, echo: Callable[[str], None] = print) -> None:
    """Fill an empty database with the demo pole, or with the larger benchmark pole."""
    rng = random.Random(2017)  # nosec B311 # seeded by the survey's year: the same pole each time
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: scrypt is slow on purpose
    taken: set[str] = set()
    with transaction() as session:
        domain_ids = _ensure_domains(session)
        member_ids = _insert_members(session, _demo_members(pole_today()), domain_ids)
        people = []
        for member_id, org in zip(member_ids, data.ORGANISATIONS, strict=True):
            mail_domain = org["email"].split("@", 1)[1]
            for full_name, job_title, role in org["people"]:
                email = _email(full_name, mail_domain, taken)
                people.append(_person(full_name, job_title, role, member_id, email,
                                      password_hash))
        session.execute(sa.insert(User), people)
        _load_catalogue(session, dict(zip([o["name"] for o in data.ORGANISATIONS], member_ids,
                                          strict=True)))
        if size == "large":
            _load_large(session, rng, domain_ids, password_hash, taken,
                        people_so_far=len(people), members_so_far=len(member_ids))
    # Last year and this year's first months, in bulk, with their exchanges; then the weeks
    # around today through the booking engine, which commits each step.
    with transaction() as session:
        past = bookings.generate_history(session, rng)
        ledger.record_history(session)
    echo(f"Demo history: {past} bookings since the 1st of January of last year.")
    bookings.load_demo(echo)
    # Needs next: one fulfilled need was met by a booking, counted among the pole's own.
    needs.load_demo(echo)
    if size == "large":
        with transaction() as session:
            # Half a million rows go in faster without the review's triggers, row by row on
            # SQLite: its totals are summed once at the end, in the same transaction.
            review_totals.remove(session.connection())
            review_totals.remove_changes(session.connection())
            bookings.generate_large(session, rng)
            review_totals.rebuild(session.connection(), pole_zone())
            review_totals.install(session.connection())
            review_totals.install_changes(session.connection())
        with transaction() as session:
            # The same for the ledger's entries and the review's totals of them.
            review_ledger_totals.remove(session.connection())
            review_ledger_totals.remove_counts(session.connection())
            ledger.generate_large(session, rng)
            review_ledger_totals.rebuild(session.connection())
            review_ledger_totals.rebuild_counts(session.connection())
            review_ledger_totals.install(session.connection())
            review_ledger_totals.install_counts(session.connection())
    # Declared exchanges through the ledger's services; the demo closes its past months
    # (the benchmark pole keeps its five years open).
    ledger.load_demo(echo, close=size == "small")
    administration.load_demo(echo)  # a few administrative actions, for the audit log
    if size == "large":
        needs.generate_large(rng, needs.LARGE_NEEDS, echo=echo)
    if db.session.get_bind().dialect.name == "postgresql":
        # Fresh statistics after a bulk load, so the planner sees the real table sizes, and
        # the visibility map set, so that covering indexes answer without the table.
        db.session.rollback()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        # SQLite plans without statistics until ANALYZE gathers them: on the large pole,
        # "available during" reads the bookings through the wrong index four times slower.
        db.session.rollback()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    total = existing_data()
    offers = db.session.scalar(sa.select(sa.func.count(Offer.id)))
    booked = db.session.scalar(sa.select(sa.func.count(Booking.id)))
    exchanges = db.session.scalar(sa.select(sa.func.count(Exchange.id)))
    total = f"{total}, {offers} offers, {booked} bookings, {exchanges} exchanges"
    echo(f"Demo pole loaded ({size}): {total}.")


HOURS = {
    catalogue_data.OFFICE: [(d, time(9), time(12)) for d in range(5)]
    + [(d, time(14), time(18)) for d in range(5)],
    catalogue_data.DAYTIME: [(d, time(8), time(20)) for d in range(6)],
    catalogue_data.EVENINGS: [(d, time(18), time(22)) for d in range(5)]
    + [(5, time(9), time(18))],
    catalogue_data.AFTERNOONS: [(d, time(14), time(18)) for d in range(5)],
}


def _load_catalogue(session, member_ids: dict[str, int]) -> None:
    """The demo organisations' offers, published, and the cell's valuation grid."""
    categories = {(c.kind.value, c.name): c for c in session.scalars(sa.select(Category))}
    for kind, category, value, unit in catalogue_data.RATES:
        session.add(ValuationRate(
            kind=OfferKind(kind), category_id=categories[(kind, category)].id if category
            else None, unit=Unit(unit), value=Decimal(value), valid_from=date(2025, 1, 1)))
    # In the catalogue since the start of the year before last, or since its owner joined:
    # the review measures last year's use too.
    zone = pole_zone()
    joined = dict(session.execute(sa.select(Member.id, Member.joined_on)).all())
    since = date(pole_today().year - 2, 1, 1)
    for item in catalogue_data.OFFERS:
        item = dict(item)
        owner, kind, hours = item.pop("owner"), item.pop("kind"), item.pop("hours")
        category, tags = item.pop("category"), item.pop("tags", [])
        draft = item.pop("draft", False)
        for name in ("surface_m2",):
            if name in item:
                item[name] = Decimal(item[name])
        for name, enum_cls in (("unit", Unit), ("booking_policy", BookingPolicy)):
            if name in item:
                item[name] = enum_cls(item[name])
        offer = Offer(
            member_id=member_ids[owner], kind=OfferKind(kind),
            category_id=categories[(kind, category)].id,
            status=OfferStatus.DRAFT if draft else OfferStatus.PUBLISHED,
            published_at=None if draft else moved_forward(datetime.combine(
                max(since, joined[member_ids[owner]]), time(9)), zone),
            **search_keys(item["title"], item["description"], tags),
            opening_hours=[OpeningHours(weekday=d, opens_at=o, closes_at=c)
                           for d, o, c in HOURS[hours]],
            **item,
        )
        session.add(offer)
        session.flush()
        if tags:
            session.execute(sa.insert(offer_tags),
                            [{"offer_id": offer.id, "tag": t} for t in dict.fromkeys(tags)])


def _generated_member(rng: random.Random, index: int, names: set[str]) -> dict:
    legal_form = rng.choices(list(LEGAL_FORM_WEIGHTS), weights=LEGAL_FORM_WEIGHTS.values())[0]
    for attempt in range(1000):
        pattern = rng.choice(data.ORG_PATTERNS[legal_form.value])
        name = pattern.format(place=rng.choice(data.PLACES), theme=rng.choice(data.THEMES))
        if attempt > 20:
            name = f"{name} {index}"
        if name not in names:
            break
    names.add(name)
    place = rng.choice(data.PLACES)
    domains = rng.choices(list(DOMAIN_WEIGHTS), weights=DOMAIN_WEIGHTS.values(),
                          k=rng.choice((1, 1, 2)))
    slug = _slug(name)[:40]
    fte = {LegalForm.LOCAL_AUTHORITY: (80, 900), LegalForm.UNIVERSITY: (500, 3000),
           LegalForm.SA: (50, 300)}.get(legal_form, (0.5, 35))
    return {
        "name": name, "name_key": search_key(name), "legal_form": legal_form,
        "circle": Circle.FOUNDING_MEMBER if rng.random() < 0.15 else Circle.PARTNER,
        "description": " ".join(rng.sample(data.DESCRIPTION_SENTENCES, 3)),
        "address": f"{rng.randint(1, 180)} rue {rng.choice(data.LAST_NAMES)}",
        "postcode": f"38{rng.randint(0, 999):03d}", "city": place,
        "email": f"contact@{slug}.example.org",
        "phone": "04 76 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(3)),
        "website": f"https://{slug}.example.org",
        "staff_fte": Decimal(str(round(rng.uniform(*fte), 1))),
        "joined_on": date(2014, 3, 1) + timedelta(days=rng.randint(0, 4500)),
        "domains": domains,
    }


def _load_large(session, rng, domain_ids, password_hash, taken, people_so_far, members_so_far):
    count = LARGE_ORGANISATIONS - members_so_far
    names = set(session.scalars(sa.select(Member.name)))
    people_left = LARGE_PEOPLE - people_so_far
    with click.progressbar(length=count, label="Generating organisations and people") as bar:
        for start in range(0, count, 50):
            batch = [_generated_member(rng, members_so_far + start + i, names)
                     for i in range(min(50, count - start))]
            ids = _insert_members(session, [dict(row) for row in batch], domain_ids)
            people = []
            for n, (member_id, row) in enumerate(zip(ids, batch, strict=True)):
                remaining_orgs = count - start - n
                size = max(1, round(people_left / remaining_orgs))
                people_left -= size
                mail_domain = row["email"].split("@", 1)[1]
                for k in range(size):
                    full_name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
                    role = Role.MEMBER_ADMIN if k == 0 else Role.MEMBER
                    people.append(_person(full_name, rng.choice(data.JOB_TITLES), role,
                                          member_id, _email(full_name, mail_domain, taken),
                                          password_hash))
            session.execute(sa.insert(User), people)
            bar.update(len(batch))
    _generate_offers(session, rng)


def _generate_offers(session, rng: random.Random) -> None:
    """Offers for the benchmark pole, built from the demo catalogue's, spread over members."""
    existing = session.scalar(sa.select(sa.func.count(Offer.id))) or 0
    member_ids = list(session.scalars(sa.select(Member.id)))
    categories = {kind: [c.id for c in session.scalars(
        sa.select(Category).where(Category.kind == kind))] for kind in OfferKind}
    templates = {kind: [o for o in catalogue_data.OFFERS if o["kind"] == kind.value]
                 for kind in OfferKind}
    now = utcnow()
    count = LARGE_OFFERS - existing
    with click.progressbar(length=count, label="Generating offers") as bar:
        for start in range(0, count, 500):
            rows, hours = [], []
            for n in range(start, min(count, start + 500)):
                kind = list(OfferKind)[n % 3]
                model = rng.choice(templates[kind])
                title = f"{model['title']} – {rng.choice(data.PLACES)}"
                description = " ".join(rng.sample(data.DESCRIPTION_SENTENCES, 2))
                rows.append({
                    "member_id": rng.choice(member_ids), "kind": kind,
                    "status": OfferStatus.PUBLISHED, "published_at": now,
                    "category_id": rng.choice(categories[kind]), "title": title,
                    "description": description, **search_keys(title, description, []),
                    "capacity": rng.randint(2, 80) if kind == OfferKind.PREMISES else None,
                    "quantity": rng.randint(1, 10) if kind == OfferKind.TOOL else None,
                    "step_free_access": rng.random() < 0.6,
                })
                hours.append(HOURS[model["hours"]])
            ids = list(session.scalars(
                sa.insert(Offer).returning(Offer.id, sort_by_parameter_order=True), rows))
            session.execute(sa.insert(OpeningHours), [
                {"offer_id": offer_id, "weekday": d, "opens_at": o, "closes_at": c}
                for offer_id, slots in zip(ids, hours, strict=True) for d, o, c in slots])
            bar.update(len(rows))


def demo_logins() -> list[tuple[str, User]]:
    """One demo account per role: the cell, a member admin and a member of the same partner."""
    session = db.session
    cell = session.scalars(sa.select(User).join(Member).where(
        User.role == Role.CELL, Member.name == data.ORGANISATIONS[0]["name"]).order_by(User.id)
    ).first()
    admin = session.scalars(sa.select(User).join(Member).where(
        User.role == Role.MEMBER_ADMIN, Member.circle == Circle.PARTNER,
        Member.name.in_([o["name"] for o in data.ORGANISATIONS])).order_by(User.id)).first()
    member = admin and session.scalars(sa.select(User).where(
        User.member_id == admin.member_id, User.role == Role.MEMBER).order_by(User.id)).first()
    return [(label, user) for label, user in
            (("cell", cell), ("member-admin", admin), ("member", member)) if user]


def print_logins(echo: Callable[[str], None] = print) -> None:
    logins = demo_logins()
    if not logins:
        return
    echo("")
    echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for label, user in logins:
        echo(f"  {label:<13} {user.email:<52} {user.member.name}")
    echo("")
