"""The booking pages: book an offer, an organisation's bookings and calendar, the
requests to decide, a booking and the decisions on it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import (
    Blueprint,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms import SelectChoice

from pooling.accounts.forms import EmptyForm
from pooling.bookings import lifecycle, queries, series, services
from pooling.bookings.availability import Alternatives
from pooling.bookings.forms import BookingFilterForm, BookingForm, ChangeForm, ReasonForm
from pooling.bookings.models import BookingStatus
from pooling.bookings.permissions import (
    Action,
    allowed_actions,
    can_decide,
    is_beneficiary,
    is_owner,
)
from pooling.bookings.recurrence import Recurrence
from pooling.catalogue import services as catalogue
from pooling.catalogue.models import OfferKind
from pooling.db import MAX_PAGE, utcnow
from pooling.errors import DomainError, InvalidInput, invalid_field, show_on_form
from pooling.localtime import as_utc, wall_clock
from pooling.members.services import DirectoryQuery, search_members
from pooling.needs.services import need_to_book_for
from pooling.pole.clock import pole_zone
from pooling.web import id_arg, names_supported_day, out_of_days_message

bp = Blueprint("bookings", __name__, url_prefix="/bookings")


def _local(text: str | None) -> datetime | None:
    """A date-time of a query string in the pole's local time (its offset, if it has one,
    is converted); None when it is not one."""
    try:
        return as_utc(datetime.fromisoformat(text or "")).astimezone(pole_zone())
    except (ValueError, OverflowError):  # not a date-time, or one the clocks skip
        return None


def _feed_instant(name: str) -> datetime:
    text = request.args.get(name)
    if text and not names_supported_day(text):
        raise invalid_field(name, out_of_days_message())
    value = _local(text)
    if value is None:
        raise InvalidInput(_("Give the start and end of the period as dates."),
                           fields={name: [_("Not a valid date.")]})
    return value.astimezone(UTC)


@bp.app_template_global()
def requests_to_decide_count() -> int:
    """The badge of the menu: requests waiting for the person's organisation."""
    if not current_user.is_authenticated:
        return 0
    if "requests_to_decide" not in g:  # the menu and the tabs ask on the same page
        g.requests_to_decide = queries.count_requests_to_decide(current_user)
    return g.requests_to_decide


# --- booking an offer ------------------------------------------------------------------


def _prefill(form: BookingForm, offer) -> None:
    """The form filled in from its link: times, number and purpose; opened from a need's
    suggestions, the need's people or items, its text as the purpose, and the need."""
    need = need_to_book_for(current_user, request.args.get("need", type=id_arg))
    start, end = _local(request.args.get("start")), _local(request.args.get("end"))
    if start is not None:
        form.start_day.data, form.start_time.data = start.date(), start.time()
    if end is not None and (start is None or end > start):
        form.end_day.data, form.end_time.data = end.date(), end.time()
    elif start is not None:
        form.end_day.data = start.date()
    quantity = request.args.get("quantity", type=int)
    if quantity and quantity > 0:
        form.quantity.data = quantity
    form.purpose.data = (request.args.get("purpose") or "")[:500]
    if "member_id" in form:
        form.member_id.data = request.args.get("member", current_user.member_id,
                                                type=id_arg)
    if need is None:
        return
    form.need_id.data = str(need.id)
    amount = need.capacity if offer.kind == OfferKind.PREMISES else need.quantity
    if amount and "quantity" in form and not request.args.get("quantity"):
        form.quantity.data = amount
    if not form.purpose.data:
        form.purpose.data = need.text[:500]
    if "member_id" in form:
        form.member_id.data = need.member_id


def _form_page(offer, form: BookingForm, status: int = 200, **context):
    """The booking form, saying which need it answers, if any."""
    need = need_to_book_for(current_user, _need_id(form, strict=False))
    return render_template("bookings/new.html", offer=offer, form=form, need=need,
                           **context), status


def _refused(offer, form: BookingForm, error: DomainError):
    """The form again with what was refused; who may book what is no form's matter."""
    if error.status in (403, 404):
        raise error
    if "need_id" in error.fields:  # said once; sent again, the form books without it
        form.need_id.data = ""
    show_on_form(form, error)
    return _form_page(offer, form, error.status)


def _need_id(form: BookingForm, strict: bool = True) -> int | None:
    """The need the form answers, from its hidden field; not an id, refused (or None)."""
    if not form.need_id.data:
        return None
    try:
        return id_arg(form.need_id.data)
    except ValueError:
        if not strict:
            return None
        raise invalid_field("need_id", _("This need does not exist.")) from None


def _kept(form: BookingForm) -> dict:
    """What a link to the form filled in again keeps of this one."""
    keep = {"quantity": (form.quantity.data if "quantity" in form else None) or 1}
    if form.purpose.data:
        keep["purpose"] = form.purpose.data
    if "member_id" in form and form.member_id.data != current_user.member_id:
        keep["member"] = form.member_id.data
    if form.need_id.data:
        keep["need"] = form.need_id.data
    return keep


def _alternatives(offer, found: Alternatives, start: datetime, end: datetime, keep: dict
                  ) -> dict:
    """A refusal's alternatives (for start to end), as links to the form filled in."""
    slots = [{"start": slot.start, "end": slot.end, "url": url_for(
        "bookings.new", offer=offer.id, start=wall_clock(slot.start),
        end=wall_clock(slot.end), **keep)} for slot in found.slots]
    offers = [{"id": other.id, "title": other.title, "member": other.member.name,
               "url": url_for("bookings.new", offer=other.id, start=wall_clock(start),
                              end=wall_clock(end), **keep)}
              for other in found.offers]
    return {"slots": slots, "offers": offers}


def _occurrences(offer, found: list, form: BookingForm) -> list[dict]:
    """The occurrences of a series, each taken one with its alternatives as links."""
    keep = _kept(form)
    return [{"occurrence": o, "alternatives": _alternatives(
        offer, o.alternatives, o.interval.start, o.interval.end, keep)
        if o.alternatives is not None else None} for o in found]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Book an offer for a time, in the pole's local time."""
    offer = catalogue.get_offer(current_user, request.args.get("offer", 0, type=id_arg))
    form = BookingForm()
    if current_user.is_cell and (request.method == "GET" or "member_id" in request.form):
        form.member_id.choices = [SelectChoice(m.id, m.name) for m in search_members(
            DirectoryQuery(per_page=MAX_PAGE)).items]
    else:
        del form.member_id
    if offer.kind == OfferKind.SKILL:
        del form.quantity
    elif offer.kind == OfferKind.PREMISES:
        form.quantity.label.text = _("Number of people")
        # No "max": the browser would refuse a larger group before the server can
        # propose rooms that hold it.
        form.quantity.render_kw = {"min": 1}
        if offer.capacity:  # a storage room has none
            form.quantity.description = _("At most %(n)d people.", n=offer.capacity)
    else:
        form.quantity.label.text = _("Number of items")
        form.quantity.render_kw = {"min": 1}
        form.quantity.description = _("%(n)d in stock.", n=offer.quantity or 0)
    if request.method == "GET":
        _prefill(form, offer)
        return _form_page(offer, form)
    if not form.validate_on_submit():
        return _form_page(offer, form, 422)
    alternatives = None
    try:
        booking_request = services.BookingRequest(
            offer_id=offer.id,
            starts_at=form.starts_at(), ends_at=form.ends_at(),
            quantity=form.quantity.data if "quantity" in form else 1,
            purpose=form.purpose.data or "",
            member_id=form.member_id.data if "member_id" in form else None,
            need_id=_need_id(form))
        if form.repeat.data:
            return _book_series(offer, form, booking_request)
        booking = services.create_booking(current_user, booking_request)
    except services.BookingRefused as refusal:
        alternatives = _alternatives(offer, refusal.alternatives, form.starts_at(),
                                     form.ends_at(), _kept(form))
        form.form_errors.append(refusal.message)
        return _form_page(offer, form, refusal.status, alternatives=alternatives)
    except DomainError as error:
        return _refused(offer, form, error)
    if booking.status == BookingStatus.CONFIRMED:
        flash(_("Your booking is confirmed."), "success")
    else:
        flash(_("Your request is sent to %(member)s. You will receive an e-mail when they "
                "decide.", member=booking.offer.member.name), "success")
    if booking.need_id:
        flash(_("It is linked to your need: close the need as fulfilled from its page when "
                "it is."), "info")
    return redirect(url_for("bookings.detail", booking_id=booking.id))


def _book_series(offer, form: BookingForm, booking_request: services.BookingRequest):
    """A recurring booking: first the list of occurrences, free or not; then the free ones
    are booked when the person confirms."""
    recurrence = Recurrence(
        frequency=form.repeat.data, interval=form.interval.data or 1,
        weekdays=tuple(form.weekdays.data or ()), monthly_by=form.monthly_by.data or "date",
        until=form.until.data, count=form.count.data)
    try:
        if request.form.get("action") != "book":
            occurrences = series.preview(current_user, booking_request, recurrence)
            return _form_page(offer, form, occurrences=_occurrences(offer, occurrences, form),
                              free=sum(o.free for o in occurrences))
        result = series.book_series(current_user, booking_request, recurrence)
    except DomainError as error:
        return _refused(offer, form, error)
    # The whole series at once: what was booked, what was left out and why, and what
    # would do instead; the occurrences left out are not stored, hence no redirect.
    rows = [{"booking": b, "start": b.starts_at} for b in result.bookings] + [
        dict(item, booking=None, start=item["occurrence"].interval.start)
        for item in _occurrences(offer, result.skipped, form)]
    return render_template("bookings/series_result.html", offer=offer,
                           rows=sorted(rows, key=lambda row: row["start"]),
                           booked=len(result.bookings), skipped=len(result.skipped))


# --- my organisation's bookings, requests and calendar -----------------------------------


@bp.get("/")
@login_required
def index():
    """The bookings my organisation made, or those of its offers."""
    side = "received" if request.args.get("side") == "received" else "made"
    form = BookingFilterForm(request.args)
    if not form.validate():
        return render_template("bookings/index.html", form=form, side=side, page=None), 400
    zone, now = pole_zone(), utcnow()
    period = form.period.data or "upcoming"
    start = end = None
    if form.start.data:
        start = datetime.combine(form.start.data, time(0), zone).astimezone(UTC)
    elif period == "upcoming":
        start = now
    if form.end.data:
        end = datetime.combine(form.end.data + timedelta(days=1), time(0), zone).astimezone(UTC)
    elif period == "past" and not form.start.data:
        end = now
    page = queries.list_bookings(current_user, queries.BookingQuery(
        side=side, status=BookingStatus(form.status.data) if form.status.data else None,
        start=start, end=end, newest_first=period == "past",
        page=request.args.get("page", 1, type=int)))
    return render_template("bookings/index.html", form=form, side=side, page=page)


@bp.get("/requests")
@login_required
def requests():
    """The requests waiting for my organisation's decision: those for its own offers, and
    for the cell those for the other organisations' offers, apart."""
    pole = current_user.is_cell and request.args.get("for") == "pole"
    number = request.args.get("page", 1, type=int)
    page = queries.requests_to_decide(current_user, number, ours=not pole)
    counts = {"ours": page.total, "pole": 0}
    if current_user.is_cell:
        other = queries.requests_to_decide(current_user, 1, per_page=1, ours=pole)
        counts["pole" if not pole else "ours"] = other.total
        counts["pole" if pole else "ours"] = page.total
    return render_template("bookings/requests.html", page=page, form=EmptyForm(),
                           showing="pole" if pole else "ours", counts=counts)


@bp.get("/calendar")
@login_required
def calendar():
    """A week or month calendar of my organisation's bookings, both ways."""
    return render_template("bookings/calendar.html")


@bp.get("/calendar.json")
@login_required
def calendar_feed():
    """The events of my organisation's calendar, in the pole's wall-clock time."""
    bookings = queries.member_calendar(current_user, _feed_instant("start"),
                                        _feed_instant("end"))
    events = []
    for booking in bookings:
        made = booking.member_id == current_user.member_id
        title = (_("%(offer)s · from %(member)s", offer=booking.offer.title,
                   member=booking.offer.member.name) if made else
                 _("%(offer)s · for %(member)s", offer=booking.offer.title,
                   member=booking.member.name))
        if booking.purpose and not made:
            title += " · " + booking.purpose
        events.append({
            "id": booking.id, "title": title,
            "start": wall_clock(booking.starts_at), "end": wall_clock(booking.ends_at),
            "url": url_for("bookings.detail", booking_id=booking.id),
            "classNames": ["booking", f"booking-{booking.status.value}",
                           "booking-made" if made else "booking-received"],
        })
    return jsonify(events)


@bp.get("/<int:booking_id>")
@login_required
def detail(booking_id: int):
    booking = lifecycle.get_booking(current_user, booking_id)
    allowed = allowed_actions(current_user, booking, utcnow())
    actions = {action.value: action in allowed for action in Action}
    # Access instructions are for the beneficiary once the booking is confirmed.
    show_access = booking.status == BookingStatus.CONFIRMED and (
        is_beneficiary(current_user, booking) or is_owner(current_user, booking))
    local = booking.starts_at.astimezone(pole_zone())
    change_form = ChangeForm(data={
        "starts": local.time(),
        "ends": booking.ends_at.astimezone(local.tzinfo).time()})
    return render_template("bookings/detail.html", booking=booking, actions=actions,
                           show_access=show_access, form=ReasonForm(),
                           change_form=change_form if Action.CHANGE in allowed else None,
                           need_id=booking.need_id if is_beneficiary(current_user, booking)
                           or current_user.is_cell else None,
                           owner_cancels=can_decide(current_user, booking))


def _act(booking_id: int, verb: Action, action, success: str):
    """Act on a booking: who may act is settled (404, 403) before the form is read."""
    lifecycle.get_booking_for(current_user, booking_id, verb)
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
    return _act(booking_id, Action.CONFIRM,
                lambda _r: lifecycle.confirm(current_user, booking_id),
                _("The booking is confirmed."))


@bp.post("/<int:booking_id>/decline")
@login_required
def decline(booking_id: int):
    return _act(booking_id, Action.DECLINE,
                lambda r: lifecycle.decline(current_user, booking_id, r),
                _("The request is declined."))


@bp.post("/<int:booking_id>/cancel")
@login_required
def cancel(booking_id: int):
    scope = request.form.get("scope") or "one"
    if scope == "one":
        return _act(booking_id, Action.CANCEL,
                    lambda r: lifecycle.cancel(current_user, booking_id, r),
                    _("The booking is cancelled."))
    return _act(booking_id, Action.CANCEL,
                lambda r: lifecycle.cancel_occurrences(current_user, booking_id, scope, r),
                _("The occurrences are cancelled."))


@bp.post("/<int:booking_id>/change")
@login_required
def change(booking_id: int):
    """The organisation that booked moves a booking, or occurrences of its series, to new
    times on their own days; the rules judge each as a new booking."""
    lifecycle.get_booking_for(current_user, booking_id, Action.CHANGE)
    form = ChangeForm()
    if not form.validate_on_submit():
        flash(_("Give a start and an end time."), "danger")
        return redirect(url_for("bookings.detail", booking_id=booking_id)), 303
    try:
        moved = lifecycle.change_occurrences(current_user, booking_id, form.scope.data or "one",
                                          form.starts.data, form.ends.data)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        flash(error.message, "danger")
        return redirect(url_for("bookings.detail", booking_id=booking_id)), 303
    flash(ngettext("%(num)d booking is moved.", "%(num)d bookings are moved.", len(moved)),
          "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))


@bp.post("/<int:booking_id>/complete")
@login_required
def complete(booking_id: int):
    return _act(booking_id, Action.COMPLETE,
                lambda _r: lifecycle.complete(current_user, booking_id),
                _("The booking is completed and the exchange recorded."))


@bp.post("/<int:booking_id>/no-show")
@login_required
def no_show(booking_id: int):
    return _act(booking_id, Action.NO_SHOW,
                lambda _r: lifecycle.report_no_show(current_user, booking_id),
                _("The no-show is recorded."))
