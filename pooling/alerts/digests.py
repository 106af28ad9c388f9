"""`needs notify`: one e-mail per person whose digest is due, with the suggestions the
matching engine makes for their organisation's needs and offers that they were not sent
before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from pooling import mail
from pooling.accounts.models import User
from pooling.alerts.models import DEFAULTS, AlertKind, AlertPreference, SentSuggestion
from pooling.alerts.schedule import is_due
from pooling.alerts.services import unsubscribe_token
from pooling.catalogue.models import Offer, OfferStatus
from pooling.db import insert_skipping_duplicates, run_use_case, transaction, utcnow
from pooling.extensions import db
from pooling.matching.engine import suggestions
from pooling.needs.matches import needs_for_offer
from pooling.needs.models import Need, NeedStatus
from pooling.needs.services import need_request
from pooling.pole.clock import pole_day, pole_zone
from pooling.templating import public_url

# The best few per need or offer: a digest is read, not searched.
PER_SUBJECT = 5

SENT_AT = {AlertKind.OFFERS: AlertPreference.offers_sent_at,
           AlertKind.NEEDS: AlertPreference.needs_sent_at}


@dataclass(frozen=True)
class Match:
    """One suggestion as a digest tells it: this offer for this need, and why."""

    kind: AlertKind
    need_id: int
    offer_id: int
    need_text: str
    offer_title: str
    other: str  # the organisation on the other side
    reasons: tuple[str, ...]

    @property
    def key(self) -> tuple[int, int]:
        return self.need_id, self.offer_id


@dataclass(frozen=True)
class Subscriber:
    """A person with at least one digest due now, and when each was last sent."""

    user_id: int
    email: str
    full_name: str
    locale: str | None
    member_id: int
    due: tuple[AlertKind, ...]
    last_sent: dict[AlertKind, datetime | None]


def subscribers_due(now: datetime) -> list[Subscriber]:
    """The active people whose digest of some kind is due at `now`."""
    zone = pole_zone()
    rows = db.session.execute(
        sa.select(User.id, User.email, User.full_name, User.locale, User.member_id,
                  AlertPreference)
        .outerjoin(AlertPreference, AlertPreference.user_id == User.id)
        # Invited people who never set a password have not joined yet: no digests.
        .where(User.active.is_(True), User.password_hash.is_not(None))
        .order_by(User.id))
    due = []
    for user_id, email, full_name, locale, member_id, row in rows:
        last = {kind: getattr(row, SENT_AT[kind].key) if row else None for kind in AlertKind}
        kinds = tuple(kind for kind in AlertKind
                      if is_due(row.frequency(kind) if row else DEFAULTS[kind], last[kind],
                                now, zone))
        if kinds:
            due.append(Subscriber(user_id, email, full_name, locale, member_id, kinds, last))
    return due


class Matches:
    """The engine's suggestions for one run, each need or offer ranked once per language
    (its reasons are written in the reader's)."""

    def __init__(self, now: datetime):
        self.now = now
        self.today = pole_day(now)
        self.cache: dict[tuple, list[Match]] = {}

    def of(self, member_id: int, kind: AlertKind, locale: str) -> list[Match]:
        key = (member_id, kind, locale)
        if key not in self.cache:
            with force_locale(locale):
                self.cache[key] = (self._for_needs(member_id) if kind == AlertKind.OFFERS
                                   else self._for_offers(member_id))
        return self.cache[key]

    def _for_needs(self, member_id: int) -> list[Match]:
        needs = db.session.execute(sa.select(Need.id, Need.text).where(
            Need.member_id == member_id, Need.status == NeedStatus.OPEN,
            Need.open_until >= self.today).order_by(Need.created_at, Need.id)).all()
        return [Match(AlertKind.OFFERS, need_id, s.offer_id, text, s.title, s.member_name,
                      s.reasons)
                for need_id, text in needs
                for s in suggestions(need_request(need_id), limit=PER_SUBJECT, now=self.now)]

    def _for_offers(self, member_id: int) -> list[Match]:
        offers = db.session.execute(sa.select(Offer.id, Offer.title).where(
            Offer.member_id == member_id, Offer.status == OfferStatus.PUBLISHED)
            .order_by(Offer.id)).all()
        return [Match(AlertKind.NEEDS, m.need_id, offer_id, m.text, title, m.member_name,
                      m.reasons)
                for offer_id, title in offers
                for m in needs_for_offer(offer_id, limit=PER_SUBJECT, now=self.now)]


def _sent_to(user_id: int) -> set[tuple[int, int]]:
    return {(need_id, offer_id) for need_id, offer_id in db.session.execute(
        sa.select(SentSuggestion.need_id, SentSuggestion.offer_id)
        .where(SentSuggestion.user_id == user_id))}


class _Taken(Exception):
    """Another run sent this digest meanwhile, or had nothing new: write nothing."""


def _send(person: Subscriber, matches: list[Match], now: datetime) -> bool:
    """Record the digest and its suggestions, and queue the message: in one transaction,
    so that the message goes out once it committed, and two runs send it once."""

    def record() -> bool:
        with transaction() as session:
            session.execute(insert_skipping_duplicates(session, AlertPreference.__table__)
                            .values(user_id=person.user_id, offers=DEFAULTS[AlertKind.OFFERS],
                                    needs=DEFAULTS[AlertKind.NEEDS]))
            # A digest with nothing new of its kind stays due: the next news goes out then.
            for kind in sorted({m.kind for m in matches}):
                # The digest is this run's if no other run sent it since we looked.
                column, seen = SENT_AT[kind], person.last_sent[kind]
                done = session.execute(
                    sa.update(AlertPreference)
                    .where(AlertPreference.user_id == person.user_id,
                           column.is_(None) if seen is None else column == seen)
                    .values({column: now}))
                if done.rowcount != 1:
                    raise _Taken
            # The unique key decides which suggestions are new: a run that overlaps this
            # one waits for it, then skips every row it wrote.
            written = {(need_id, offer_id) for need_id, offer_id in session.execute(
                insert_skipping_duplicates(session, SentSuggestion.__table__)
                .values([{"user_id": person.user_id, "need_id": m.need_id,
                          "offer_id": m.offer_id, "sent_at": now} for m in matches])
                .returning(SentSuggestion.need_id, SentSuggestion.offer_id))}
            new = [m for m in matches if m.key in written]
            if not new:
                raise _Taken
            session.info.setdefault(mail.OUTBOX, []).append(digest_mail(person, new))
        return True

    try:
        return run_use_case(record)
    except _Taken:
        return False


def digest_mail(person: Subscriber, matches: Iterable[Match]) -> mail.Mail:
    """One message grouping every suggestion, by need and by offer, with a link to stop."""
    by_need: dict[int, list[Match]] = {}
    by_offer: dict[int, list[Match]] = {}
    for match in matches:
        if match.kind == AlertKind.OFFERS:
            by_need.setdefault(match.need_id, []).append(match)
        else:
            by_offer.setdefault(match.offer_id, []).append(match)
    stop = public_url("alerts.unsubscribe", token=unsubscribe_token(person.user_id))
    message = mail.render(person.email, "match_digest", person.locale, person=person,
                          by_need=list(by_need.values()), by_offer=list(by_offer.values()),
                          unsubscribe_url=stop)
    # RFC 2369 and 8058: mail clients offer their own button, which posts to the link.
    return replace(message, headers=(("List-Unsubscribe", f"<{stop}>"),
                                     ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")))


def send_digests(now: datetime | None = None) -> int:
    """Send every digest due at `now`; return how many messages were sent."""
    now = now or utcnow()
    matches = Matches(now)
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    sent = 0
    for person in subscribers_due(now):
        already = _sent_to(person.user_id)
        new = [m for kind in person.due
               for m in matches.of(person.member_id, kind, person.locale or default_locale)
               if m.key not in already]
        if new and _send(person, new, now):
            sent += 1
    return sent
