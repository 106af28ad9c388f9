"""Who may do what with organisations and people: one place for every rule."""

from __future__ import annotations

from functools import wraps

from flask_babel import gettext as _
from flask_login import current_user, login_required

from pooling.accounts.models import Role, User
from pooling.errors import Forbidden


def can_manage_people(user: User, member_id: int) -> bool:
    """The cell manages everyone; a member admin manages the people of their organisation."""
    if user.role == Role.CELL:
        return True
    return user.role == Role.MEMBER_ADMIN and user.member_id == member_id


def can_see_emails(user: User, member_id: int) -> bool:
    """People's e-mail addresses are for the cell and the organisation's own admins."""
    return can_manage_people(user, member_id)


def require_cell(user: User) -> None:
    if user.role != Role.CELL:
        raise Forbidden(_("Only the animation cell can do this."))


def require_people_manager(user: User, member_id: int) -> None:
    if not can_manage_people(user, member_id):
        raise Forbidden(_("Only the animation cell or this organisation's admins can do this."))


def can_edit_person(user: User, person: User) -> bool:
    """Managers of the person's organisation may change them; cell people only the cell."""
    if not can_manage_people(user, person.member_id) or person.erased_at is not None:
        return False
    return person.role != Role.CELL or user.role == Role.CELL


def require_person_editor(user: User, person: User) -> None:
    require_people_manager(user, person.member_id)
    if person.erased_at is not None:
        raise Forbidden(_("This person's personal data are erased: the account stays closed."))
    if not can_edit_person(user, person):
        raise Forbidden(_("Only the animation cell can change a member of the cell."))


def can_erase_person(user: User, person: User) -> bool:
    """The cell erases anyone's personal data once, except its own person's."""
    return user.role == Role.CELL and person.id != user.id and person.erased_at is None


def require_person_eraser(user: User, person: User) -> None:
    require_cell(user)
    if person.id == user.id:
        raise Forbidden(_("You cannot erase your own personal data."))


def cell_required(view):
    """A view for the animation cell only (sign-in first, then 403 for anyone else)."""

    @login_required
    @wraps(view)
    def wrapper(*args, **kwargs):
        require_cell(current_user)
        return view(*args, **kwargs)

    return wrapper
