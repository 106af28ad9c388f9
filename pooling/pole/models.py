"""The pole's own settings: one row, written by the animation cell."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pooling.db import Base, UTCDateTime, utcnow

SETTINGS_ID = 1


class PoleSettings(Base):
    __tablename__ = "pole_settings"
    # A single row: the settings of the one pole this service runs.
    __table_args__ = (sa.CheckConstraint(f"id = {SETTINGS_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(sa.String(120))
    unit_name: Mapped[str] = mapped_column(sa.String(40))
    # Whether members may see each other's ledger totals (the cell always can).
    balances_public: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
