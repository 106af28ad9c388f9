"""`flask --app pooling needs notify`: the alerts of new matches, run by cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from pooling import mail
from pooling.alerts.digests import send_digests
from pooling.templating import command_line_context

needs_cli = AppGroup("needs", help="Needs and their matches.")


@needs_cli.command("notify")
def notify_command():
    """E-mail each person whose digest is due the new matches for their organisation's needs
    and offers: one message each, no suggestion twice.

    Safe to run as often as wanted (every 15 minutes from cron): daily and weekly digests
    go out once a day or a week of the pole at most.
    """
    with command_line_context():
        sent = send_digests()
    # E-mail leaves from a background thread: wait for it before the process ends.
    mail.flush()
    click.echo(f"Sent {sent} alert message{'s' if sent != 1 else ''}.")
