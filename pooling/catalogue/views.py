"""The catalogue's pages: find offers, read one, and manage one's organisation's offers."""

from __future__ import annotations

import base64
import binascii
import io
from datetime import UTC, datetime, time, timedelta

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from pooling import labels
from pooling.accounts.forms import EmptyForm
from pooling.accounts.permissions import cell_required, require_cell
from pooling.accounts.services import people_of
from pooling.bookings import queries as booking_queries
from pooling.bookings import rules
from pooling.bookings.models import BookingStatus
from pooling.bookings.permissions import can_see_booking
from pooling.catalogue import csv_import, photos, services
from pooling.catalogue.forms import (
    CatalogueFilterForm,
    CategoryForm,
    ClosureForm,
    ImportForm,
    OfferForm,
    PhotoForm,
    RateForm,
    StatusForm,
)
from pooling.catalogue.hours import Interval, WeeklySlot
from pooling.catalogue.models import BookingPolicy, OfferKind, OfferStatus, Unit
from pooling.catalogue.permissions import can_edit_offer
from pooling.db import MAX_PAGE, supported_day, utcnow
from pooling.errors import DomainError, InvalidInput, invalid_field, show_on_form
from pooling.localtime import NonexistentTime, as_utc, nonexistent_message, wall_clock
from pooling.members.services import DirectoryQuery, list_domains, search_members
from pooling.needs.matches import matching_needs
from pooling.pole.clock import pole_today, pole_zone
from pooling.web import out_of_days_message

bp = Blueprint("catalogue", __name__, url_prefix="/offers")
# "Our offers" counts up to this many open needs per offer, then says "20+".
NEEDS_COUNTED = 20


def _category_choices(kind: OfferKind | None, blank: str | None = None) -> list[SelectChoice]:
    locale = str(get_locale())
    choices = [SelectChoice(str(c.id), c.label(locale) if kind else
                            f"{labels.OFFER_KINDS[c.kind]} · {c.label(locale)}")
               for c in services.list_categories(kind)]
    return ([SelectChoice("", blank)] if blank else []) + choices


@bp.get("/")
@login_required
def catalogue():
    """Everything the members share, searched and filtered."""
    form = CatalogueFilterForm(request.args)
    form.category.choices = _category_choices(None, _("All categories"))
    form.domain.choices = [SelectChoice("", _("All domains"))] + [
        SelectChoice(d.code, d.label(str(get_locale()))) for d in list_domains()]
    if not form.validate():
        return render_template("catalogue/catalogue.html", form=form, page=None), 400
    try:
        available_from, available_to = form.available_during()
        page = services.search_offers(services.OfferQuery(
            q=form.q.data or "",
            kind=OfferKind(form.kind.data) if form.kind.data else None,
            category_id=int(form.category.data) if form.category.data else None,
            domain=form.domain.data or None,
            min_capacity=form.min_capacity.data, min_quantity=form.min_quantity.data,
            step_free=form.step_free.data,
            available_from=available_from, available_to=available_to,
            sort=form.sort.data or "relevance",
            page=max(1, min(request.args.get("page", 1, type=int), MAX_PAGE)),
            viewer_member_id=current_user.member_id,
        ))
    except InvalidInput as error:
        form.form_errors.append(error.message)
        return render_template("catalogue/catalogue.html", form=form, page=None), 400
    booking = (_booking_then(form, page.items, available_from, available_to)
               if available_from else {})
    return render_template("catalogue/catalogue.html", form=form, page=page, booking=booking)


def _booking_then(form: CatalogueFilterForm, offers, start: datetime, end: datetime
                  ) -> dict[int, dict]:
    """For each offer found free during the period asked for: the booking form filled in
    with the search's times and number, or why this member cannot book it then."""
    wanted = {OfferKind.PREMISES: form.min_capacity.data, OfferKind.TOOL: form.min_quantity.data}
    found, now = {}, utcnow()
    for offer in offers:
        quantity = wanted.get(offer.kind) or 1
        refused = rules.limits(offer, Interval(start, end), quantity, now)
        extra = {"quantity": quantity} if offer.kind in wanted else {}
        found[offer.id] = {"refused": refused.message if refused else None, "url": url_for(
            "bookings.new", offer=offer.id, start=wall_clock(start), end=wall_clock(end),
            **extra)}
    return found


def _slot_range(offer) -> tuple[str, str]:
    """The hours the calendar shows: the offer's opening hours, with an hour around them."""
    opens = min((h.opens_at.hour for h in offer.opening_hours), default=8)
    closes = max((h.closes_at.hour + (h.closes_at.minute > 0) for h in offer.opening_hours),
                 default=19)
    return f"{max(0, opens - 1):02d}:00", f"{min(24, closes + 1):02d}:00"


def _week_rows(offer) -> list[tuple[str, list]]:
    slots = {d: [] for d in range(7)}
    for slot in offer.opening_hours:
        slots[slot.weekday].append(slot)
    return [(labels.WEEKDAYS[d], slots[d]) for d in range(7)]


@bp.get("/<int:offer_id>")
@login_required
def detail(offer_id: int):
    """One offer: what it is, who shares it, when it is open."""
    offer = services.get_offer(current_user, offer_id)
    editable = can_edit_offer(current_user, offer)
    today = pole_today()
    # The needs it can serve tell who could work with whom: for its owner and the cell.
    needs = (matching_needs(current_user, offer.id)
             if editable and offer.status == OfferStatus.PUBLISHED else None)
    return render_template(
        "catalogue/detail.html", offer=offer, editable=editable, needs=needs,
        tags=services.tags_of(offer.id), week=_week_rows(offer), slot_range=_slot_range(offer),
        value=services.value_per_unit(offer, today),
        closures=[c for c in offer.closures if c.ends_at > utcnow()],
        status_form=StatusForm(), action_form=EmptyForm(), closure_form=ClosureForm(),
        photo_form=PhotoForm(),
    )


def _local_instant(text: str | None, name: str) -> datetime:
    """A date or date-time of the calendar's query string; without offset, the pole's."""
    try:
        value = datetime.fromisoformat(text or "")
    except ValueError:
        raise InvalidInput(_("Give the start and end of the period as dates."),
                           fields={name: [_("Not a valid date.")]}) from None
    if not supported_day(value):
        raise invalid_field(name, out_of_days_message())
    try:
        return as_utc(value)
    except NonexistentTime as error:
        raise invalid_field(name, nonexistent_message(error)) from None


@bp.get("/<int:offer_id>/calendar.json")
@login_required
def calendar_feed(offer_id: int):
    """The events of an offer's week calendar, in the pole's wall-clock time."""
    start = _local_instant(request.args.get("start"), "start")
    end = _local_instant(request.args.get("end"), "end")
    calendar = services.offer_calendar(current_user, offer_id, start, end)
    # The hours outside the opening slots are greyed out.
    events = [{"groupId": "open", "display": "inverse-background", "classNames": ["closed"],
               "start": wall_clock(i.start), "end": wall_clock(i.end)}
              for i in calendar.open] or [
        {"display": "background", "classNames": ["closed"],
         "start": request.args["start"][:16], "end": request.args["end"][:16]}]
    events += [{"title": _("Closed: %(reason)s", reason=c.reason), "display": "background",
                "classNames": ["closure"], "start": wall_clock(c.starts_at),
                "end": wall_clock(c.ends_at), "extendedProps": {"blocking": True}}
               for c in calendar.closures]
    events += [_booking_event(b) for b in booking_queries.offer_bookings(
        current_user, offer_id, start, end)]
    return jsonify(events)


def _booking_event(booking) -> dict:
    """A booking on an offer's calendar: its details for the two organisations and the
    cell, only "Booked" for everyone else."""
    pending = booking.status == BookingStatus.REQUESTED
    event = {"start": wall_clock(booking.starts_at), "end": wall_clock(booking.ends_at),
             "classNames": ["booking", "booking-requested" if pending else "booking-held"],
             # A held room or skill cannot be selected again; a tool may have items left.
             "extendedProps": {"blocking": not pending and booking.exclusive}}
    if can_see_booking(current_user, booking):
        title = booking.member.name + (f" · {booking.purpose}" if booking.purpose else "")
        event.update(title=(_("Request: %(title)s", title=title) if pending else title),
                     url=url_for("bookings.detail", booking_id=booking.id))
    else:
        event["title"] = _("Pending request") if pending else _("Booked")
    return event


@bp.get("/mine")
@login_required
def mine():
    """The offers of my organisation, drafts and archives included."""
    return render_template("catalogue/mine.html",
                           offers=services.offers_of(current_user.member_id),
                           action_form=EmptyForm())


@bp.get("/<int:offer_id>/matching-needs.json")
@login_required
def matching_needs_count(offer_id: int):
    """How many open needs an offer can serve: "our offers" asks once the page is shown,
    since matching an offer against every open need takes tens of milliseconds each."""
    found = matching_needs(current_user, offer_id, limit=NEEDS_COUNTED)
    count = len(found)
    label = (_("none yet") if not count else
             ngettext("%(num)d need", "%(num)d needs", count) if count < NEEDS_COUNTED else
             _("%(n)d+ needs", n=NEEDS_COUNTED))
    return jsonify({"count": count, "label": label,
                    "url": url_for("catalogue.detail", offer_id=offer_id,
                                   _anchor="matching-needs")})


def _offer_data(form: OfferForm, kind: OfferKind) -> services.OfferData:
    slots = []
    for weekday, entry in enumerate(form.opening_hours.entries):
        day = entry.form
        for opens, closes in ((day.opens_1.data, day.closes_1.data),
                              (day.opens_2.data, day.closes_2.data)):
            if opens or closes:
                if not (opens and closes):
                    raise InvalidInput(_("Give both the opening and the closing time."),
                                       fields={"opening_hours": [_("Incomplete opening hours.")]})
                slots.append(WeeklySlot(weekday, opens, closes))
    return services.OfferData(
        kind=kind, title=form.title.data, category_id=form.category_id.data,
        description=form.description.data or "",
        tags=(form.tags.data or "").split(","),
        booking_policy=BookingPolicy(form.booking_policy.data), unit=Unit(form.unit.data),
        value_per_unit=form.value_per_unit.data,
        min_duration_minutes=form.min_duration_minutes.data or 30,
        max_duration_minutes=form.max_duration_minutes.data,
        min_notice_minutes=form.min_notice_minutes.data or 0,
        buffer_minutes=form.buffer_minutes.data or 0,
        opening_hours=slots,
        capacity=form.capacity.data, surface_m2=form.surface_m2.data,
        equipment=form.equipment.data or "", step_free_access=form.step_free_access.data,
        accessible_toilets=form.accessible_toilets.data, location=form.location.data or "",
        access_instructions=form.access_instructions.data or "",
        quantity=form.quantity.data, condition=form.condition.data or "",
        conditions_of_use=form.conditions_of_use.data or "",
        pickup_place=form.pickup_place.data or "",
        provider_id=form.provider_id.data or None, level=form.level.data or "",
        max_hours_per_week=form.max_hours_per_week.data,
        max_hours_per_month=form.max_hours_per_month.data,
    )


def _prepare(form: OfferForm, kind: OfferKind, member_id: int) -> None:
    form.category_id.choices = _category_choices(kind)
    form.provider_id.choices = [SelectChoice("0", _("Nobody in particular"))] + [
        SelectChoice(str(p.id), p.full_name) for p in people_of(member_id)]


def _fill_hours(form: OfferForm, offer) -> None:
    by_day: dict[int, list] = {d: [] for d in range(7)}
    for slot in offer.opening_hours:
        by_day[slot.weekday].append(slot)
    for weekday, entry in enumerate(form.opening_hours.entries):
        day_slots = by_day[weekday][:2]
        if day_slots:
            entry.form.opens_1.data, entry.form.closes_1.data = (
                day_slots[0].opens_at, day_slots[0].closes_at)
        if len(day_slots) > 1:
            entry.form.opens_2.data, entry.form.closes_2.data = (
                day_slots[1].opens_at, day_slots[1].closes_at)


def _save(form: OfferForm, kind: OfferKind, offer=None):
    member_id = offer.member_id if offer else current_user.member_id
    _prepare(form, kind, member_id)
    if form.validate_on_submit():
        try:
            data = _offer_data(form, kind)
            if offer is None:
                offer = services.create_offer(current_user, member_id, data)
                flash(_("The offer is saved as a draft. Publish it when it is ready."),
                      "success")
            else:
                offer = services.update_offer(current_user, offer.id, data)
                flash(_("The offer is saved."), "success")
        except DomainError as error:
            show_on_form(form, error)
            return render_template("catalogue/form.html", form=form, kind=kind,
                                   offer=offer), error.status
        return redirect(url_for("catalogue.detail", offer_id=offer.id))
    status = 422 if form.is_submitted() else 200
    return render_template("catalogue/form.html", form=form, kind=kind, offer=offer), status


@bp.route("/new/<kind>", methods=["GET", "POST"])
@login_required
def create(kind: str):
    """Describe something my organisation can share."""
    try:
        offer_kind = OfferKind(kind)
    except ValueError:
        return render_template("errors/404.html", status=404,
                               message=_("This kind of offer does not exist.")), 404
    form = OfferForm()
    if request.method == "GET":
        for entry in form.opening_hours.entries[:5]:  # office hours by default, Monday to Friday
            entry.form.opens_1.data, entry.form.closes_1.data = time(9), time(12)
            entry.form.opens_2.data, entry.form.closes_2.data = time(14), time(18)
    return _save(form, offer_kind)


@bp.route("/<int:offer_id>/edit", methods=["GET", "POST"])
@login_required
def edit(offer_id: int):
    """Change an offer of my organisation."""
    offer = services.get_offer_for_edit(current_user, offer_id)
    if request.method == "GET":
        # Not obj=offer: the weekly grid (filled below) has another shape than its slots.
        form = OfferForm(data={name: getattr(offer, name) for name in services.SCALAR_FIELDS}
                         | {"category_id": offer.category_id, "provider_id": offer.provider_id})
        form.tags.data = ", ".join(services.tags_of(offer.id))
        form.booking_policy.data = offer.booking_policy.value
        form.unit.data = offer.unit.value
        _fill_hours(form, offer)
    else:
        form = OfferForm()
    return _save(form, offer.kind, offer)


@bp.post("/<int:offer_id>/status")
@login_required
def change_status(offer_id: int):
    """Publish, archive, or take back to draft."""
    services.get_offer_for_edit(current_user, offer_id)  # who may act, before what was sent
    form = StatusForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("Unknown status."))
    offer = services.change_status(current_user, offer_id, OfferStatus(form.status.data))
    flash(_("The offer is now: %(status)s.", status=labels.OFFER_STATUSES[offer.status]),
          "success")
    if request.form.get("back") == "mine":
        return redirect(url_for("catalogue.mine"))
    return redirect(url_for("catalogue.detail", offer_id=offer.id))


@bp.post("/<int:offer_id>/duplicate")
@login_required
def duplicate(offer_id: int):
    """Start a new offer from a copy of this one."""
    copy = services.duplicate_offer(current_user, offer_id)
    flash(_("A draft copy is made: adjust it, then publish it."), "success")
    return redirect(url_for("catalogue.edit", offer_id=copy.id))


@bp.post("/<int:offer_id>/closures")
@login_required
def add_closure(offer_id: int):
    """Close an offer for some days (holidays, maintenance)."""
    services.get_offer_for_edit(current_user, offer_id)  # who may act, before what was sent
    form = ClosureForm()
    if not form.validate_on_submit():
        raise InvalidInput(_("Give the dates and the reason of the closure."),
                           fields={k: list(v) for k, v in form.errors.items()})
    zone = pole_zone()
    starts = datetime.combine(form.starts_on.data, time(0), zone).astimezone(UTC)
    ends = datetime.combine(form.ends_on.data + timedelta(days=1), time(0), zone).astimezone(UTC)
    services.add_closure(current_user, offer_id, starts, ends, form.reason.data)
    flash(_("The closure is recorded."), "success")
    return redirect(url_for("catalogue.detail", offer_id=offer_id))


@bp.post("/<int:offer_id>/closures/<int:closure_id>/delete")
@login_required
def remove_closure(offer_id: int, closure_id: int):
    """Cancel a closure."""
    services.remove_closure(current_user, offer_id, closure_id)
    flash(_("The closure is removed."), "success")
    return redirect(url_for("catalogue.detail", offer_id=offer_id))


@bp.post("/<int:offer_id>/photos")
@login_required
def add_photo(offer_id: int):
    """Add a photo to an offer of my organisation."""
    services.get_offer_for_edit(current_user, offer_id)  # who may act, before what was sent
    form = PhotoForm()
    if not form.validate_on_submit():
        raise invalid_field("photo", _("Choose a picture."))
    photos.add_photo(current_user, offer_id, form.photo.data.read(photos.MAX_BYTES + 1))
    flash(_("The photo is added."), "success")
    return redirect(url_for("catalogue.detail", offer_id=offer_id))


@bp.post("/<int:offer_id>/photos/<int:photo_id>/delete")
@login_required
def remove_photo(offer_id: int, photo_id: int):
    """Remove a photo."""
    photos.remove_photo(current_user, offer_id, photo_id)
    flash(_("The photo is removed."), "success")
    return redirect(url_for("catalogue.detail", offer_id=offer_id))


@bp.get("/photos/<filename>")
@login_required
def photo(filename: str):
    """A photo, for those who may see its offer."""
    # Photos are small (re-encoded to 1600 px): read whole, no file handle left open.
    return send_file(io.BytesIO(photos.photo_bytes(current_user, filename)),
                     mimetype="image/jpeg", max_age=3600)


@bp.route("/import", methods=["GET", "POST"])
@cell_required
def import_csv():
    """The cell imports an organisation's offers from a spreadsheet: preview, then all or
    nothing."""
    form = ImportForm()
    form.member.choices = [SelectChoice(str(m.id), m.name) for m in
                           search_members(DirectoryQuery(per_page=MAX_PAGE)).items]
    rows, status = None, 200
    if form.validate_on_submit():
        try:
            if form.content.data:
                content = base64.b64decode(form.content.data.encode(), validate=True)
            elif form.file.data:
                content = form.file.data.read(csv_import.MAX_BYTES + 1)
            else:
                raise InvalidInput(_("Choose a CSV file."))
            rows = csv_import.parse(content)
        except (InvalidInput, binascii.Error, ValueError) as error:
            form.form_errors.append(getattr(error, "message", _("The file cannot be read.")))
            return render_template("catalogue/import.html", form=form, rows=None), 422
        if any(row.errors for row in rows):
            status = 422
        elif request.form.get("confirm") and form.content.data:
            offers = services.import_offers(current_user, form.member.data,
                                            [row.data for row in rows])
            flash(_("%(n)d offers imported as drafts.", n=len(offers)), "success")
            return redirect(url_for("members.detail", member_id=form.member.data))
        else:
            form.content.data = base64.b64encode(content).decode()
    elif form.is_submitted():
        status = 422
    return render_template("catalogue/import.html", form=form, rows=rows,
                           columns=csv_import.COLUMNS), status


@bp.route("/categories", methods=["GET", "POST"])
@cell_required
def categories():
    """The cell's lists of categories, per kind of offer."""
    form = CategoryForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.create_category(current_user, OfferKind(form.kind.data), form.name.data,
                                     form.name_en.data or "")
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            flash(_("The category is added."), "success")
            return redirect(url_for("catalogue.categories"))
    elif form.is_submitted():
        status = 422
    return render_template("catalogue/categories.html", form=form,
                           categories=services.list_categories()), status


@bp.route("/valuation", methods=["GET", "POST"])
@login_required
def valuation():
    """The valuation grid: everyone reads it, the cell sets it."""
    form = RateForm()
    form.category_id.choices = [SelectChoice("0", _("The whole kind"))] + [
        SelectChoice(c.value, c.label) for c in _category_choices(None)]
    status = 200
    if request.method == "POST":
        require_cell(current_user)  # who may act, before what was sent
    if form.validate_on_submit():
        try:
            services.set_rate(current_user, OfferKind(form.kind.data),
                              form.category_id.data or None, Unit(form.unit.data),
                              form.value.data, form.valid_from.data)
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            flash(_("The value is recorded from %(day)s on.",
                    day=format_date(form.valid_from.data, "long")), "success")
            return redirect(url_for("catalogue.valuation"))
    elif request.method == "POST":
        status = 422
    today = pole_today()
    if request.method == "GET":
        form.valid_from.data = today
    return render_template("catalogue/valuation.html", form=form,
                           grid=services.valuation_grid(today), today=today), status


def register(app) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(offer_kind_labels=labels.OFFER_KINDS,
                                 offer_status_labels=labels.OFFER_STATUSES,
                                 unit_labels=labels.UNITS, weekday_labels=labels.WEEKDAYS,
                                 booking_policy_labels=labels.BOOKING_POLICIES,
                                 booking_status_labels=labels.BOOKING_STATUSES)



