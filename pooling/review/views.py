"""Pages of the review: the cell's dashboard of the pole's usage, for any period beside the
period of the same length before it; each organisation's own review; the annual reports."""

from __future__ import annotations

from collections import OrderedDict

from flask import Blueprint, Response, current_app, make_response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from pooling import labels
from pooling.accounts.permissions import cell_required
from pooling.catalogue.models import OfferKind
from pooling.errors import InvalidInput, invalid_field
from pooling.ledger.statements import Period, presets
from pooling.pole.clock import pole_today
from pooling.pole.services import pole_settings
from pooling.review import (
    balance,
    cooperation,
    cooperation_exports,
    exports,
    kept,
    members,
    network,
    usage,
)
from pooling.review.member_review import member_for, organisations, review
from pooling.review.pdf import pdf_of
from pooling.review.remembered import keep_last, remembered
from pooling.review.report import member_report, pole_report, year_asked

bp = Blueprint("review", __name__, url_prefix="/review")


def period_asked() -> Period:
    """The period of `from` and `to` (ISO dates); by default the current calendar year."""
    return Period.parse(request.args.get("from"), request.args.get("to"), pole_today())


def download(data: bytes, name: str, mimetype: str = "text/csv") -> Response:
    """A file to save, CSV by default."""
    return Response(data, mimetype=mimetype, headers={
        "Content-Type": f"{mimetype}; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}"'})


# The network's drawing keeps to its heaviest pairs: hundreds of lines stay readable.
NETWORK_DRAWN = 300


def network_drawing(net: network.Network) -> Markup:
    """The network's SVG, rendered once per network, language and unit of account: hundreds
    of circles and lines, each with its title, take longer to render than to compute."""
    def draw() -> Markup:
        svg = render_template("review/_network_svg.html", net=net, drawn=NETWORK_DRAWN)
        return Markup(svg)  # nosec B704 # rendered by an autoescaped template: safe already

    return remembered(
        "network-svg", (net.period, net.kind, str(get_locale()), pole_settings().unit_name),
        draw, scope=net.period.end, shared=kept.settled(net.period))


def kind_asked() -> OfferKind | None:
    """The kind of `kind=skill|premises|tool`; every kind by default."""
    kind = request.args.get("kind") or None
    if kind is not None and kind not in {k.value for k in OfferKind}:
        raise invalid_field("kind", _("Choose skill, premises or tool."))
    return OfferKind(kind) if kind else None


@bp.get("/")
@cell_required
def dashboard():
    """The pole's usage, cooperation and balance over a period, beside the one before."""
    today = pole_today()
    try:
        period = period_asked()
        kind = kind_asked()
    except InvalidInput as error:
        return render_template("review/dashboard.html", error=error, period=None,
                               presets=presets(today)), 400
    previous = period.previous()
    # The network, the longest to sum and draw, comes by a request of its own (network_page).
    sections = [section(name, period, figures_of(period), figures_of(previous), kind)
                for name, figures_of in (("members", members.figures), ("usage", usage.figures),
                                         ("cooperation", cooperation.figures),
                                         ("balance", balance.figures))]
    return render_template("review/dashboard.html", error=None, period=period,
                           previous=previous, presets=presets(today), sections=sections)


# Sections kept rendered per process: a few periods, languages and kinds of the network.
SECTIONS_KEPT = 16


def section(name: str, period: Period, figures: object, before: object,
            network_kind: OfferKind | None) -> Markup:
    """A section of the dashboard (`review/_{name}.html`) given the figures of the period and
    of the one before, rendered once for the same figures. They stay the same objects while
    their data hold (pooling.review.remembered): a new exchange leaves the usage, whose
    thousands of cells take longer to render than the exchange's figures to sum, as drawn."""
    cache = current_app.extensions.setdefault("review_sections", OrderedDict())
    key = (name, period, network_kind, str(get_locale()), pole_settings().unit_name,
           request.script_root)
    here = cache.get(key)
    if here is None or here[0] is not figures or here[1] is not before:
        html = render_template(f"review/_{name}.html", period=period, network_kind=network_kind,
                               kind_labels=labels.OFFER_KINDS,
                               **{name: figures, f"{name}_before": before})
        # The template escapes what it writes: its output is markup already.
        here = (figures, before, Markup(html))  # nosec B704 # rendered by an autoescaped template
    keep_last(cache, key, here, SECTIONS_KEPT)
    return here[2]


@bp.get("/network")
@cell_required
def network_page():
    """The period's cooperation network, drawn, on a page of its own; with `part=1`, the
    drawing and its lists alone, which the dashboard fetches into its page."""
    part = request.args.get("part") == "1"
    try:
        period, kind = period_asked(), kind_asked()
    except InvalidInput as error:
        if part:
            return render_template("review/_error_part.html", error=error), 400
        return render_template("review/network.html", error=error), 400
    net = network.network(period, kind)
    figures = {"net": net, "network_svg": network_drawing(net), "network_drawn": NETWORK_DRAWN}
    if part:
        return render_template("review/_network.html", **figures)
    return render_template("review/network.html", error=None, period=period,
                           kind_labels=labels.OFFER_KINDS, **figures)


@bp.get("/members.csv")
@cell_required
def members_csv():
    """The members section as CSV; `dialect=excel-fr` for Excel on a French system."""
    period = period_asked()
    data = exports.members_csv(members.figures(period), members.figures(period.previous()),
                               request.args.get("dialect"))
    return download(data, file_name("membres", period, "csv"))


@bp.get("/usage.csv")
@cell_required
def usage_csv():
    """The pooling and usage section as CSV, each offer's occupancy included."""
    period = period_asked()
    return download(exports.usage_csv(usage.figures(period), request.args.get("dialect")),
                    file_name("usage", period, "csv"))


def whole_number(name: str) -> int | None:
    """An optional positive whole number of the query string, or a clear 400."""
    text = request.args.get(name, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 2**31:
        raise invalid_field(name, _("Give a whole number."))
    return int(text)


def behind_asked() -> usage.BehindQuery:
    """The filters of the list of bookings behind a figure, checked."""
    what = usage.check_what(request.args.get("what") or "booked")
    return usage.BehindQuery(period_asked(), what, kind_asked(), whole_number("offer"),
                             whole_number("member"), whole_number("page") or 1)


@bp.get("/bookings")
@cell_required
def bookings():
    """The bookings behind one of the dashboard's figures, a page at a time."""
    query = behind_asked()
    waiting_days = pole_settings().review_waiting_days
    return render_template("review/bookings.html", query=query, waiting_days=waiting_days,
                           page=usage.bookings_behind(query, waiting_days))


def file_name(stem: str, period: Period, extension: str, kind: OfferKind | None = None) -> str:
    return f"{stem}{'-' + kind.value if kind else ''}-{period.start}-{period.end}.{extension}"


@bp.get("/cooperation.csv")
@cell_required
def cooperation_csv():
    """The cooperation section as CSV, beside the previous period; `dialect=excel-fr`."""
    period = period_asked()
    return download(cooperation_exports.cooperation_csv(
        cooperation.figures(period), cooperation.figures(period.previous()),
        request.args.get("dialect")), file_name("cooperation", period, "csv"), "text/csv")


@bp.get("/balance.csv")
@cell_required
def balance_csv():
    """Given and received per member and kind, and the concentration, as CSV."""
    period = period_asked()
    return download(cooperation_exports.balance_csv(balance.figures(period),
                                                    request.args.get("dialect")),
                    file_name("donne-recu", period, "csv"), "text/csv")


@bp.get("/network.csv")
@cell_required
def network_csv():
    """The cooperation network's edge list as CSV."""
    period, kind = period_asked(), kind_asked()
    return download(cooperation_exports.network_csv(network.network(period, kind),
                                                    request.args.get("dialect")),
                    file_name("reseau", period, "csv", kind), "text/csv")


@bp.get("/network.gexf")
@cell_required
def network_gexf():
    """The cooperation network for Gephi (GEXF)."""
    period, kind = period_asked(), kind_asked()
    return download(network.gexf(network.network(period, kind)),
                    file_name("reseau", period, "gexf", kind), "application/gexf+xml")


@bp.get("/network.graphml")
@cell_required
def network_graphml():
    """The cooperation network as GraphML (Gephi, yEd, Cytoscape)."""
    period, kind = period_asked(), kind_asked()
    return download(network.graphml(network.network(period, kind)),
                    file_name("reseau", period, "graphml", kind), "application/graphml+xml")


# --- an organisation's own review, and the annual reports -----------------------------------


def member_asked() -> int | None:
    """The organisation of `?member=` (the cell looks at any), or None for the viewer's own."""
    return whole_number("member")


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
