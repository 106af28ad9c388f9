"""The ledger's pages: our exchanges, declaring one, an exchange and the decisions on it,
statements, the pole's ledger and its closed periods."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import NamedTuple

from flask import (
    Blueprint,
    Response,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from pooling import labels
from pooling.accounts.forms import EmptyForm
from pooling.accounts.permissions import cell_required
from pooling.catalogue import services as catalogue
from pooling.catalogue.models import OfferKind, OfferStatus
from pooling.db import MAX_PAGE
from pooling.errors import DomainError, Forbidden, InvalidInput, show_on_form
from pooling.ledger import exports, queries, services, statements
from pooling.ledger.forms import CloseForm, ExchangeFilterForm, ExchangeForm, ReasonForm
from pooling.ledger.models import Cooperation, ExchangeStatus, ExchangeUnit, Side
from pooling.ledger.permissions import exchange_actions
from pooling.members.services import DirectoryQuery, search_members
from pooling.pole.clock import pole_today
from pooling.pole.services import pole_settings
from pooling.templating import (
    amount,
    balance_tone,
    date_formatter,
    link_to,
    number,
    signed_amount,
)
from pooling.web import id_arg

bp = Blueprint("ledger", __name__)

TABS = ("all", "to-confirm", "given", "received")


@bp.app_template_global()
def exchanges_to_confirm_count() -> int:
    """The badge of the menu: declared exchanges waiting for the person's organisation."""
    if not current_user.is_authenticated:
        return 0
    if "exchanges_to_confirm" not in g:  # the menu and the tabs ask on the same page
        g.exchanges_to_confirm = queries.count_to_decide(current_user)
    return g.exchanges_to_confirm


@bp.app_template_global()
def may_see_balances() -> bool:
    """Whether the person may read the table of every member's balance."""
    return current_user.is_authenticated and (current_user.is_cell
                                              or statements.balances_public())


def _members() -> list:
    return search_members(DirectoryQuery(per_page=MAX_PAGE)).items


def _member_choices(blank: str, exclude: int | None = None) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(m.id, m.name) for m in _members()
                                        if m.id != exclude]


# --- our exchanges ------------------------------------------------------------------------


@bp.get("/exchanges/")
@login_required
def index():
    """My organisation's exchanges (every exchange for the cell), by tab, with filters."""
    tab = request.args.get("tab") if request.args.get("tab") in TABS else "all"
    form = ExchangeFilterForm(request.args)
    if current_user.is_cell:
        form.member.choices = _member_choices(_("All organisations"))
    else:
        del form.member
    if not form.validate():
        return render_template("ledger/index.html", form=form, tab=tab, page=None), 400
    try:
        page = queries.list_exchanges(current_user, queries.ExchangeQuery(
            side=tab if tab in ("given", "received") else None,
            to_decide=tab == "to-confirm",
            member_id=form.member.data if "member" in form else None,
            kind=OfferKind(form.kind.data) if form.kind.data else None,
            status=ExchangeStatus(form.status.data) if form.status.data else None,
            start=form.start.data, end=form.end.data,
            page=request.args.get("page", 1, type=int)))
    except InvalidInput as error:
        show_on_form(form, error)
        return render_template("ledger/index.html", form=form, tab=tab, page=None), 400
    return render_template("ledger/index.html", form=form, tab=tab, page=page)


# --- declaring ----------------------------------------------------------------------------


def _offer_choices(viewer) -> tuple[list[SelectChoice], list]:
    """Our offers first, then the published offers of the others, grouped by owner; and
    those offers."""
    choices = [SelectChoice("", _("No particular offer"))]
    mine = [] if viewer.is_cell else [
        o for o in catalogue.offers_of(viewer.member_id) if o.status != OfferStatus.DRAFT]
    ours = _("Our offers")
    choices += [SelectChoice(o.id, o.title, optgroup=ours) for o in mine]
    others = [o for o in catalogue.search_offers(
        catalogue.OfferQuery(sort="name", per_page=2000)).items
        if o.member_id != viewer.member_id or viewer.is_cell]
    others.sort(key=lambda o: (o.member.name.lower(), o.title.lower()))
    choices += [SelectChoice(o.id, o.title, optgroup=o.member.name) for o in others]
    return choices, mine + others


def _preview(day: date, offers: list) -> dict:
    """What the form's script needs to show the value before the declaration is sent: the
    rates in force, how units convert, and the units' names."""
    rates = services.rates_on(day, offers)
    return {
        "hours": {unit.value: str(hours) for unit, hours in services.HOURS_IN.items()},
        "kinds": {kind.value: [str(value), unit.value]
                  for kind, (value, unit) in rates.kinds.items()},
        "offers": {str(offer_id): [str(value), unit.value]
                   for offer_id, (value, unit) in rates.offers.items()},
        "units": {unit.value: [labels.exchange_unit(unit, 1), labels.exchange_unit(unit)]
                  for unit in ExchangeUnit},
    }


def _render_declaration(form: ExchangeForm, offers: list, status: int = 200):
    day = form.occurred_on.data if isinstance(form.occurred_on.data, date) else pole_today()
    return render_template("ledger/new.html", form=form, preview=_preview(day, offers),
                           preview_day=day), status


def _prefill(form: ExchangeForm) -> None:
    form.occurred_on.data = pole_today()
    counterpart = request.args.get("counterpart", type=id_arg)
    offer_id = request.args.get("offer", type=id_arg)
    if offer_id:
        try:
            offer = catalogue.get_offer(current_user, offer_id)
        except DomainError:
            offer = None
        if offer is not None:
            form.offer_id.data, form.kind.data = offer.id, offer.kind.value
            form.unit.data = offer.unit.value if offer.unit else form.unit.data
            form.description.data = offer.title
            if "provider_id" in form:
                form.provider_id.data = offer.member_id
            elif offer.member_id != current_user.member_id:
                form.direction.data, counterpart = "received", offer.member_id
    if counterpart and "counterpart_id" in form:
        form.counterpart_id.data = counterpart


def _declaration(form: ExchangeForm) -> services.Declaration:
    if "provider_id" in form:
        provider, beneficiary = form.provider_id.data, form.beneficiary_id.data
    elif form.direction.data == "received":
        provider, beneficiary = form.counterpart_id.data, current_user.member_id
    else:
        provider, beneficiary = current_user.member_id, form.counterpart_id.data
    return services.Declaration(
        provider_id=provider, beneficiary_id=beneficiary, kind=OfferKind(form.kind.data),
        quantity=form.quantity.data, unit=ExchangeUnit(form.unit.data),
        occurred_on=form.occurred_on.data, description=form.description.data or "",
        cooperation=Cooperation(form.cooperation.data), offer_id=form.offer_id.data,
        valued=not form.participation_only.data)


@bp.route("/exchanges/new", methods=["GET", "POST"])
@login_required
def declare():
    """Declare an exchange that happened outside a booking; the other side confirms it."""
    form = ExchangeForm()
    if current_user.is_cell:
        del form.direction, form.counterpart_id
        form.provider_id.choices = _member_choices(_("Choose the organisation"))
        form.beneficiary_id.choices = _member_choices(_("Choose the organisation"))
    else:
        del form.provider_id, form.beneficiary_id
        form.counterpart_id.choices = _member_choices(_("Choose the organisation"),
                                                      exclude=current_user.member_id)
    form.offer_id.choices, offers = _offer_choices(current_user)
    if request.method == "GET":
        _prefill(form)
        return _render_declaration(form, offers)
    if not form.validate_on_submit():
        return _render_declaration(form, offers, 422)
    try:
        exchange = services.declare(current_user, _declaration(form), today=pole_today())
    except DomainError as error:
        if error.status == 404:
            raise
        if "counterpart_id" in form:  # the service names the sides; a member picks one
            for name in ("provider_id", "beneficiary_id"):
                if name in error.fields:
                    error.fields.setdefault("counterpart_id", error.fields.pop(name))
        show_on_form(form, error)
        return _render_declaration(form, offers, error.status)
    flash(_("The exchange is declared. It counts in the ledger once the other organisation "
            "confirms it.") if not current_user.is_cell else
          _("The exchange is declared; it waits for a confirmation."), "success")
    flash(_recorded(exchange), "info")
    return redirect(url_for("ledger.exchange", exchange_id=exchange.id))


def _recorded(exchange) -> str:
    """The quantity and value the server recorded, said again after the declaration."""
    unit = labels.exchange_unit(exchange.unit, exchange.quantity)
    quantity = f"{number(exchange.quantity)} {unit}"
    if exchange.value is None:
        return _("Recorded: %(quantity)s, without a value.", quantity=quantity)
    return _("Recorded: %(quantity)s, worth %(value)s %(unit)s.", quantity=quantity,
             value=number(exchange.value, "#,##0.00"), unit=pole_settings().unit_name)


# --- an exchange and the decisions on it --------------------------------------------------


def _render_exchange(exchange_id: int, status: int = 200, reject_form=None,
                     reverse_form=None):
    exchange = services.get_exchange(current_user, exchange_id)
    offer = None
    if exchange.offer_id:
        try:
            offer = catalogue.get_offer(current_user, exchange.offer_id)
        except DomainError:
            offer = None  # a draft of another organisation: its title stays private
    asked = services.pending_reversal(exchange)
    return render_template(
        "ledger/exchange.html", exchange=exchange, offer=offer,
        actions=exchange_actions(current_user, exchange, asked), asked=asked,
        reversed_by=services.reversal_of(exchange),
        form=EmptyForm(), reject_form=reject_form or ReasonForm(formdata=None),
        reverse_form=reverse_form or ReasonForm(formdata=None)), status


@bp.get("/exchanges/<int:exchange_id>")
@login_required
def exchange(exchange_id: int):
    """An exchange, its history and what the person may do with it."""
    return _render_exchange(exchange_id)


def _act(exchange_id: int, action, success, form_name: str | None = None):
    """Run a decision; a refused one shows the page again, or the reason why."""
    services.get_exchange(current_user, exchange_id)  # 404 before anything else
    form = ReasonForm() if form_name else EmptyForm()
    forms = {f"{form_name}_form": form} if form_name else {}
    if not form.validate_on_submit():
        if form_name:
            return _render_exchange(exchange_id, 422, **forms)
        flash(_("The form has expired; please try again."), "danger")
        return redirect(url_for("ledger.exchange", exchange_id=exchange_id)), 400
    try:
        result = action(form.reason.data if form_name else "")
    except DomainError as error:
        if error.status == 404:
            raise
        if form_name and error.fields:
            show_on_form(form, error)
            return _render_exchange(exchange_id, error.status, **forms)
        if error.status == 403:
            raise
        flash(error.message, "danger")
        return redirect(url_for("ledger.exchange", exchange_id=exchange_id)), 303
    flash(success(result) if callable(success) else success, "success")
    return redirect(url_for("ledger.exchange", exchange_id=exchange_id))


@bp.post("/exchanges/<int:exchange_id>/confirm")
@login_required
def confirm(exchange_id: int):
    return _act(exchange_id, lambda _r: services.confirm(current_user, exchange_id),
                _("The exchange is confirmed and counts in the ledger."))


@bp.post("/exchanges/<int:exchange_id>/reject")
@login_required
def reject(exchange_id: int):
    return _act(exchange_id, lambda r: services.reject(current_user, exchange_id, r),
                _("The exchange is rejected."), "reject")


@bp.post("/exchanges/<int:exchange_id>/reverse")
@login_required
def reverse(exchange_id: int):
    def said(reversal) -> str:
        if reversal.status == ExchangeStatus.CONFIRMED:
            return _("The exchange is reversed: its reversal is in the ledger.")
        return _("The reversal is asked; it counts once the other organisation agrees.")

    return _act(exchange_id, lambda r: services.reverse(current_user, exchange_id, r), said,
                "reverse")


# --- statements ---------------------------------------------------------------------------


def _period() -> statements.Period:
    return statements.Period.parse(request.args.get("from"), request.args.get("to"),
                                   pole_today())


class LineCells(NamedTuple):
    """One line of a statement's table, its cells formatted already."""
    muted: bool
    url: str
    day: str
    side: str
    counterpart: str
    kind: str
    description: str
    status: ExchangeStatus
    reverses_id: int | None
    quantity: str
    value: str | None


def line_cells(lines: list[statements.Line]) -> list[LineCells]:
    """The cells of a statement's lines: a busy year is hundreds of lines, so each day,
    label, amount and link pattern is formatted once per page rather than once per line."""
    sides = {Side.GIVEN: _("Given"), Side.RECEIVED: _("Received")}
    kinds = {kind: str(label) for kind, label in labels.OFFER_KINDS.items()}
    link = link_to("ledger.exchange", "exchange_id")
    days: dict[date, str] = {}
    short_date = date_formatter("short")
    quantities: dict[tuple, str] = {}
    values: dict[tuple, str | None] = {(None, False): None}
    unit_name = pole_settings().unit_name
    cells = []
    for line in lines:
        day = days.get(line.booked_on)
        if day is None:
            day = days[line.booked_on] = short_date(line.booked_on)
        quantity = quantities.get((line.quantity, line.unit))
        if quantity is None:
            unit = labels.exchange_unit(line.unit, line.quantity)
            quantity = quantities[line.quantity, line.unit] = f"{number(line.quantity)} {unit}"
        # Keyed with the sign too: -0 equals 0 but is written with its minus.
        signed = (line.value, line.value is not None and line.value.is_signed())
        value = values.get(signed, False)
        if value is False:
            value = values[signed] = amount(line.value, unit_name)
        cells.append(LineCells(
            line.status == ExchangeStatus.REVERSED or bool(line.reverses_id),
            link(line.exchange_id), day, sides[line.side], line.counterpart_name,
            kinds[line.kind], line.description, line.status, line.reverses_id, quantity, value))
    return cells


class CounterpartCells(NamedTuple):
    """One counterpart of a statement's table, its amounts formatted already."""
    name: str
    given: str
    received: str
    balance: str  # signed: "+" before what was given more than received
    tone: str  # the balance's colour class: positive, negative or none
    exchanges: int


def counterpart_cells(counterparts: list[statements.Counterpart]) -> list[CounterpartCells]:
    """The cells of a statement's counterparts: a busy year has a few hundred, each with
    three amounts, which macros took a fifth of the page's rendering to write."""
    unit_name = pole_settings().unit_name
    cells = []
    for c in counterparts:
        balance = c.balance
        cells.append(CounterpartCells(
            name=c.name, given=amount(c.given_value, unit_name),
            received=amount(c.received_value, unit_name),
            balance=signed_amount(balance, unit_name),
            tone=balance_tone(balance), exchanges=c.given_count + c.received_count))
    return cells


def _statement_page(member_id: int):
    today = pole_today()
    try:
        period = _period()
    except InvalidInput as error:
        member, _access = statements.check_statement_access(current_user, member_id)
        return render_template("ledger/statement.html", statement=None, member=member,
                               error=error, presets=statements.presets(today)), 400
    printing = bool(request.args.get("print"))
    # On screen the lines come a page at a time; printed, the whole period.
    statement = statements.statement_for(
        current_user, member_id, period,
        page=None if printing else request.args.get("page", 1, type=int))
    template = "ledger/statement_print.html" if printing else "ledger/statement.html"
    return render_template(template, statement=statement, member=statement.member,
                           presets=statements.presets(today), error=None, today=today,
                           line_cells=line_cells(statement.lines),
                           counterpart_cells=counterpart_cells(statement.counterparts or []))


@bp.get("/ledger/statement")
@login_required
def my_statement():
    """My organisation's statement for a period."""
    return _statement_page(current_user.member_id)


@bp.get("/ledger/members/<int:member_id>")
@login_required
def statement(member_id: int):
    """An organisation's statement: whole for itself and the cell, totals only for the
    other members when the cell made balances public."""
    return _statement_page(member_id)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "export"


def _csv(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/ledger/members/<int:member_id>.csv")
@login_required
def statement_csv(member_id: int):
    """The statement as CSV; `dialect=excel-fr` for Excel on a French system."""
    statement = statements.statement_for(current_user, member_id, _period())
    period = statement.period
    return _csv(exports.statement_csv(statement, request.args.get("dialect")),
                f"{_slug(statement.member.name)}-{period.start}-{period.end}.csv")


# --- the pole's ledger (the cell) ---------------------------------------------------------


def _pole_filters() -> tuple[ExchangeFilterForm, statements.Period | None]:
    form = ExchangeFilterForm(request.args)
    form.member.choices = _member_choices(_("All organisations"))
    if not form.validate():
        return form, None
    today = pole_today()
    start = form.start.data or date(today.year, 1, 1)
    end = form.end.data or date(start.year, 12, 31)
    try:
        return form, statements.Period.parse(start.isoformat(), end.isoformat(), today)
    except InvalidInput as error:
        show_on_form(form, error)
        form.end.errors = [*form.end.errors, *error.fields.get("to", [])]
        return form, None


def _pole_query(form: ExchangeFilterForm, period: statements.Period, page: int = 1
                ) -> queries.ExchangeQuery:
    return queries.ExchangeQuery(
        member_id=form.member.data, kind=OfferKind(form.kind.data) if form.kind.data else None,
        status=ExchangeStatus(form.status.data) if form.status.data else None,
        start=period.start, end=period.end, page=page, per_page=50)


@bp.get("/ledger/")
@cell_required
def pole():
    """The pole's ledger: totals, every member's balance and the exchanges, filtered."""
    form, period = _pole_filters()
    if period is None:
        return render_template("ledger/pole.html", form=form, totals=None, page=None,
                               presets=statements.presets(pole_today())), 400
    page = queries.list_exchanges(current_user, _pole_query(
        form, period, request.args.get("page", 1, type=int)))
    return render_template("ledger/pole.html", form=form, totals=statements.pole_totals(period),
                           page=page, period=period, presets=statements.presets(pole_today()))


@bp.get("/ledger/exchanges.csv")
@cell_required
def pole_csv():
    """The pole's exchanges as CSV, with the filters of the pole's ledger."""
    form, period = _pole_filters()
    if period is None:
        raise InvalidInput(_("Some filters are invalid."),
                           fields={k: v for k, v in form.errors.items()})
    rows = queries.all_exchanges(current_user, _pole_query(form, period))
    return _csv(exports.exchanges_csv(rows, request.args.get("dialect")),
                f"echanges-{period.start}-{period.end}.csv")


@bp.get("/ledger/balances")
@login_required
def balances():
    """Every member's balance for a period: the cell's, and the members' when public."""
    if not may_see_balances():
        raise Forbidden(_("Only the animation cell can see every organisation's balance."))
    today = pole_today()
    try:
        period = _period()
    except InvalidInput as error:
        return render_template("ledger/balances.html", totals=None, error=error,
                               presets=statements.presets(today)), 400
    return render_template("ledger/balances.html", totals=statements.pole_totals(period),
                           error=None, presets=statements.presets(today))


# --- closing periods (the cell) -----------------------------------------------------------


def _month_end(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def next_periods(today: date) -> tuple[date, list[SelectChoice]]:
    """Where the next period starts, and the ends it may have: its month or its year,
    whichever has ended."""
    last = services.closed_through()
    if last is not None:
        start = last + timedelta(days=1)
    else:
        first = queries.first_booked_on()
        start = (first or (today.replace(day=1) - timedelta(days=1))).replace(day=1)
    choices = []
    month_end = _month_end(start)
    if month_end < today:
        choices.append(SelectChoice(month_end.isoformat(), _(
            "The month: %(start)s to %(end)s", start=format_date(start, "long"),
            end=format_date(month_end, "long"))))
    year_end = date(start.year, 12, 31)
    if year_end < today and year_end != month_end:
        choices.append(SelectChoice(year_end.isoformat(), _(
            "The year: %(start)s to %(end)s", start=format_date(start, "long"),
            end=format_date(year_end, "long"))))
    return start, choices


@bp.route("/ledger/closes", methods=["GET", "POST"])
@cell_required
def closes():
    """The closed periods, and closing the next one."""
    start, choices = next_periods(pole_today())
    form = CloseForm()
    form.ends_on.choices = choices
    status = 200
    if request.method == "GET":
        form.starts_on.data = start.isoformat()
        if choices:
            form.ends_on.data = choices[0].value
    elif form.validate_on_submit() and form.starts_on.data != start.isoformat():
        # The form was filled in before another close: it would leave a gap or overlap.
        form.form_errors.append(_("The next period to close starts on %(day)s; please "
                                  "choose again.", day=format_date(start, "long")))
        status = 422
    elif form.errors == {}:
        try:
            close = services.close_period(
                current_user, date.fromisoformat(form.starts_on.data),
                date.fromisoformat(form.ends_on.data), today=pole_today())
        except ValueError:
            form.form_errors.append(_("Give a date as YYYY-MM-DD."))
            status = 422
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            flash(_("The period from %(start)s to %(end)s is closed; its balances are stored.",
                    start=format_date(close.starts_on, "long"),
                    end=format_date(close.ends_on, "long")), "success")
            return redirect(url_for("ledger.closes"))
    else:
        status = 422
    return render_template("ledger/closes.html", form=form, closes=services.list_closes(),
                           closed_through=services.closed_through(), start=start), status
