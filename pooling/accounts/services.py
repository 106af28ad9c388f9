"""Use cases of people: sign-in, passwords, invitations, roles, deactivation, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from pooling import mail
from pooling.accounts.models import ApiToken, LoginFailure, Role, User, UserSession
from pooling.accounts.permissions import require_people_manager, require_person_editor
from pooling.audit import services as audit
from pooling.db import serialise_on, transaction, utcnow
from pooling.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyAttempts,
    invalid_field,
)
from pooling.extensions import db
from pooling.members.models import Circle, Member

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 128
TOKEN_PREFIX = "pool_"  # nosec B105 # the tokens' visible prefix, not a secret

# Checked against when the e-mail is unknown, so that timing does not reveal accounts.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    """A salted, deliberately slow hash (scrypt unless configured otherwise)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password_rules(password: str, email: str = "") -> None:
    """Refuse passwords that are too short, too long or equal to the e-mail address."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput(
            _("The password must have at least %(n)d characters.", n=PASSWORD_MIN_LENGTH),
            fields={"password": [_("Too short.")]},
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise InvalidInput(
            _("The password must have at most %(n)d characters.", n=PASSWORD_MAX_LENGTH),
            fields={"password": [_("Too long.")]},
        )
    if email and password.strip().lower() == normalise_email(email):
        raise InvalidInput(_("The password must not be your e-mail address."),
                           fields={"password": [_("Too easy to guess.")]})


def new_stamp() -> str:
    return secrets.token_hex(32)


def _digest(secret: str) -> str:
    """What is stored of a secret the client holds (session id, API token)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("This person does not exist."))
    return user


def get_user_by_email(email: str) -> User | None:
    return db.session.scalars(
        sa.select(User).where(User.email == normalise_email(email))
    ).first()


# --- browser sessions ----------------------------------------------------------------


def start_session(user: User) -> str:
    """Record a new signed-in browser for the person; its id goes into the signed cookie."""
    session_id = secrets.token_urlsafe(32)
    with transaction() as session:
        session.add(UserSession(digest=_digest(session_id), user_id=user.id))
    user.current_session_id = session_id
    return session_id


def user_for_session(session_id: str) -> User | None:
    """The active person signed in with this browser session, if it still exists."""
    user = db.session.scalars(
        sa.select(User).join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.digest == _digest(session_id), User.active.is_(True))
    ).first()
    if user is not None:
        user.current_session_id = session_id
    return user


def end_session(session_id: str | None) -> None:
    """Sign one browser out: its cookie, even copied elsewhere, no longer signs anyone in."""
    if not session_id:
        return
    with transaction() as session:
        session.execute(sa.delete(UserSession).where(UserSession.digest == _digest(session_id)))


def _end_sessions(session, user_id: int, keep: str | None = None) -> None:
    stmt = sa.delete(UserSession).where(UserSession.user_id == user_id)
    if keep:
        stmt = stmt.where(UserSession.digest != _digest(keep))
    session.execute(stmt)


# --- sign-in -------------------------------------------------------------------------


def _recent_failures(since, *where) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(LoginFailure.id)).where(LoginFailure.at > since, *where)
    ) or 0


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="device-cookie")


def device_cookie(user: User) -> str:
    """A new device cookie for the browser a person just signed in from: a signed random
    nonce bound to the person (OWASP's "device cookies")."""
    return _device_serializer().dumps({"user": user.id, "nonce": secrets.token_urlsafe(24)})


def _trusted_device(token: str | None, user: User | None) -> str | None:
    """The digest of the browser's nonce when its device cookie is valid and this person's."""
    if not token or user is None:
        return None
    try:
        data = _device_serializer().loads(
            token, max_age=current_app.config["DEVICE_COOKIE_MAX_AGE"])
    except BadSignature:  # expired ones too
        return None
    if not isinstance(data, dict) or data.get("user") != user.id \
            or not isinstance(data.get("nonce"), str):
        return None
    return _digest(data["nonce"])


def authenticate(email: str, password: str, remote_addr: str,
                 device_token: str | None = None) -> User:
    """The person with these credentials, or an error that does not say which part was wrong.

    Attempts on one address are serialised, so that guesses sent in parallel are all
    counted before the next one is checked. A browser where the person signed in before
    (a valid device cookie of theirs) is trusted: its failures count against it alone, and
    the locks of the address and of the network, which an attacker can set off, do not
    apply to it. Other browsers count against the address and the network.
    """
    config = current_app.config
    email_key = normalise_email(email)[:254]
    remote_addr = (remote_addr or "unknown")[:45]
    since = utcnow() - timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"])
    untrusted = LoginFailure.device.is_(None)
    user, locked = None, False
    with transaction() as session:
        serialise_on(session, f"login:{email_key}")
        user = get_user_by_email(email_key)
        device = _trusted_device(device_token, user)
        if device is not None and _recent_failures(since, LoginFailure.device == device) \
                >= config["LOGIN_MAX_FAILURES_PER_DEVICE"]:
            device = None  # a device cookie used for guessing is trusted no more
        if device is None:
            locked = (
                _recent_failures(since, LoginFailure.email_key == email_key, untrusted)
                >= config["LOGIN_MAX_FAILURES_PER_EMAIL"]
                or _recent_failures(since, LoginFailure.remote_addr == remote_addr, untrusted)
                >= config["LOGIN_MAX_FAILURES_PER_IP"]
            )
        if not locked:
            # The dummy hash costs the same time when the address is unknown.
            valid = check_password_hash(
                user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
            if user and user.password_hash and valid and user.active:
                session.execute(sa.delete(LoginFailure).where(
                    LoginFailure.device == device if device else sa.and_(
                        LoginFailure.email_key == email_key, untrusted)))
                user.last_login_at = utcnow()
            else:
                user = None
                session.add(LoginFailure(email_key=email_key, remote_addr=remote_addr,
                                         device=device))
                # Failures older than the window no longer count: forget them.
                session.execute(sa.delete(LoginFailure).where(LoginFailure.at <= since))
    if locked:
        raise TooManyAttempts(_(
            "Too many failed sign-in attempts. Please wait %(minutes)d minutes and try again.",
            minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]))
    if user is None:
        raise InvalidInput(_("E-mail address or password is incorrect."))
    return user


# --- passwords -----------------------------------------------------------------------


def change_password(user_id: int, current: str, new: str, keep_session: str | None) -> User:
    """Change one's password; every other browser of the person is signed out."""
    user = get_user(user_id)
    if not (user.password_hash and check_password_hash(user.password_hash, current)):
        db.session.rollback()
        raise InvalidInput(_("The current password is incorrect."),
                           fields={"current_password": [_("Incorrect.")]})
    check_password_rules(new, user.email)
    with transaction() as session:
        user.password_hash = hash_password(new)
        user.credential_stamp = new_stamp()
        _end_sessions(session, user.id, keep=keep_session)
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-token")


def password_token(user: User) -> str:
    """A signed link token, valid until used: it is bound to the person's credential stamp."""
    return _serializer().dumps({"u": user.id, "s": user.credential_stamp[:16]})


def user_for_password_token(token: str) -> User:
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_TOKEN_MAX_AGE"])
    except SignatureExpired:
        raise InvalidInput(_("This link has expired. Ask for a new one.")) from None
    except BadSignature:
        raise InvalidInput(_("This link is not valid. Ask for a new one.")) from None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.active or not user.credential_stamp.startswith(
            data.get("s", "-")):
        raise InvalidInput(_("This link has already been used or is no longer valid."))
    return user


def set_password_with_token(token: str, new: str) -> User:
    """Set a password from an invitation or reset link; the link then stops working.

    The update is conditional on the stamp the link was made for, so of two uses of one
    link at the same moment only the first changes anything.
    """
    user = user_for_password_token(token)
    check_password_rules(new, user.email)
    stamp = user.credential_stamp
    with transaction() as session:
        result = session.execute(
            sa.update(User)
            .where(User.id == user.id, User.credential_stamp == stamp)
            .values(password_hash=hash_password(new), credential_stamp=new_stamp(),
                    last_login_at=utcnow())
        )
        if result.rowcount != 1:
            raise InvalidInput(_("This link has already been used or is no longer valid."))
        _end_sessions(session, user.id)
    db.session.refresh(user)
    return user


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address belongs to an active person; say nothing either way.

    One message per address every few minutes at most, so the form cannot flood a mailbox.
    """
    user = get_user_by_email(email)
    if user is None or not user.active:
        return
    now = utcnow()
    pause = timedelta(minutes=current_app.config["PASSWORD_RESET_PAUSE_MINUTES"])
    with transaction() as session:
        claimed = session.execute(
            sa.update(User)
            .where(User.id == user.id, sa.or_(User.reset_requested_at.is_(None),
                                              User.reset_requested_at < now - pause))
            .values(reset_requested_at=now)
        ).rowcount
        if claimed:
            mail.queue(user.email, "password_reset", user.locale, user=user,
                       token=password_token(user))


# --- people of an organisation -------------------------------------------------------


@dataclass
class PersonData:
    email: str
    full_name: str
    role: Role = Role.MEMBER
    job_title: str = ""
    phone: str = ""


# What the audit log keeps of a person: never a password nor a stamp.
AUDITED = ("email", "full_name", "job_title", "phone", "role", "active")


def _check_role_allowed(actor: User, role: Role, member: Member) -> None:
    if role == Role.CELL and actor.role != Role.CELL:
        raise Forbidden(_("Only the animation cell can give the animation cell role."))
    if role == Role.CELL and member.circle != Circle.ANIMATION_CELL:
        raise InvalidInput(
            _("The animation cell role is for people of the animation cell's organisation."),
            fields={"role": [_("Not allowed for this organisation.")]},
        )


def create_person(
    actor: User | None,
    member_id: int,
    data: PersonData,
    *,
    password: str | None = None,
    invite: bool = True,
) -> User:
    """Add a person to an organisation; without a password they get an invitation e-mail.

    `actor` is None only for the command line, which runs with the operator's authority.
    """
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This organisation does not exist."))
    if actor is not None:
        require_people_manager(actor, member_id)
        _check_role_allowed(actor, data.role, member)
    email = normalise_email(data.email)
    if password is not None:
        check_password_rules(password, email)
    try:
        with transaction() as session:
            user = User(
                email=email,
                full_name=data.full_name.strip(),
                job_title=data.job_title.strip(),
                phone=data.phone.strip(),
                role=data.role,
                member_id=member_id,
                password_hash=hash_password(password) if password else None,
                credential_stamp=new_stamp(),
            )
            session.add(user)
            session.flush()
            audit.record(actor, "person.invite", user, f"{user.full_name} <{user.email}>",
                         member_id=member_id, after=audit.fields(user, *AUDITED))
            if invite and password is None:
                mail.queue(email, "invitation", None, user=user, member=member,
                           inviter=actor, token=password_token(user))
    except IntegrityError:
        raise Conflict(_("A person with this e-mail address already exists."),
                       fields={"email": [_("Already taken.")]}) from None
    return user


def resend_invitation(actor: User, user_id: int) -> User:
    user = get_user(user_id)
    require_person_editor(actor, user)
    if not user.active:
        raise Conflict(_("This person is deactivated."))
    if user.password_hash:
        raise Conflict(_("This person has already chosen a password. If it is forgotten, "
                         "they can ask for a new one from the sign-in page."))
    with transaction():
        mail.queue(user.email, "invitation", user.locale, user=user, member=user.member,
                   inviter=actor, token=password_token(user))
    return user


def update_person(actor: User, user_id: int, data: PersonData) -> User:
    """Edit a person's record and role (their e-mail is their sign-in and stays)."""
    user = get_user(user_id)
    require_person_editor(actor, user)
    _check_role_allowed(actor, data.role, user.member)
    if user.id == actor.id and data.role != user.role:
        raise Conflict(_("You cannot change your own role."))
    with transaction():
        before = audit.fields(user, *AUDITED)
        user.full_name = data.full_name.strip()
        user.job_title = data.job_title.strip()
        user.phone = data.phone.strip()
        user.role = data.role
        audit.record(actor, "person.role" if before["role"] != user.role.value
                     else "person.update", user, f"{user.full_name} <{user.email}>",
                     member_id=user.member_id, before=before,
                     after=audit.fields(user, *AUDITED))
    return user


def set_active(actor: User, user_id: int, active: bool) -> User:
    """Deactivate or reactivate a person; their history stays, their sessions end."""
    user = get_user(user_id)
    require_person_editor(actor, user)
    if user.id == actor.id:
        raise Conflict(_("You cannot deactivate yourself."))
    with transaction() as session:
        audit.record(actor, "person.reactivate" if active else "person.deactivate", user,
                     f"{user.full_name} <{user.email}>", member_id=user.member_id,
                     before={"active": user.active}, after={"active": active})
        user.active = active
        user.deactivated_at = None if active else utcnow()
        user.credential_stamp = new_stamp()
        if not active:
            _end_sessions(session, user.id)
            session.execute(
                sa.update(ApiToken)
                .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
    return user


def people_of(member_id: int, include_inactive: bool = False) -> list[User]:
    stmt = sa.select(User).where(User.member_id == member_id)
    if not include_inactive:
        stmt = stmt.where(User.active.is_(True))
    return list(db.session.scalars(stmt.order_by(User.active.desc(), User.full_name)))


def update_profile(user_id: int, full_name: str, job_title: str, phone: str,
                   locale: str | None, booking_reminders: bool | None = None) -> User:
    """A person edits their own name, title, phone and language, and whether they want
    reminders of their bookings (unchanged when None)."""
    user = get_user(user_id)
    if not full_name.strip():
        raise InvalidInput(_("The name is required."), fields={"full_name": [_("Required.")]})
    if locale and locale not in current_app.config["LANGUAGES"]:
        raise invalid_field("locale", _("Unknown language."))
    with transaction():
        user.full_name = full_name.strip()
        user.job_title = job_title.strip()
        user.phone = phone.strip()
        user.locale = locale or None
        if booking_reminders is not None:
            user.booking_reminders = booking_reminders
    return user


def set_locale(user_id: int, locale: str) -> User:
    """A person chooses the language of the interface and of their e-mails."""
    if locale not in current_app.config["LANGUAGES"]:
        raise invalid_field("locale", _("Unknown language."))
    user = get_user(user_id)
    with transaction():
        user.locale = locale
    return user


# --- API tokens ----------------------------------------------------------------------


def create_api_token(user_id: int, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the plain text is returned once and never stored."""
    user = get_user(user_id)
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(_("Give the token a name of at most 100 characters."),
                           fields={"name": [_("Required, at most 100 characters.")]})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction() as session:
        token = ApiToken(user_id=user.id, name=name, digest=_digest(plain),
                         prefix=plain[: len(TOKEN_PREFIX) + 6])
        session.add(token)
    return token, plain


def revoke_api_token(user_id: int, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise NotFound(_("This token does not exist."))
    with transaction():
        if token.revoked_at is None:
            token.revoked_at = utcnow()
    return token


def tokens_of(user_id: int) -> list[ApiToken]:
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
    ))


def user_for_api_token(plain: str) -> User | None:
    """The active person behind a bearer token, recording when it was last used."""
    # The person (and their organisation) come in the same round trip: every call needs them.
    token = db.session.scalars(
        sa.select(ApiToken).options(joinedload(ApiToken.user))
        .where(ApiToken.digest == _digest(plain), ApiToken.revoked_at.is_(None))
    ).first()
    if token is None or not token.user.active:
        return None
    now = utcnow()
    # One write a minute at most: last use is informative, not an audit trail.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        with transaction():
            token.last_used_at = now
    return token.user
