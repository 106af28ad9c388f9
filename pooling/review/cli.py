"""`flask --app pooling review rebuild`: the review's running totals summed afresh."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from pooling.extensions import db
from pooling.pole.clock import pole_zone
from pooling.review import kept, ledger_totals, totals
from pooling.review.models import BookerMonth, MemberLedgerMonth, OfferMonth, PairMonth

review_cli = AppGroup("review", help="The review of usage.")


@review_cli.command("rebuild")
def rebuild_command() -> None:
    """Sum every booking and every ledger entry into the review's running totals afresh,
    with the months in the pole's zone: after the pole's zone changed, or to repair
    them. The figures kept for every process, summed from the old totals, are forgotten."""
    with db.engine.begin() as connection:
        totals.rebuild(connection, pole_zone())
        ledger_totals.rebuild(connection)
        ledger_totals.rebuild_counts(connection)
        kept.forget_all(connection)
        rows = [connection.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (OfferMonth, BookerMonth, MemberLedgerMonth, PairMonth)]
    click.echo(f"Review totals rebuilt. Rows per offer and month: {rows[0]}; per "
               f"organisation, kind and month: {rows[1]}; exchanges per organisation, side, kind, "
               f"cooperation and month: {rows[2]}; per pair, kind and month: {rows[3]}.")
