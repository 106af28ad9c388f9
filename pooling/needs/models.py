"""A need: what a member organisation is looking for (a skill, premises or a tool), when,
how much of it, and until when it is open."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pooling.accounts.models import User
from pooling.catalogue.models import Category, OfferKind
from pooling.db import Base, UTCDateTime, enum_type, utcnow
from pooling.members.models import Member

MAX_TEXT = 2000


class NeedStatus(enum.StrEnum):
    """What the database stores; an open need past its date reads as expired (see
    `NeedState`), without a command having to run."""

    OPEN = "open"
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"


class NeedState(enum.StrEnum):
    """What people see: the stored status, or expired for an open need past its date."""

    OPEN = "open"
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


need_tags = sa.Table(
    "need_tags",
    Base.metadata,
    sa.Column("need_id", sa.ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag", sa.String(40), primary_key=True),
)


class Need(Base):
    """What a member organisation is looking for, on the needs board."""

    __tablename__ = "needs"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["category_id", "kind"], ["categories.id", "categories.kind"],
            name="fk_needs_category_kind"),
        sa.CheckConstraint("length(text) > 0", name="text_not_empty"),
        sa.CheckConstraint("(window_from IS NULL) = (window_to IS NULL)",
                           name="window_whole_or_none"),
        sa.CheckConstraint("window_from IS NULL OR window_from < window_to",
                           name="window_ends_after_start"),
        sa.CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0",
                           name="duration_positive"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("(status = 'open') = (closed_at IS NULL)",
                           name="closed_when_not_open"),
        # The board lists the open needs still in date, newest first.
        sa.Index("ix_needs_status_open_until", "status", "open_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"))
    status: Mapped[NeedStatus] = mapped_column(
        enum_type(NeedStatus, "need_status"), default=NeedStatus.OPEN)
    text: Mapped[str] = mapped_column(sa.String(MAX_TEXT))
    # Accent- and case-free text and tags, for the board's search.
    search_key: Mapped[str] = mapped_column(sa.Text, default="")
    category_id: Mapped[int | None] = mapped_column()
    # No window: whenever suits (flexible).
    window_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    window_to: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The length wanted; for a skill, the hours of expertise.
    duration_minutes: Mapped[int | None] = mapped_column()
    capacity: Mapped[int | None] = mapped_column()  # people, for premises
    quantity: Mapped[int | None] = mapped_column()  # items, for tools
    town: Mapped[str] = mapped_column(sa.String(100), default="")
    open_until: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))

    member: Mapped[Member] = relationship(lazy="joined")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    category: Mapped[Category | None] = relationship(
        lazy="joined", foreign_keys=[category_id],
        primaryjoin="Need.category_id == Category.id")

    def state(self, today: date) -> NeedState:
        """Open, fulfilled, withdrawn, or expired: open but past its date."""
        return state_of(self.status, self.open_until, today)

    def answerable_by(self, member_id: int, today: date) -> bool:
        """A booking answers a need of the organisation it is for, while the need is open."""
        return self.member_id == member_id and self.state(today) == NeedState.OPEN

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.kind} {self.status}>"


def state_of(status: NeedStatus, open_until: date, today: date) -> NeedState:
    """`Need.state` from the need's status and date, read without the need."""
    if status == NeedStatus.OPEN and open_until < today:
        return NeedState.EXPIRED
    return NeedState(status.value)
