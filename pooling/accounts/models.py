"""People, their API tokens and failed sign-in attempts."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pooling.db import Base, UTCDateTime, enum_type, utcnow
from pooling.members.models import Member


class Role(enum.StrEnum):
    MEMBER = "member"
    MEMBER_ADMIN = "member-admin"
    CELL = "cell"


class User(Base):
    """A person working for a member organisation."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    job_title: Mapped[str] = mapped_column(sa.String(120), default="")
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), default=Role.MEMBER)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="RESTRICT"), index=True
    )
    # Null until the person sets a password from their invitation.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the cell erased the person's personal data (pooling.privacy.erasure); the
    # audit log's guard reads it.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Changes with the password and on deactivation: e-mailed links bound to the old
    # stamp stop working.
    credential_stamp: Mapped[str] = mapped_column(sa.String(64))
    reset_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    # Whether the person gets an e-mail the day before their bookings.
    booking_reminders: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship(lazy="joined")

    # The browser session this object was loaded for (not stored: see UserSession).
    current_session_id = None  # str | None

    # Flask-Login protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.current_session_id

    @property
    def is_cell(self) -> bool:
        return self.role == Role.CELL

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


class UserSession(Base):
    """One signed-in browser. Signing out deletes it, so a copied cookie dies with it."""

    __tablename__ = "user_sessions"

    # SHA-256 of the id kept in the signed cookie.
    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class ApiToken(Base):
    """A personal API token; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100))
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """One failed sign-in, kept for a short window to slow down password guessing."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_key: Mapped[str] = mapped_column(sa.String(254), index=True)
    remote_addr: Mapped[str] = mapped_column(sa.String(45), index=True)
    # Made from a trusted browser: the digest of its device cookie's nonce. Such failures
    # count against that browser only, not against the address or the network.
    device: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
