"""`flask ledger check`: the cell verifies the ledger's invariants at any time."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from pooling.extensions import db
from pooling.ledger.checks import CHECKS, check
from pooling.ledger.models import Exchange, LedgerEntry

ledger_cli = AppGroup("ledger", help="The ledger of exchanges.")


@ledger_cli.command("check")
def check_command() -> None:
    """Check every invariant of the ledger; exit with status 1 on any breach."""
    breaches = check()
    exchanges = db.session.scalar(sa.select(sa.func.count()).select_from(Exchange))
    entries = db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry))
    db.session.rollback()
    click.echo(f"Ledger: {exchanges} exchanges, {entries} entries, {len(CHECKS)} checks.")
    if not breaches:
        click.echo("OK: every invariant holds.")
        return
    for breach in breaches:
        click.echo(f"BREACH [{breach.rule}] {breach.message}", err=True)
    raise SystemExit(1)
