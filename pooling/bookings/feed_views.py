"""Calendar feeds: the secret .ics addresses, and the page that shows and replaces them."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pooling.accounts.forms import EmptyForm
from pooling.bookings import feeds

bp = Blueprint("calendars", __name__, url_prefix="/calendars")


@bp.get("/<token>.ics")
def feed(token: str):
    """Public: the token is the secret. Unknown or replaced tokens are 404."""
    calendar = feeds.read_feed(token)
    response = Response(calendar.body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="bookings.ics"'
    # Calendar programs fetch it again every few minutes; shared caches keep none of it.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/")
@login_required
def index():
    """My organisation's feed and its offers' feeds, with how to subscribe."""
    return render_template("calendars/index.html",
                           member_feed=feeds.member_feed(current_user),
                           offer_feeds=feeds.offer_feeds(current_user),
                           form=EmptyForm())


@bp.post("/member/regenerate")
@login_required
def regenerate_member():
    feeds.regenerate_member_feed(current_user)
    flash(_("Your organisation's calendar has a new address: the old one no longer works. "
            "Subscribe again with the new one."), "success")
    return redirect(url_for("calendars.index"))


@bp.post("/offers/<int:offer_id>/regenerate")
@login_required
def regenerate_offer(offer_id: int):
    feed = feeds.regenerate_offer_feed(current_user, offer_id)
    flash(_("The calendar of this offer has a new address: the old one no longer works. "
            "Subscribe again with the new one."), "success")
    return redirect(url_for("calendars.index", _anchor=f"offer-{feed.offer_id}"))
