"""Pages of the review: the cell's dashboard of the pole's usage, for any period beside the
period of the same length before it; each organisation's own review; the annual reports."""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pooling.accounts.permissions import cell_required
from pooling.catalogue.models import OfferKind
from pooling.errors import InvalidInput, invalid_field
from pooling.ledger.statements import Period, presets
from pooling.pole.clock import pole_today
from pooling.pole.services import pole_settings
from pooling.review import exports, members, usage
from pooling.review.member_review import member_for, organisations, review
from pooling.review.pdf import pdf_of
from pooling.review.report import member_report, pole_report, year_asked

bp = Blueprint("review", __name__, url_prefix="/review")


def period_asked() -> Period:
    """The period of `from` and `to` (ISO dates); by default the current calendar year."""
    return Period.parse(request.args.get("from"), request.args.get("to"), pole_today())


def csv_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/")
@cell_required
def dashboard():
    """The pole's usage, cooperation and balance over a period, beside the one before."""
    today = pole_today()
    try:
        period = period_asked()
    except InvalidInput as error:
        return render_template("review/dashboard.html", error=error, period=None,
                               presets=presets(today)), 400
    previous = period.previous()
    return render_template(
        "review/dashboard.html", error=None, period=period, previous=previous,
        presets=presets(today),
        members=members.figures(period), members_before=members.figures(previous),
        usage=usage.figures(period), usage_before=usage.figures(previous))


@bp.get("/members.csv")
@cell_required
def members_csv():
    """The members section as CSV; `dialect=excel-fr` for Excel on a French system."""
    period = period_asked()
    data = exports.members_csv(members.figures(period), members.figures(period.previous()),
                               request.args.get("dialect"))
    return csv_response(data, f"membres-{period.start}-{period.end}.csv")


@bp.get("/usage.csv")
@cell_required
def usage_csv():
    """The pooling and usage section as CSV, each offer's occupancy included."""
    period = period_asked()
    return csv_response(exports.usage_csv(usage.figures(period), request.args.get("dialect")),
                        f"usage-{period.start}-{period.end}.csv")


def whole_number(name: str) -> int | None:
    """An optional positive whole number of the query string, or a clear 400."""
    text = request.args.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 2**31:
        raise invalid_field(name, _("Give a whole number."))
    return int(text)


def behind_asked() -> usage.BehindQuery:
    """The filters of the list of bookings behind a figure, checked."""
    what = usage.check_what(request.args.get("what") or "booked")
    kind = request.args.get("kind") or None
    if kind is not None and kind not in {k.value for k in OfferKind}:
        raise invalid_field("kind", _("Choose skill, premises or tool."))
    page = whole_number("page") or 1
    return usage.BehindQuery(period_asked(), what, OfferKind(kind) if kind else None,
                             whole_number("offer"), whole_number("member"), page)


@bp.get("/bookings")
@cell_required
def bookings():
    """The bookings behind one of the dashboard's figures, a page at a time."""
    query = behind_asked()
    page = usage.bookings_behind(query, pole_settings().review_waiting_days)
    return render_template("review/bookings.html", query=query, page=page)


# --- an organisation's own review, and the annual reports -----------------------------------


def member_asked() -> int | None:
    """The organisation of `?member=` (the cell looks at any), or None for the viewer's own."""
    raw = request.args.get("member")
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        raise invalid_field("member", _("Give the number of an organisation."))
    return int(raw)


@bp.get("/member")
@login_required
def member_review():
    """An organisation's own review over a period, beside the one before."""
    today = pole_today()
    member = member_for(current_user, member_asked())
    values = {"member": member.id} if member.id != current_user.member_id else {}
    try:
        period = period_asked()
    except InvalidInput as error:
        return render_template("review/member.html", error=error, member=member, period=None,
                               values=values, presets=presets(today)), 400
    previous = period.previous()
    return render_template("review/member.html", error=None, member=member, period=period,
                           previous=previous, values=values, presets=presets(today),
                           figures=review(member, period), before=review(member, previous),
                           organisations=organisations(current_user))


def printable(template: str, pdf_name: str, **context):
    """The page, or its PDF drawn from it when the address ends in `.pdf`."""
    today = pole_today()
    if not request.path.endswith(".pdf"):
        return render_template(template, as_pdf=False, today=today, **context)
    html = render_template(template, as_pdf=True, today=today, **context)
    response = make_response(pdf_of(html))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{pdf_name}"'
    return response


@bp.get("/report")
@bp.get("/report.pdf", endpoint="pole_report_pdf")
@cell_required
def pole_report_page():
    """The pole's annual report, printable, in the survey's terms; or its PDF."""
    year = year_asked(request.args.get("year"), pole_today())
    return printable("review/report.html", f"report-{year}.pdf", report=pole_report(year))


@bp.get("/member/report")
@bp.get("/member/report.pdf", endpoint="member_report_pdf")
@login_required
def member_report_page():
    """An organisation's own yearly summary, printable; or its PDF."""
    member = member_for(current_user, member_asked())
    year = year_asked(request.args.get("year"), pole_today())
    values = {"member": member.id} if member.id != current_user.member_id else {}
    return printable("review/member_report.html", f"summary-{year}-{member.id}.pdf",
                     report=member_report(member, year), member=member, values=values)
