"""What each person wants to hear about matches, and which suggestions they were sent."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pooling.db import Base, UTCDateTime, enum_type, utcnow


class Frequency(enum.StrEnum):
    NEVER = "never"
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"


class AlertKind(enum.StrEnum):
    """New offers that match my organisation's needs; open needs my organisation's offers
    can serve."""

    OFFERS = "offers"
    NEEDS = "needs"


# A person who posted a need wants to hear of offers for it, but not every hour: weekly.
# Needs that one's offers can serve are someone else's request, shown on the offer's page
# already; e-mailing them unasked would be prospecting, so a person turns them on.
DEFAULTS = {AlertKind.OFFERS: Frequency.WEEKLY, AlertKind.NEEDS: Frequency.NEVER}


class AlertPreference(Base):
    """One person's choice for each kind of alert, and when each digest last went out.
    No row: the defaults, and no digest sent yet."""

    __tablename__ = "alert_preferences"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    offers: Mapped[Frequency] = mapped_column(
        enum_type(Frequency, "offers_frequency"), default=DEFAULTS[AlertKind.OFFERS])
    needs: Mapped[Frequency] = mapped_column(
        enum_type(Frequency, "needs_frequency"), default=DEFAULTS[AlertKind.NEEDS])
    offers_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    needs_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def frequency(self, kind: AlertKind) -> Frequency:
        return getattr(self, kind.value)


class SentSuggestion(Base):
    """A suggestion (this offer for this need) mailed to a person: never mailed twice, even
    when two runs of `needs notify` overlap, because the database refuses the second row."""

    __tablename__ = "sent_suggestions"
    __table_args__ = (sa.UniqueConstraint("user_id", "need_id", "offer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    need_id: Mapped[int] = mapped_column(
        sa.ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
