"""The booking pages: a booking, and the decisions on it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pooling.bookings import services
from pooling.bookings.forms import ReasonForm
from pooling.bookings.models import BookingStatus
from pooling.bookings.permissions import can_decide, is_beneficiary, is_owner
from pooling.db import utcnow
from pooling.errors import DomainError

bp = Blueprint("bookings", __name__, url_prefix="/bookings")


@bp.get("/<int:booking_id>")
@login_required
def detail(booking_id: int):
    booking = services.get_booking(current_user, booking_id)
    now = utcnow()
    open_ = booking.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
    actions = {
        "confirm": booking.status == BookingStatus.REQUESTED and can_decide(current_user, booking),
        "decline": booking.status == BookingStatus.REQUESTED and can_decide(current_user, booking),
        "cancel": open_ and booking.ends_at > now and (
            can_decide(current_user, booking) or
            (is_beneficiary(current_user, booking) and booking.starts_at > now)),
        "complete": booking.status == BookingStatus.CONFIRMED and booking.ends_at <= now
        and can_decide(current_user, booking),
        "no_show": booking.status == BookingStatus.CONFIRMED and booking.starts_at <= now
        and can_decide(current_user, booking),
    }
    # Access instructions are for the beneficiary once the booking is confirmed.
    show_access = booking.status == BookingStatus.CONFIRMED and (
        is_beneficiary(current_user, booking) or is_owner(current_user, booking))
    return render_template("bookings/detail.html", booking=booking, actions=actions,
                           show_access=show_access, form=ReasonForm(),
                           owner_cancels=can_decide(current_user, booking))


def _act(booking_id: int, action, success: str):
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; please try again."), "danger")
        return redirect(url_for("bookings.detail", booking_id=booking_id)), 400
    try:
        action(form.reason.data or "")
    except DomainError as error:
        if error.status in (403, 404):
            raise
        flash(error.message, "danger")
        return redirect(url_for("bookings.detail", booking_id=booking_id)), 303
    flash(success, "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))


@bp.post("/<int:booking_id>/confirm")
@login_required
def confirm(booking_id: int):
    return _act(booking_id, lambda _r: services.confirm(current_user, booking_id),
                _("The booking is confirmed."))


@bp.post("/<int:booking_id>/decline")
@login_required
def decline(booking_id: int):
    return _act(booking_id, lambda r: services.decline(current_user, booking_id, r),
                _("The request is declined."))


@bp.post("/<int:booking_id>/cancel")
@login_required
def cancel(booking_id: int):
    return _act(booking_id, lambda r: services.cancel(current_user, booking_id, r),
                _("The booking is cancelled."))


@bp.post("/<int:booking_id>/complete")
@login_required
def complete(booking_id: int):
    return _act(booking_id, lambda _r: services.complete(current_user, booking_id),
                _("The booking is completed and the exchange recorded."))


@bp.post("/<int:booking_id>/no-show")
@login_required
def no_show(booking_id: int):
    return _act(booking_id, lambda _r: services.report_no_show(current_user, booking_id),
                _("The no-show is recorded."))
