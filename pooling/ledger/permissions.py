"""What a person may do with an exchange now: the one answer that the services check before
they act and that the exchange's page asks to show its buttons."""

from __future__ import annotations

from enum import StrEnum

from pooling.accounts.models import Role, User
from pooling.ledger.models import Exchange, ExchangeStatus


class ExchangeAction(StrEnum):
    CONFIRM = "confirm"  # a pending exchange the other side declared (or a reversal)
    REJECT = "reject"  # a pending exchange the other side declared
    WITHDRAW = "withdraw"  # one's own pending declaration: a rejection by its author
    REVERSE = "reverse"  # the cell reverses a posted exchange at once
    ASK_REVERSAL = "ask_reversal"  # a party asks; the reversal waits for the other party
    AGREE_REVERSAL = "agree_reversal"  # the other side asked: agreeing posts the reversal


REJECTING = frozenset({ExchangeAction.REJECT, ExchangeAction.WITHDRAW})
REVERSING = frozenset({ExchangeAction.REVERSE, ExchangeAction.ASK_REVERSAL,
                       ExchangeAction.AGREE_REVERSAL})


def can_see(viewer: User, exchange: Exchange) -> bool:
    """The parties and the cell see an exchange."""
    return viewer.role == Role.CELL or exchange.party_of(viewer.member_id)


def exchange_actions(viewer: User, exchange: Exchange, asked: Exchange | None
                     ) -> frozenset[ExchangeAction]:
    """What the viewer may do with the exchange now; `asked` is its pending reversal."""
    if not can_see(viewer, exchange):
        return frozenset()
    cell = viewer.role == Role.CELL
    own = not cell and viewer.member_id == exchange.declared_for_id
    if exchange.status == ExchangeStatus.PENDING:
        # The party that did not declare it (or the cell) confirms; the declaring party
        # may only withdraw it.
        if own:
            return frozenset({ExchangeAction.WITHDRAW})
        return frozenset({ExchangeAction.CONFIRM, ExchangeAction.REJECT})
    if exchange.status != ExchangeStatus.CONFIRMED or exchange.is_reversal:
        return frozenset()
    if asked is not None:
        # The side that asked for the reversal waits for the other one.
        if not cell and asked.declared_for_id == viewer.member_id:
            return frozenset()
        return frozenset({ExchangeAction.AGREE_REVERSAL})
    return frozenset({ExchangeAction.REVERSE if cell else ExchangeAction.ASK_REVERSAL})
