"""Member organisations and activity domains."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pooling.db import Base, UTCDateTime, enum_type, utcnow


class LegalForm(enum.StrEnum):
    ASSOCIATION = "association"
    SARL = "sarl"
    SCIC = "scic"
    SCOP = "scop"
    SAS = "sas"
    SA = "sa"
    LOCAL_AUTHORITY = "local-authority"
    UNIVERSITY = "university"
    OTHER = "other"


class Circle(enum.StrEnum):
    ANIMATION_CELL = "animation-cell"
    FOUNDING_MEMBER = "founding-member"
    PARTNER = "partner"


member_domains = sa.Table(
    "member_domains",
    Base.metadata,
    sa.Column(
        "member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "domain_id", sa.ForeignKey("domains.id", ondelete="RESTRICT"), primary_key=True,
        index=True,
    ),
)


class Domain(Base):
    """An activity domain; the pole starts with the survey's four and the cell adds others."""

    __tablename__ = "domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    name_en: Mapped[str | None] = mapped_column(sa.String(100))
    position: Mapped[int] = mapped_column(default=100)

    def label(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


class Member(Base):
    """A member organisation (structure) of the pole."""

    __tablename__ = "members"
    __table_args__ = (
        sa.CheckConstraint("staff_fte >= 0", name="staff_fte_not_negative"),
        sa.CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    # Accent- and case-free copy of the name, so that search works the way people type.
    name_key: Mapped[str] = mapped_column(sa.String(200), index=True)
    legal_form: Mapped[LegalForm] = mapped_column(enum_type(LegalForm, "legal_form"))
    circle: Mapped[Circle] = mapped_column(enum_type(Circle, "circle"), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    postcode: Mapped[str] = mapped_column(sa.String(10), default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    staff_fte: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 1))
    joined_on: Mapped[date] = mapped_column(sa.Date)
    # The day it left the pole: it stays in the directory and the ledger, but is no longer
    # counted as a member from that day on.
    left_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    domains: Mapped[list[Domain]] = relationship(
        secondary=member_domains, order_by=Domain.position
    )

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.name!r}>"
