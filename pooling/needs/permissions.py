"""Who may see and change a need."""

from __future__ import annotations

from datetime import date

from pooling.accounts.models import Role, User
from pooling.needs.models import Need, NeedState


def can_edit_need(user: User, need: Need) -> bool:
    """The owning organisation's people and the animation cell."""
    return user.role == Role.CELL or user.member_id == need.member_id


def can_see_need(user: User, need: Need, today: date) -> bool:
    """Open needs are for everyone signed in; closed and expired ones for their editors."""
    return need.state(today) == NeedState.OPEN or can_edit_need(user, need)


def can_close_need(user: User, need: Need) -> bool:
    """An editor closes a need still open (expired included: its outcome is still news)."""
    return can_edit_need(user, need) and need.closed_at is None
