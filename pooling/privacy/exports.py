"""An organisation's data, all of it, as a ZIP of CSV and JSON files (GDPR articles 15
and 20: right of access and portability).

Everything is read in one transaction (a repeatable-read snapshot on PostgreSQL), so the
files agree with each other. The archive is built in memory: the largest organisation of a
large pole makes a few megabytes at most (see the README's "Data and privacy").
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import Response
from flask_babel import gettext as _

from pooling.accounts.models import User
from pooling.accounts.permissions import can_manage_people
from pooling.audit.services import plain
from pooling.bookings.models import Booking
from pooling.catalogue.models import Category, Closure, Offer, OpeningHours, offer_tags
from pooling.csv_safe import write_row
from pooling.errors import Forbidden
from pooling.extensions import db
from pooling.ledger.models import Exchange, LedgerEntry
from pooling.ledger.statements import Period, statement
from pooling.members.models import Member
from pooling.members.services import get_member
from pooling.needs.models import Need

# What an export never holds: secrets, and keys the search compares.
SECRET = frozenset({"password_hash", "credential_stamp", "reset_requested_at"})

README = """\
Données de l'organisation « {name} », exportées le {day} (RGPD, articles 15 et 20 :
droit d'accès et droit à la portabilité).

Chaque fichier existe en deux formats : CSV (UTF-8, virgule comme séparateur, une ligne
d'en-tête ; une cellule qui commencerait par =, +, -, @ est précédée d'une apostrophe pour
qu'un tableur ne la prenne pas pour une formule) et JSON (dates et heures au format
ISO 8601, heures en UTC ; montants en texte décimal).

organisation     la fiche de l'organisation et ses domaines d'activité
personnes        les personnes de l'organisation (ni mot de passe, ni jeton)
offres           ses offres (compétences, locaux, outils), avec leurs mots-clés et catégorie
horaires         les horaires d'ouverture de ses offres (jour 0 = lundi, heure locale)
fermetures       les fermetures de ses offres
reservations     les réservations faites par l'organisation (sens = « faite ») et reçues
                 sur ses offres (sens = « reçue »)
echanges         les échanges dont elle est fournisseur ou bénéficiaire
ecritures        ses écritures au grand livre (côté « given » : donné, « received » : reçu)
releves          ses relevés par année : totaux donnés et reçus par type et unité, solde
                 d'ouverture et de clôture
besoins          les besoins qu'elle a publiés
"""


@dataclass(frozen=True)
class Table:
    """One file of the export: its name and its rows, each a dict of plain values."""

    name: str
    rows: list[dict]


def plain_row(obj: object, skip: frozenset[str] = frozenset()) -> dict:
    """Every column of a row but secrets and search keys, as plain JSON values."""
    return {a.key: plain(getattr(obj, a.key)) for a in sa.inspect(obj).mapper.column_attrs
            if a.key not in SECRET | skip and not a.key.endswith("_key")}


def rows(query: sa.Select, **extra) -> Iterator[dict]:
    """The plain rows of a query's objects, with `extra` columns computed from each."""
    for obj in db.session.scalars(query.execution_options(yield_per=500)):
        yield {**plain_row(obj), **{k: f(obj) for k, f in extra.items()}}


def organisation_tables(member: Member) -> list[Table]:
    """Every table of the export, read from the current transaction."""
    m = member.id
    offer_ids = sa.select(Offer.id).where(Offer.member_id == m).scalar_subquery()
    tags: dict[int, list[str]] = {}
    for offer_id, tag in db.session.execute(
            sa.select(offer_tags.c.offer_id, offer_tags.c.tag)
            .where(offer_tags.c.offer_id.in_(offer_ids)).order_by(offer_tags.c.tag)):
        tags.setdefault(offer_id, []).append(tag)
    categories = dict(db.session.execute(sa.select(Category.id, Category.name)).all())
    organisation = {**plain_row(member), "domains": [d.code for d in member.domains]}
    return [
        Table("organisation", [organisation]),
        Table("personnes", list(rows(
            sa.select(User).where(User.member_id == m).order_by(User.id)))),
        Table("offres", list(rows(
            sa.select(Offer).where(Offer.member_id == m).order_by(Offer.id),
            category=lambda o: categories.get(o.category_id, ""),
            tags=lambda o: tags.get(o.id, [])))),
        Table("horaires", list(rows(
            sa.select(OpeningHours).where(OpeningHours.offer_id.in_(offer_ids))
            .order_by(OpeningHours.offer_id, OpeningHours.weekday, OpeningHours.opens_at)))),
        Table("fermetures", list(rows(
            sa.select(Closure).where(Closure.offer_id.in_(offer_ids))
            .order_by(Closure.offer_id, Closure.starts_at)))),
        Table("reservations", list(rows(
            sa.select(Booking).where(sa.or_(Booking.member_id == m,
                                            Booking.offer_id.in_(offer_ids)))
            .order_by(Booking.starts_at, Booking.id),
            direction=lambda b: "faite" if b.member_id == m else "reçue"))),
        Table("echanges", list(rows(
            sa.select(Exchange).where(sa.or_(Exchange.provider_id == m,
                                             Exchange.beneficiary_id == m))
            .order_by(Exchange.occurred_on, Exchange.id)))),
        Table("ecritures", list(rows(
            sa.select(LedgerEntry).where(LedgerEntry.member_id == m)
            .order_by(LedgerEntry.booked_on, LedgerEntry.id)))),
        Table("releves", yearly_statements(member)),
        Table("besoins", list(rows(
            sa.select(Need).where(Need.member_id == m).order_by(Need.id)))),
    ]


def yearly_statements(member: Member) -> list[dict]:
    """One row per year and per kind, unit and side that the ledger holds for the member."""
    first, last = db.session.execute(
        sa.select(sa.func.min(LedgerEntry.booked_on), sa.func.max(LedgerEntry.booked_on))
        .where(LedgerEntry.member_id == member.id)).one()
    found = []
    for year in range(first.year, last.year + 1) if first else ():
        s = statement(member, Period(date(year, 1, 1), date(year, 12, 31)), detailed=False)
        base = {"year": year, "opening_balance": plain(s.opening_balance),
                "closing_balance": plain(s.closing_balance)}
        for side, totals in (("given", s.given), ("received", s.received)):
            found += [{**base, "side": side, "kind": plain(t.kind), "unit": plain(t.unit),
                       "quantity": plain(t.quantity), "value": plain(t.value),
                       "exchanges": t.count} for t in totals]
    return found


def csv_bytes(table_rows: Iterable[dict]) -> bytes:
    """The rows as CSV: a header of every key, lists joined by `|`, no cell a formula."""
    table_rows = list(table_rows)
    header: dict[str, None] = {}
    for row in table_rows:
        header.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    write_row(writer, header)
    for row in table_rows:
        write_row(writer, ["|".join(map(str, v)) if isinstance(v, list) else v
                           for v in (row.get(k) for k in header)])
    return buffer.getvalue().encode("utf-8")


def check_may_export(viewer: User, member_id: int) -> None:
    """The cell and the organisation's own admins, no one else."""
    if not can_manage_people(viewer, member_id):
        raise Forbidden(_("Only the animation cell or this organisation's admins can "
                          "export its data."))


def export_member(viewer: User, member_id: int, today: date) -> tuple[Member, bytes]:
    """The organisation and the ZIP of all its data, read in one transaction."""
    member = get_member(member_id)
    check_may_export(viewer, member.id)
    session = db.session()
    session.commit()  # a fresh snapshot for the whole export
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    try:
        member = get_member(member_id)
        tables = organisation_tables(member)
        name = member.name
    finally:
        session.commit()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", README.format(name=name, day=today.isoformat()))
        for table in tables:
            zf.writestr(f"{table.name}.csv", csv_bytes(table.rows))
            zf.writestr(f"{table.name}.json", json.dumps(
                table.rows, ensure_ascii=False, indent=1))
    return member, archive.getvalue()


def zip_response(viewer: User, member_id: int, today: date) -> Response:
    """The export as a download, for the page and the API alike."""
    _member, data = export_member(viewer, member_id, today)
    return Response(data, mimetype="application/zip", headers={
        "Content-Disposition":
            f'attachment; filename="donnees-organisation-{member_id}-{today.isoformat()}.zip"',
        "Cache-Control": "no-store"})
