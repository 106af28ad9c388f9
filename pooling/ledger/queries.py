"""Reading exchanges: lists with filters, as each person may see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.accounts.models import Role, User
from pooling.catalogue.models import OfferKind
from pooling.db import Page, paginate
from pooling.errors import invalid_field
from pooling.extensions import db
from pooling.ledger.models import Exchange, ExchangeStatus, LedgerEntry


@dataclass(frozen=True)
class ExchangeQuery:
    side: str | None = None  # "given" or "received" by the viewer's organisation
    member_id: int | None = None  # exchanges this organisation took part in
    kind: OfferKind | None = None
    status: ExchangeStatus | None = None
    start: date | None = None  # occurred on or after
    end: date | None = None  # occurred on or before
    to_decide: bool = False  # pending, waiting for the viewer's organisation (or the cell)
    page: int = 1
    per_page: int = 20


def exchanges_statement(viewer: User, query: ExchangeQuery) -> sa.Select:
    """The exchanges of the viewer's organisation (any for the cell), filtered, unordered."""
    stmt = sa.select(Exchange)
    mine = viewer.member_id
    if query.side == "given":
        stmt = stmt.where(Exchange.provider_id == mine)
    elif query.side == "received":
        stmt = stmt.where(Exchange.beneficiary_id == mine)
    elif viewer.role != Role.CELL:
        stmt = stmt.where(sa.or_(Exchange.provider_id == mine, Exchange.beneficiary_id == mine))
    if query.member_id:
        stmt = stmt.where(sa.or_(Exchange.provider_id == query.member_id,
                                 Exchange.beneficiary_id == query.member_id))
    if query.kind:
        stmt = stmt.where(Exchange.kind == query.kind)
    if query.status:
        stmt = stmt.where(Exchange.status == query.status)
    if query.start and query.end and query.end < query.start:
        message = _("The period must end after it starts.")
        raise invalid_field("to", message)
    if query.start:
        stmt = stmt.where(Exchange.occurred_on >= query.start)
    if query.end:
        stmt = stmt.where(Exchange.occurred_on <= query.end)
    if query.to_decide:
        stmt = stmt.where(Exchange.status == ExchangeStatus.PENDING)
        if viewer.role != Role.CELL:
            stmt = stmt.where(sa.or_(Exchange.declared_for_id.is_(None),
                                     Exchange.declared_for_id != mine))
    return stmt


def list_exchanges(viewer: User, query: ExchangeQuery) -> Page:
    """A page of exchanges, the latest first."""
    return paginate(exchanges_statement(viewer, query), query.page, query.per_page,
                    (Exchange.occurred_on.desc(), Exchange.id.desc()))


def all_exchanges(viewer: User, query: ExchangeQuery) -> list[Exchange]:
    """Every exchange matching, oldest first (for exports)."""
    stmt = exchanges_statement(viewer, query).order_by(Exchange.occurred_on, Exchange.id)
    return list(db.session.scalars(stmt))


def count_to_decide(viewer: User) -> int:
    """Declared exchanges (and reversals) waiting for the viewer's organisation."""
    stmt = exchanges_statement(viewer, ExchangeQuery(to_decide=True))
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def first_booked_on() -> date | None:
    """The day of the ledger's first entry: where the first period to close starts."""
    return db.session.scalar(sa.select(sa.func.min(LedgerEntry.booked_on)))
