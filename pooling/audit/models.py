"""The audit log's table: one row per administrative action or booking decision, written in
the transaction of the change it records and never changed after (see pooling.audit.guards)."""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pooling.db import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    """What happened: when, who (and their name and e-mail then), the action, the object,
    the organisation concerned, and the changed fields' values before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # None: the system or the command line. The copies keep the record readable whatever
    # becomes of the person.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    actor_email: Mapped[str] = mapped_column(sa.String(254), default="")
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None] = mapped_column()
    object_label: Mapped[str] = mapped_column(sa.String(300), default="")
    member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("members.id"), index=True)
    # JSON objects of the changed fields only; None for a creation (before) or a removal
    # (after).
    before_values: Mapped[str | None] = mapped_column(sa.Text)
    after_values: Mapped[str | None] = mapped_column(sa.Text)
    # The action, object and actor without accents nor capitals, for the search.
    search_text: Mapped[str] = mapped_column(sa.Text, default="")

    @property
    def before(self) -> dict | None:
        return json.loads(self.before_values) if self.before_values else None

    @property
    def after(self) -> dict | None:
        return json.loads(self.after_values) if self.after_values else None
