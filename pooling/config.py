"""Configuration: safe defaults, then the environment."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else from instance/, generated there on first run."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole to a private file, then linked into place: a process starting at the
    # same moment either wins the link or reads the complete key of the one that did.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
    try:
        with os.fdopen(fd, "w") as f:  # mkstemp: readable by the owner only
            f.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
    return path.read_text().strip()


def from_environment(instance_path: str) -> dict:
    """Settings read from the environment, with defaults for a local run."""
    default_db = "sqlite:///" + str(Path(instance_path) / "pooling.sqlite3")
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "SECRET_KEY": load_secret_key(instance_path),
        "POLE_NAME": os.environ.get("POLE_NAME", "Pôle Coopér'Actions"),
        "POLE_TIMEZONE": os.environ.get("POLE_TIMEZONE", "Europe/Paris"),
        "POLE_UNIT_NAME": os.environ.get("POLE_UNIT_NAME", "crédits"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL"),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "pooling@localhost"),
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE"),
        "BEHIND_PROXY": _bool("BEHIND_PROXY"),
        "BASE_URL": os.environ.get("BASE_URL") or "http://127.0.0.1:5000",
        # Where new photos of offers go: "files" (the instance folder, one host) or
        # "database" (every host behind a load balancer sees them).
        "PHOTO_STORE": os.environ.get("PHOTO_STORE", "files"),
        # Off: the booking path's statements go through SQLAlchemy on PostgreSQL too.
        "DRIVER_FAST_PATH": _bool("DRIVER_FAST_PATH", True),
        # Seconds a request waits for a lock another one holds (an offer being booked, an
        # exchange being decided) before giving up with 503: never forever.
        "DB_LOCK_TIMEOUT": _seconds("DB_LOCK_TIMEOUT", 5.0),
    }


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds <= 600:  # NaN too
        raise ValueError(f"{name} must be a number of seconds above 0, at most 600: {value!r}")
    return seconds


class Defaults:
    """Values that do not depend on the deployment."""

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "pooling_session"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    LANGUAGES = {"fr": "Français", "en": "English"}
    # Sign-in throttling: failures allowed per address and per client within the window.
    LOGIN_MAX_FAILURES_PER_EMAIL = 5
    LOGIN_MAX_FAILURES_PER_IP = 30
    # A browser the person signed in from before carries a device cookie: its failures
    # count against it alone, up to this many, and the two limits above spare it.
    LOGIN_MAX_FAILURES_PER_DEVICE = 5
    DEVICE_COOKIE_NAME = "pooling_device"
    DEVICE_COOKIE_MAX_AGE = 60 * 60 * 24 * 180
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    PASSWORD_HASH_METHOD = "scrypt"  # nosec B105 # the hash's name, not a password
    PASSWORD_RESET_PAUSE_MINUTES = 5
    PASSWORD_TOKEN_MAX_AGE = 60 * 60 * 24 * 7
    DIRECTORY_PAGE_SIZE = 20
    # The review's figures are written for the other processes by a thread, after the answer
    # (pooling.review.kept); tests write them at once.
    REVIEW_KEEP_IN_BACKGROUND = True
    API_TITLE = "pooling"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
