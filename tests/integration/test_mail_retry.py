"""E-mails about a committed change are not lost when the database is unreachable for a
moment (restarting, say) as their background job reads it: the job is tried again."""

import sqlalchemy as sa

from pooling import mail
from pooling.db import transaction


def test_a_mail_job_that_finds_the_database_unreachable_is_tried_again(app, monkeypatch,
                                                                       sent_mail):
    monkeypatch.setattr(mail, "RETRY_PAUSES", (0, 0))
    tries = []

    def booking_made():
        tries.append(len(tries))
        if len(tries) == 1:
            raise sa.exc.OperationalError("SELECT", {}, OSError("server closed the connection"))
        yield mail.Mail("someone@example.org", "Réservation confirmée", "Salle Belledonne\n")

    with transaction() as session:
        session.execute(sa.text("SELECT 1"))
        mail.queue_job(booking_made)
    mail.flush()
    assert len(tries) == 2
    assert [m.subject for m in sent_mail] == ["Réservation confirmée"]


def test_a_mail_job_gives_up_when_the_database_stays_unreachable(app, monkeypatch, sent_mail):
    monkeypatch.setattr(mail, "RETRY_PAUSES", (0, 0))
    tries = []

    def first_then_unreachable():
        tries.append(len(tries))
        yield mail.Mail("first@example.org", "Première", "Texte\n")
        raise sa.exc.OperationalError("SELECT", {}, OSError("server closed the connection"))

    with transaction() as session:
        session.execute(sa.text("SELECT 1"))
        mail.queue_job(first_then_unreachable)
    mail.flush()
    assert len(tries) == 3
    assert sent_mail == []  # none of a job's messages goes out unless all could be written
