"""The pole's own settings: one row, written by the animation cell."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pooling.db import Base, UTCDateTime, utcnow

SETTINGS_ID = 1
DEFAULT_NEW_PARTNER_WEIGHT = 10
DEFAULT_BALANCE_WEIGHT = 10
MAX_WEIGHT = 100
DEFAULT_REVIEW_WAITING_DAYS = 3
MAX_WAITING_DAYS = 365


class PoleSettings(Base):
    __tablename__ = "pole_settings"
    # A single row: the settings of the one pole this service runs.
    __table_args__ = (
        sa.CheckConstraint(f"id = {SETTINGS_ID}", name="single_row"),
        sa.CheckConstraint(f"new_partner_weight BETWEEN 0 AND {MAX_WEIGHT}",
                           name="new_partner_weight_range"),
        sa.CheckConstraint(f"balance_weight BETWEEN 0 AND {MAX_WEIGHT}",
                           name="balance_weight_range"),
        sa.CheckConstraint(f"review_waiting_days BETWEEN 1 AND {MAX_WAITING_DAYS}",
                           name="review_waiting_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(sa.String(120))
    unit_name: Mapped[str] = mapped_column(sa.String(40))
    # Whether members may see each other's ledger totals (the cell always can).
    balances_public: Mapped[bool] = mapped_column(default=False)
    # What cooperation adds to an offer's relevance when needs are matched, in percent of
    # the best match's: for an organisation the requester never exchanged with, and for
    # one that received much more than it gave. Zero and zero: relevance alone.
    new_partner_weight: Mapped[int] = mapped_column(default=DEFAULT_NEW_PARTNER_WEIGHT,
                                                    server_default="10")
    balance_weight: Mapped[int] = mapped_column(default=DEFAULT_BALANCE_WEIGHT,
                                                server_default="10")
    # The review counts requests left longer than this many days without a decision.
    review_waiting_days: Mapped[int] = mapped_column(default=DEFAULT_REVIEW_WAITING_DAYS,
                                                     server_default="3")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
