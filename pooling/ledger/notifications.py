"""The e-mails of the ledger: a declared exchange asks the other organisation to confirm
it; a decision goes back to who declared it. Rendered and sent after the commit."""

from __future__ import annotations

import sqlalchemy as sa

from pooling import mail
from pooling.accounts.models import Role, User
from pooling.extensions import db
from pooling.ledger.models import Exchange, ExchangeStatus


def _people_of(member_ids: list[int]) -> list[User]:
    """Who hears for an organisation: its admins, else everyone in it."""
    people = list(db.session.scalars(sa.select(User).where(
        User.member_id.in_(member_ids), User.active.is_(True)).order_by(User.id)))
    chosen = []
    for member_id in member_ids:
        own = [p for p in people if p.member_id == member_id]
        admins = [p for p in own if p.role in (Role.MEMBER_ADMIN, Role.CELL)]
        chosen += admins or own
    return chosen


def exchange_mails(exchange_id: int, event: str, actor_id: int) -> list[mail.Mail]:
    exchange = db.session.get(Exchange, exchange_id)
    actor = db.session.get(User, actor_id)
    if event == "declared":
        # The parties that must agree: all but the one that asked.
        others = [m for m in (exchange.provider_id, exchange.beneficiary_id)
                  if m != exchange.declared_for_id]
        recipients = [p for p in _people_of(others) if p.id != actor.id]
        template = "exchange_reversal_asked" if exchange.is_reversal else "exchange_declared"
    else:
        declarer = exchange.declared_by
        recipients = [declarer] if declarer and declarer.id != actor.id else []
        template = "exchange_decided"
    return [mail.render(user.email, template, user.locale, user=user, exchange=exchange,
                        actor=actor, rejected=exchange.status == ExchangeStatus.REJECTED)
            for user in recipients if user.active]
