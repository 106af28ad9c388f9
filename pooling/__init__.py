"""pooling: the pooling of skills, premises and tools inside a PTCE."""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from pooling import extensions
from pooling.config import Defaults, from_environment
from pooling.db import WRITE_LOCK, end_read_only_transaction, lock_wait_ms
from pooling.extensions import babel, csrf, login_manager, migrate
from pooling.web import IdConverter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class SessionInterface(SecureCookieSessionInterface):
    """Session cookies are marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def select_locale() -> str:
    """The person's chosen language, else the visitor's choice, else French."""
    languages = Defaults.LANGUAGES
    if not has_request_context():
        # The command line is the operator's and speaks English, like its own messages;
        # e-mails it sends are rendered in their recipient's language (see mail.queue).
        return "en"
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("lang") in languages:
        return session["lang"]
    return Defaults.BABEL_DEFAULT_LOCALE


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, errors and commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
        instance_path=os.environ.get("POOLING_INSTANCE_PATH") or os.path.join(ROOT, "instance"),
    )
    app.config.from_object(Defaults)
    app.config.update(from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    app.session_interface = SessionInterface()
    app.url_map.converters["int"] = IdConverter
    if app.config.get("BEHIND_PROXY"):
        # Client address and scheme only: links never depend on a forwarded host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    else:
        from pooling.web import warn_ignored_forwarded_for

        app.before_request(warn_ignored_forwarded_for)

    # `pooling.db` is the module of the declarative base; the extension is extensions.db.
    extensions.db.init_app(app)
    # Registered after the extension's own teardown, so run before it (Flask runs them
    # in reverse): the session is still there to be committed.
    app.teardown_appcontext(lambda error: end_read_only_transaction(extensions.db.session,
                                                                    error))
    # Batch mode lets Alembic alter tables on SQLite, which has little ALTER TABLE.
    migrate.init_app(app, extensions.db, directory=os.path.join(ROOT, "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=lambda: app.config["POLE_TIMEZONE"],
        default_translation_directories=os.path.join(ROOT, "pooling", "translations"),
    )
    _init_login(app)
    _init_sqlite(app)
    _init_postgres(app)
    # Every domain's tables belong to the metadata that migrations compare.
    import pooling.alerts.models  # noqa: F401
    import pooling.api.models  # noqa: F401
    import pooling.audit.models  # noqa: F401
    import pooling.bookings.models  # noqa: F401
    import pooling.catalogue.models  # noqa: F401
    import pooling.ledger.models  # noqa: F401
    import pooling.needs.models  # noqa: F401
    import pooling.pole.models  # noqa: F401
    import pooling.review.models  # noqa: F401
    import pooling.search.models  # noqa: F401
    from pooling import errors, request_checks, templating, unavailable
    from pooling.accounts import auth_views, people_views, profile_views
    from pooling.alerts import views as alert_views
    from pooling.api import init_api
    from pooling.audit import views as audit_views
    from pooling.bookings import feed_views
    from pooling.bookings import views as booking_views
    from pooling.catalogue import views as catalogue_views
    from pooling.core import views as core_views
    from pooling.ledger import views as ledger_views
    from pooling.members import views as member_views
    from pooling.needs import views as need_views
    from pooling.pole import views as pole_views
    from pooling.privacy import views as privacy_views
    from pooling.review import views as review_views

    request_checks.init_app(app)
    errors.register_error_handlers(app)
    unavailable.init_app(app)
    templating.init_app(app)
    app.register_blueprint(core_views.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(profile_views.bp)
    app.register_blueprint(member_views.bp)
    app.register_blueprint(people_views.bp)
    app.register_blueprint(pole_views.bp)
    app.register_blueprint(booking_views.bp)
    app.register_blueprint(feed_views.bp)
    app.register_blueprint(ledger_views.bp)
    app.register_blueprint(need_views.bp)
    app.register_blueprint(alert_views.bp)
    app.register_blueprint(review_views.bp)
    app.register_blueprint(audit_views.bp)
    app.register_blueprint(privacy_views.bp)
    catalogue_views.register(app)
    init_api(app)

    from pooling.cli import register_commands

    register_commands(app)
    return app


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext

    from pooling.accounts.services import user_for_session

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    # A stolen cookie used from elsewhere is dropped rather than trusted.
    login_manager.session_protection = "strong"
    login_manager.user_loader(user_for_session)


def _init_sqlite(app: Flask) -> None:
    """SQLite: enforce foreign keys, wait on locks, and serialise writers."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = extensions.db.engine

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy drive BEGIN so that it can be made IMMEDIATE below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Wait for another writer as long as PostgreSQL waits for a lock, then give up.
        cursor.execute(f"PRAGMA busy_timeout={lock_wait_ms(app.config)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Write transactions (pooling.db.transaction) take the lock up front with BEGIN
        # IMMEDIATE, so two writers queue instead of both acting on a state one of them is
        # about to change; read-only ones stay deferred and never block anyone (WAL).
        immediate = connection.get_execution_options().get(WRITE_LOCK)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _init_postgres(app: Flask) -> None:
    """PostgreSQL: a statement waits for a lock at most `DB_LOCK_TIMEOUT` seconds."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    with app.app_context():
        engine = extensions.db.engine
    wait = lock_wait_ms(app.config)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # For the whole session, on every new connection (after a restart of the database
        # too); outside a transaction, so that the pool's rollbacks keep it.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        dbapi_connection.execute(f"SET lock_timeout = {wait}")
        dbapi_connection.autocommit = autocommit
