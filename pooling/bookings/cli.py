"""`flask --app pooling bookings tick`: the booking engine's periodic work, run by cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from pooling import mail
from pooling.api import idempotency
from pooling.bookings import lifecycle, notifications
from pooling.db import transaction
from pooling.templating import command_line_context

bookings_cli = AppGroup("bookings", help="The booking engine's periodic work.")


@bookings_cli.command("tick")
def tick_command():
    """Complete the confirmed bookings that have ended, send tomorrow's reminders, and
    forget the API's idempotency keys older than 24 hours.

    Safe to run as often as wanted (every 15 minutes from cron): a booking is completed
    once and reminded once.
    """
    with command_line_context():
        completed = lifecycle.complete_due()
        reminded = notifications.send_reminders()
        with transaction():
            forgotten = idempotency.purge()
    # E-mail leaves from a background thread: wait for it before the process ends.
    mail.flush()
    click.echo(f"Completed {completed} booking{'s' if completed != 1 else ''} that had ended.")
    click.echo(f"Sent {reminded} reminder{'s' if reminded != 1 else ''} "
               "for tomorrow's bookings.")
    click.echo(f"Forgot {forgotten} idempotency key{'s' if forgotten != 1 else ''} "
               "older than 24 hours.")
