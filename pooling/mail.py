"""Outgoing e-mail over SMTP, sent only once the transaction that caused it has committed."""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from queue import Queue

import sqlalchemy as sa
from flask import Flask, current_app, render_template
from flask_babel import force_locale

from pooling.extensions import db

log = logging.getLogger(__name__)

OUTBOX = "pooling_outbox"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    headers: tuple[tuple[str, str], ...] = ()  # more header fields, such as List-Unsubscribe


def render(to: str, template: str, locale: str | None = None, **context) -> Mail:
    """A message in the recipient's language: the template's first line is the subject."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    return Mail(to, subject.strip(), body.strip() + "\n")


def queue(to: str, template: str, locale: str | None = None, **context) -> None:
    """Render a message in the recipient's language and send it after the commit."""
    db.session.info.setdefault(OUTBOX, []).append(render(to, template, locale, **context))


@dataclass(frozen=True)
class Job:
    """Messages to render and send in the background once the transaction commits: the
    function reads what it needs by id in its own session, and returns the messages."""

    function: Callable[..., Iterable[Mail]]
    args: tuple


def queue_job(function: Callable[..., Iterable[Mail]], *args) -> None:
    db.session.info.setdefault(OUTBOX, []).append(Job(function, args))


def deliver(mail: Mail) -> None:
    """Send one message over SMTP, or log it when no SMTP server is configured."""
    config = current_app.config
    msg = EmailMessage()
    msg["From"] = config["MAIL_DEFAULT_SENDER"]
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Message-ID"] = make_msgid(domain="pooling")
    for name, value in mail.headers:
        msg[name] = value
    msg.set_content(mail.body)
    if not config["MAIL_SERVER"]:
        log.info("e-mail (no SMTP server configured) to %s: %s\n%s", mail.to, mail.subject,
                 mail.body)
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException):
        # The change is committed already; a lost e-mail must not turn it into an error page.
        log.exception("could not send e-mail to %s", mail.to)


# Delivery runs in a background thread: the person who acted does not wait for the SMTP
# server, and the answer takes the same time whether or not a message went out.
_deliveries: Queue[tuple[Flask, Mail | Job]] = Queue()
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


# Seconds between tries of a job that found the database unreachable (restarting, say):
# the change it tells of is committed, its e-mails are sent once the database is back.
RETRY_PAUSES = (1, 2, 4, 8, 15, 30)


def _deliver_forever() -> None:
    while True:
        app, item = _deliveries.get()
        try:
            _deliver_when_possible(app, item)
        finally:
            _deliveries.task_done()


def _deliver_when_possible(app: Flask, item: Mail | Job) -> None:
    for pause in (*RETRY_PAUSES, None):
        try:
            # The context's end closes the job's session, as a request's end does.
            with app.app_context():
                # Every message rendered before any is sent: a job tried again sends none
                # twice.
                mails = list(item.function(*item.args)) if isinstance(item, Job) else [item]
                for mail in mails:
                    deliver(mail)
            return
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as error:
            if pause is None:
                log.exception("could not deliver e-mail, the database stayed unreachable: %s",
                              item)
                return
            log.warning("e-mail waits for the database (%s), tried again in %d s",
                        str(error).splitlines()[0], pause)
            time.sleep(pause)
        except Exception:  # noqa: BLE001 (one bad message must not stop the others)
            log.exception("could not deliver e-mail: %s", item)
            return


def _start_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_deliver_forever, name="mail", daemon=True)
            _worker.start()


def flush() -> None:
    """Wait until every queued message has been handed to the SMTP server."""
    _deliveries.join()


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _send_outbox(session) -> None:
    mails = session.info.pop(OUTBOX, [])
    if not mails:
        return
    app = current_app._get_current_object()
    for mail in mails:
        _deliveries.put((app, mail))
    _start_worker()


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _drop_outbox(session) -> None:
    session.info.pop(OUTBOX, None)
