"""Exchanges and their posting in the ledger: declare, confirm, reject, reverse, close.

Every write runs in one transaction that locks the exchange's row first, so that two people
confirming (or reversing) at the same moment post it once; the ledger's unique keys make
sure of it even for a write that bypasses this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from pooling import labels, mail
from pooling.accounts.models import Role, User
from pooling.accounts.permissions import require_cell
from pooling.audit import services as audit
from pooling.catalogue.models import Offer, OfferKind
from pooling.catalogue.services import rate_on, valuation_grid
from pooling.db import run_use_case, serialise_on, transaction, utcnow
from pooling.errors import Conflict, Forbidden, NotFound, invalid_field
from pooling.extensions import db
from pooling.ledger import notifications
from pooling.ledger.models import (
    ClosingBalance,
    Cooperation,
    Exchange,
    ExchangeStatus,
    ExchangeUnit,
    LedgerClose,
    LedgerEntry,
    Side,
)
from pooling.ledger.permissions import (
    REJECTING,
    REVERSING,
    ExchangeAction,
    can_see,
    exchange_actions,
)
from pooling.members.models import Member
from pooling.pole.clock import pole_today

# Postings take this lock shared, a period close takes it alone: no entry can slip into a
# period while it closes.
CLOSE_LOCK = "ledger-close"
MAX_QUANTITY = Decimal("100000")
# Converting between the units of time, when the grid values another one: the 35-hour week.
HOURS_IN = {ExchangeUnit.HOUR: Decimal(1), ExchangeUnit.HALF_DAY: Decimal("3.5"),
            ExchangeUnit.DAY: Decimal(7)}
CENT = Decimal("0.01")


def _transition_refused(message: str) -> Conflict:
    return Conflict(message, details={"rule": "transition"})


# --- valuing ------------------------------------------------------------------------------


def value_of(kind: OfferKind, unit: ExchangeUnit, quantity: Decimal, day: date,
             offer: Offer | None = None) -> Decimal | None:
    """The value in the pole's unit: the offer's own value per unit, else the grid's rate in
    force that day (of the offer's category, else of the kind). Hours, half-days and days
    convert into each other; items are valued only at a rate per item, which the grid has
    not: they count participation."""
    if offer is not None and offer.value_per_unit is not None:
        per_unit, rate_unit = offer.value_per_unit, ExchangeUnit(offer.unit.value)
    else:
        rate = rate_on(kind, offer.category_id if offer else None, day)
        if rate is None:
            return None
        per_unit, rate_unit = rate.value, ExchangeUnit(rate.unit.value)
    if rate_unit != unit:
        if unit not in HOURS_IN or rate_unit not in HOURS_IN:
            return None
        per_unit = per_unit * HOURS_IN[unit] / HOURS_IN[rate_unit]
    return (quantity * per_unit).quantize(CENT)


@dataclass(frozen=True)
class Rates:
    """What `value_of` would use on a day, for the declaration form's preview: the grid's
    rate of each kind and each offer's own value or its category's rate, as (value, unit)."""

    kinds: dict[OfferKind, tuple[Decimal, ExchangeUnit]]
    offers: dict[int, tuple[Decimal, ExchangeUnit]]


def rates_on(day: date, offers: list[Offer]) -> Rates:
    """The rates in force on a day, read once for the whole grid rather than per offer."""
    kinds, categories = {}, {}
    for kind, category, rate in valuation_grid(day):
        own = (rate.value, ExchangeUnit(rate.unit.value))
        if category is None:
            kinds[kind] = own
        else:
            categories[category.id] = own
    by_offer = {}
    for offer in offers:
        if offer.value_per_unit is not None:
            by_offer[offer.id] = (offer.value_per_unit, ExchangeUnit(offer.unit.value))
        elif offer.category_id in categories:
            by_offer[offer.id] = categories[offer.category_id]
    return Rates(kinds=kinds, offers=by_offer)


# --- posting ------------------------------------------------------------------------------


def closed_through() -> date | None:
    """The last day of the last closed period, if any."""
    return db.session.scalar(sa.select(sa.func.max(LedgerClose.ends_on)))


def booking_day(day: date) -> date:
    """The day an exchange of that day counts in: its own, unless its period is closed, then
    the first day of the next open period."""
    last = closed_through()
    return day if last is None or day > last else last + timedelta(days=1)


def post(exchange: Exchange, reversal_of: Exchange | None = None) -> None:
    """Write the exchange's two entries, in the caller's transaction. A reversal's entries
    carry the opposite signs of the original's."""
    session = db.session()
    serialise_on(session, CLOSE_LOCK, shared=True)
    sign = -1 if reversal_of is not None else 1
    day = booking_day(exchange.occurred_on)
    value = None if exchange.value is None else sign * exchange.value
    for side, member, counterpart in ((Side.GIVEN, exchange.provider_id, exchange.beneficiary_id),
                                      (Side.RECEIVED, exchange.beneficiary_id,
                                       exchange.provider_id)):
        session.add(LedgerEntry(
            exchange_id=exchange.id, member_id=member, counterpart_id=counterpart, side=side,
            kind=exchange.kind, unit=exchange.unit, quantity=sign * exchange.quantity,
            value=value, booked_on=day))
    try:
        session.flush()
    except IntegrityError:
        # The unique (exchange, side): it was posted already.
        raise _transition_refused(_("This exchange is already in the ledger.")) from None


def record_completed_booking(booking, offer: Offer, units: Decimal, day: date) -> Exchange:
    """The exchange of a completed booking, posted at once: the booking was the agreement."""
    exchange = Exchange(
        provider_id=offer.member_id, beneficiary_id=booking.member_id, kind=offer.kind,
        offer_id=offer.id, booking_id=booking.id, quantity=units,
        unit=ExchangeUnit(offer.unit.value),
        value=value_of(offer.kind, ExchangeUnit(offer.unit.value), units, day, offer),
        occurred_on=day, description=offer.title, status=ExchangeStatus.CONFIRMED,
        decided_at=utcnow())
    db.session.add(exchange)
    try:
        db.session.flush()
    except IntegrityError:
        # The unique booking_id: the exchange exists already.
        raise _transition_refused(_("This booking is already completed.")) from None
    post(exchange)
    return exchange


# --- who may see and do what --------------------------------------------------------------


def get_exchange(viewer: User, exchange_id: int) -> Exchange:
    exchange = db.session.get(Exchange, exchange_id)
    if exchange is None or not can_see(viewer, exchange):
        raise NotFound(_("This exchange does not exist."))
    return exchange


def _live_reversal(exchange: Exchange) -> Exchange | None:
    """The one reversal of an exchange that is not rejected, found by its unique index
    (whose condition the query repeats, so that every database uses it)."""
    return db.session.scalar(sa.select(Exchange).where(
        Exchange.reverses_id == exchange.id, Exchange.status != ExchangeStatus.REJECTED))


def pending_reversal(exchange: Exchange) -> Exchange | None:
    reversal = _live_reversal(exchange)
    return reversal if reversal and reversal.status == ExchangeStatus.PENDING else None


def reversal_of(exchange: Exchange) -> Exchange | None:
    """The confirmed reversal of a reversed exchange."""
    reversal = _live_reversal(exchange)
    return reversal if reversal and reversal.status == ExchangeStatus.CONFIRMED else None


def actions_on(viewer: User, exchange: Exchange) -> frozenset[ExchangeAction]:
    """What the viewer may do with the exchange now (see ledger.permissions)."""
    return exchange_actions(viewer, exchange, pending_reversal(exchange))


# --- declaring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    provider_id: int
    beneficiary_id: int
    kind: OfferKind
    quantity: Decimal
    unit: ExchangeUnit
    occurred_on: date
    description: str
    cooperation: Cooperation = Cooperation.STRATEGIC
    offer_id: int | None = None
    valued: bool = True


def check_may_declare(actor: User, provider_id: int, beneficiary_id: int) -> None:
    """An organisation declares the exchanges it took part in; the cell any."""
    if actor.role != Role.CELL and actor.member_id not in (provider_id, beneficiary_id):
        raise Forbidden(_("Declare only the exchanges your organisation took part in."))


def _check_declaration(actor: User, d: Declaration, today: date) -> Offer | None:
    check_may_declare(actor, d.provider_id, d.beneficiary_id)  # who, before what
    if d.provider_id == d.beneficiary_id:
        raise invalid_field("beneficiary_id", _("An organisation cannot exchange with itself."))
    members = set(db.session.scalars(sa.select(Member.id).where(
        Member.id.in_((d.provider_id, d.beneficiary_id)))))
    for name, member_id in (("provider_id", d.provider_id),
                            ("beneficiary_id", d.beneficiary_id)):
        if member_id not in members:
            raise invalid_field(name, _("This organisation does not exist."))
    try:
        quantity_ok = d.quantity.is_finite() and 0 < d.quantity <= MAX_QUANTITY
    except (InvalidOperation, AttributeError):
        quantity_ok = False
    if not quantity_ok or d.quantity != d.quantity.quantize(CENT):
        raise invalid_field("quantity", _("Give a quantity above 0 and up to %(max)s, with at most "
                                          "two decimals.", max=MAX_QUANTITY))
    if d.occurred_on > today:
        raise invalid_field("occurred_on", _("Declare an exchange once it has happened."))
    if d.occurred_on < date(2000, 1, 1):
        raise invalid_field("occurred_on", _("This date is too far in the past."))
    description = d.description.strip()
    if not description or len(description) > 500:
        raise invalid_field("description", _("Describe the exchange in at most %(n)d characters.",
                                             n=500))
    if d.offer_id is None:
        return None
    offer = db.session.get(Offer, d.offer_id)
    if offer is None or offer.member_id != d.provider_id or offer.kind != d.kind:
        raise invalid_field("offer_id", _("This offer is not one of the provider's of this kind."))
    return offer


def declare(actor: User, d: Declaration, today: date | None = None) -> Exchange:
    """A member (or the cell) declares an exchange that happened outside a booking; it stays
    pending until the other party (or the cell) confirms it."""
    offer = _check_declaration(actor, d, today or pole_today())
    value = value_of(d.kind, d.unit, d.quantity, d.occurred_on, offer) if d.valued else None
    declared_for = actor.member_id if actor.member_id in (d.provider_id,
                                                          d.beneficiary_id) else None
    with transaction() as session:
        exchange = Exchange(
            provider_id=d.provider_id, beneficiary_id=d.beneficiary_id, kind=d.kind,
            offer_id=d.offer_id, quantity=d.quantity, unit=d.unit, value=value,
            occurred_on=d.occurred_on, description=d.description.strip(),
            cooperation=d.cooperation, status=ExchangeStatus.PENDING,
            declared_by_id=actor.id, declared_for_id=declared_for)
        session.add(exchange)
        session.flush()
        _notify(exchange, "declared", actor)
    return exchange


# --- deciding -----------------------------------------------------------------------------


def _locked(exchange_id: int) -> Exchange:
    """The exchange's row, locked until the transaction ends."""
    exchange = db.session.scalar(
        sa.select(Exchange).where(Exchange.id == exchange_id)
        .with_for_update(of=Exchange).execution_options(populate_existing=True))
    if exchange is None:
        raise NotFound(_("This exchange does not exist."))
    return exchange


def _decide(actor: User, exchange_id: int, allowed: frozenset[ExchangeAction], act,
            event: str) -> Exchange:
    """Lock the exchange, check that the actor may still take one of the `allowed` actions
    on it, act, commit; retried when the database asks for it."""
    get_exchange(actor, exchange_id)

    def attempt() -> Exchange:
        with transaction():
            exchange = _locked(exchange_id)
            if not actions_on(actor, exchange) & allowed:
                raise _refusal(actor, exchange)
            act(exchange)
            _notify(exchange, event, actor)
        return exchange

    return run_use_case(attempt)


def _refusal(actor: User, exchange: Exchange) -> Exception:
    if exchange.status != ExchangeStatus.PENDING:
        return _transition_refused(_("This exchange is %(status)s already.",
                                     status=status_label(exchange.status)))
    return Forbidden(_("The other organisation (or the cell) confirms this exchange."))


def confirm(actor: User, exchange_id: int) -> Exchange:
    """The other party (or the cell) agrees: the exchange is posted in the ledger. For a
    reversal, its original is marked reversed."""
    def act(exchange: Exchange) -> None:
        exchange.status = ExchangeStatus.CONFIRMED
        exchange.decided_by_id, exchange.decided_at = actor.id, utcnow()
        original = _locked(exchange.reverses_id) if exchange.is_reversal else None
        if original is not None:
            if original.status != ExchangeStatus.CONFIRMED:
                raise _transition_refused(_("The exchange this reverses is not in the ledger."))
            original.status = ExchangeStatus.REVERSED
        db.session.flush()
        post(exchange, reversal_of=original)

    return _decide(actor, exchange_id, frozenset({ExchangeAction.CONFIRM}), act, "confirmed")


def reject(actor: User, exchange_id: int, reason: str) -> Exchange:
    get_exchange(actor, exchange_id)  # who may act, before what they sent
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise invalid_field("reason", _("Say why, in at most %(n)d characters.", n=500))

    def act(exchange: Exchange) -> None:
        exchange.status = ExchangeStatus.REJECTED
        exchange.decided_by_id, exchange.decided_at = actor.id, utcnow()
        exchange.reason = reason

    return _decide(actor, exchange_id, REJECTING, act, "rejected")


def reverse(actor: User, exchange_id: int, reason: str) -> Exchange:
    """Cancel a posted exchange by its reversal, once. The cell reverses at once; a party
    asks, and the reversal is posted when the other party agrees (by confirming it, or by
    asking for the same reversal). Returns the reversal."""
    original = get_exchange(actor, exchange_id)  # who may act, before what they sent
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise invalid_field("reason", _("Say why, in at most %(n)d characters.", n=500))
    if original.is_reversal:
        raise _transition_refused(_("A reversal cannot be reversed."))

    def attempt() -> Exchange:
        with transaction() as session:
            exchange = _locked(exchange_id)
            if exchange.status != ExchangeStatus.CONFIRMED:
                raise _transition_refused(_("Only an exchange in the ledger can be reversed; "
                                            "this one is %(status)s.",
                                            status=status_label(exchange.status)))
            asked = pending_reversal(exchange)
            actions = exchange_actions(actor, exchange, asked)
            if not actions & REVERSING:
                raise _transition_refused(_("Your reversal is waiting for the other "
                                            "organisation's agreement."))
            if ExchangeAction.AGREE_REVERSAL in actions:
                reversal = asked  # the other party asked: this is the agreement
            else:
                reversal = Exchange(
                    provider_id=exchange.provider_id, beneficiary_id=exchange.beneficiary_id,
                    kind=exchange.kind, offer_id=exchange.offer_id, quantity=exchange.quantity,
                    unit=exchange.unit, value=exchange.value, occurred_on=exchange.occurred_on,
                    description=exchange.description, cooperation=exchange.cooperation,
                    status=ExchangeStatus.PENDING, declared_by_id=actor.id,
                    declared_for_id=(None if actor.role == Role.CELL else actor.member_id),
                    reason=reason, reverses_id=exchange.id)
                session.add(reversal)
                session.flush()
            if actions & {ExchangeAction.REVERSE, ExchangeAction.AGREE_REVERSAL}:
                reversal.status = ExchangeStatus.CONFIRMED
                reversal.decided_by_id, reversal.decided_at = actor.id, utcnow()
                exchange.status = ExchangeStatus.REVERSED
                session.flush()
                post(reversal, reversal_of=exchange)
                audit.record(actor, "exchange.reverse", exchange,
                             f"{exchange.provider.name} → {exchange.beneficiary.name}: "
                             f"{exchange.description}", member_id=exchange.provider_id,
                             before={"status": ExchangeStatus.CONFIRMED.value},
                             after={"status": exchange.status.value, "reversal": reversal.id,
                                    "reason": reversal.reason})
            _notify(reversal, "confirmed" if reversal.status == ExchangeStatus.CONFIRMED
                    else "declared", actor)
        return reversal

    try:
        return run_use_case(attempt)
    except IntegrityError:
        # Two parties asked at the very same moment: the unique reversal kept one.
        raise _transition_refused(_("A reversal of this exchange is already asked for.")
                                  ) from None


# --- closing periods ----------------------------------------------------------------------


def close_period(actor: User, starts_on: date, ends_on: date, today: date | None = None
                 ) -> LedgerClose:
    """Close a period that has ended: its members' balances are stored, and nothing can be
    booked in it any more (late exchanges count in the next open period). Periods close in
    order, each right after the one before."""
    require_cell(actor)
    today = today or pole_today()
    if starts_on > ends_on:
        raise invalid_field("ends_on", _("The period must end after it starts."))
    if ends_on >= today:
        raise invalid_field("ends_on", _("Only a period that has ended can be closed."))

    def attempt() -> LedgerClose:
        with transaction() as session:
            serialise_on(session, CLOSE_LOCK)
            last = closed_through()
            if last is not None and starts_on != last + timedelta(days=1):
                raise invalid_field("starts_on", _(
                    "The ledger is closed up to %(day)s: the next period starts the day after.",
                    day=last.isoformat()))
            close = LedgerClose(starts_on=starts_on, ends_on=ends_on, closed_by_id=actor.id)
            session.add(close)
            session.flush()
            _store_balances(session, close)
            audit.record(actor, "ledger.close", close, f"{starts_on} – {ends_on}",
                         after=audit.fields(close, "starts_on", "ends_on"))
        return close

    try:
        return run_use_case(attempt)
    except IntegrityError:
        raise _transition_refused(_("This period is closed already.")) from None


def _store_balances(session, close: LedgerClose) -> None:
    e = LedgerEntry
    given = e.side == Side.GIVEN
    rows = session.execute(
        sa.select(e.member_id, e.kind, e.unit,
                  sa.func.sum(sa.case((given, e.quantity), else_=0)),
                  sa.func.sum(sa.case((given, 0), else_=e.quantity)),
                  sa.func.sum(sa.case((given, sa.func.coalesce(e.value, 0)), else_=0)),
                  sa.func.sum(sa.case((given, 0), else_=sa.func.coalesce(e.value, 0))))
        .where(e.booked_on <= close.ends_on)
        .group_by(e.member_id, e.kind, e.unit)).all()
    if rows:
        session.execute(sa.insert(ClosingBalance), [
            {"close_id": close.id, "member_id": m, "kind": k, "unit": u, "given_quantity": gq,
             "received_quantity": rq, "given_value": gv, "received_value": rv}
            for m, k, u, gq, rq, gv, rv in rows])


def list_closes() -> list[LedgerClose]:
    return list(db.session.scalars(sa.select(LedgerClose).order_by(LedgerClose.ends_on.desc())))


# --- words --------------------------------------------------------------------------------


def status_label(status: ExchangeStatus) -> str:
    return labels.exchange_status(status)


def _notify(exchange: Exchange, event: str, actor: User) -> None:
    """E-mail the people concerned once the transaction commits."""
    mail.queue_job(notifications.exchange_mails, exchange.id, event, actor.id)

