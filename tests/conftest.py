"""Shared fixtures: a migrated database per run, a fresh app and empty tables per test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set
(`make test` does both).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g
from hypothesis import settings

# Property tests check behaviour, not speed: on a loaded two-core machine one example may
# take longer than hypothesis's 200 ms deadline without anything being wrong.
settings.register_profile("pooling", deadline=None)
settings.load_profile("pooling")

# The load tests start PostgreSQL and gunicorn of their own and run for a minute or more:
# `make test-load` runs them (LOAD_TESTS=1), the other runs leave them out.
collect_ignore = [] if os.environ.get("LOAD_TESTS") else ["load"]

_instance = tempfile.mkdtemp(prefix="pooling-test-instance-")
os.environ["POOLING_INSTANCE_PATH"] = _instance
os.environ.pop("DATABASE_URL", None)
os.environ.pop("MAIL_SERVER", None)

from flask_migrate import upgrade  # noqa: E402

from pooling import create_app, mail  # noqa: E402
from pooling.accounts.models import Role, User  # noqa: E402
from pooling.audit import guards as audit_guards  # noqa: E402
from pooling.catalogue import services as catalogue_services  # noqa: E402
from pooling.catalogue.hours import WeeklySlot  # noqa: E402
from pooling.catalogue.models import Category, OfferKind, OfferStatus, Unit  # noqa: E402
from pooling.extensions import db  # noqa: E402
from pooling.ledger import guards  # noqa: E402
from pooling.members.models import Circle, Domain, LegalForm, Member  # noqa: E402
from pooling.review import totals as review_totals  # noqa: E402
from pooling.search import versions as search_versions  # noqa: E402

PASSWORD = "correct-horse-42"

CATALOGUES = Path(__file__).resolve().parents[1] / "pooling" / "translations"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the message catalogues that are missing or older than their sources, as
    `make` does, so that a bare `pytest` in a fresh checkout sees the app in French."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for source in CATALOGUES.glob("*/LC_MESSAGES/messages.po"):
        compiled = source.with_suffix(".mo")
        if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
            continue
        with source.open("rb") as po:
            catalogue = read_po(po, locale=source.parent.parent.name)
        # Written aside, then moved into place: parallel workers may compile it at once.
        fd, partial = tempfile.mkstemp(dir=compiled.parent, suffix=".mo.partial")
        with os.fdopen(fd, "wb") as mo:
            write_mo(mo, catalogue)
        os.replace(partial, compiled)



def _own_postgres_database(url: str) -> str:
    """A database of this run's own on the server TEST_DATABASE_URL names, dropped at exit:
    two runs against one server never empty each other's tables."""
    import atexit

    name = f"pooling_test_{os.getpid()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    atexit.register(drop)
    return sa.make_url(url).set(database=name).render_as_string(hide_password=False)


_postgres = os.environ.get("TEST_DATABASE_URL")
_DATABASE_URL = (_own_postgres_database(_postgres) if _postgres else
                 "sqlite:///" + str(Path(_instance) / "test.sqlite3"))


def database_url() -> str:
    return _DATABASE_URL


def is_postgres() -> bool:
    return database_url().startswith("postgresql")


def base_config(**overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url(),
        "WTF_CSRF_ENABLED": False,
        # A fast hash in tests; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "MAIL_SERVER": "",
        "SERVER_NAME": None,
        "REVIEW_KEEP_IN_BACKGROUND": False,
        **overrides,
    }


@pytest.fixture(scope="session")
def migrated_database():
    """Build the schema once per run, with the migrations (as production does)."""
    app = create_app(base_config())
    with app.app_context():
        if is_postgres():
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        with db.engine.connect() as conn:
            for name in SEEDED_TABLES:
                _seeded_ids[name] = set(conn.scalars(sa.text(f"SELECT id FROM {name}")))
        db.engine.dispose()
    yield database_url()


# Tables the migrations fill with starting rows, which every test may rely on.
SEEDED_TABLES = ("domains", "categories", "thesaurus_entries", "review_months",
                 "search_versions")
_seeded_ids: dict[str, set[int]] = {}


def _empty_tables() -> None:
    """Delete every row a test wrote, keeping the rows the migrations seeded."""
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in SEEDED_TABLES]
    with db.engine.begin() as conn:
        # The ledger's append-only triggers refuse deletions: the tests alone lift them.
        if is_postgres():
            names = ", ".join(t.name for t in tables)
            conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            guards.remove(conn)
            audit_guards.remove(conn)
            review_totals.remove(conn)  # emptied like any table, not booking by booking
            review_totals.remove_changes(conn)
            conn.execute(sa.text("PRAGMA defer_foreign_keys = ON"))  # reversals point back
            for table in tables:
                conn.execute(table.delete())
            guards.install(conn)
            audit_guards.install(conn)
            review_totals.install(conn)
            review_totals.install_changes(conn)
        for name in SEEDED_TABLES:
            table = db.metadata.tables[name]
            conn.execute(table.delete().where(table.c.id.not_in(_seeded_ids[name])))
        # PostgreSQL's truncation, triggers off, moved nothing: what a process keeps of the
        # searched tables is stale.
        search_versions.move(conn)


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change the configuration."""
    return {}


def _fresh_globals() -> None:
    # Requests reuse the app context the test holds open; production gives each request
    # its own, so start each with an empty `g` (Flask-Login and Babel cache there).
    for name in list(vars(g)):
        delattr(g, name)


def _delivered(response):
    # E-mail leaves in the background: let tests see what a request sent.
    mail.flush()
    return response


_apps: dict[str, Flask] = {}
# What each application's extensions held once built: the rest is what its process keeps
# of the data (the offer index, the review's figures…).
_built_with: dict[str, set[str]] = {}


def _app_for(config: dict) -> Flask:
    """One application per configuration in each test process: building one (its routes
    and its OpenAPI document) takes longer than most tests. Each test still runs in an
    application context of its own, on empty tables."""
    key = repr(sorted(config.items()))
    if key not in _apps:
        app = create_app(base_config(**config))
        app.before_request_funcs.setdefault(None, []).insert(0, _fresh_globals)
        app.after_request(_delivered)
        _apps[key], _built_with[key] = app, set(app.extensions)
    app = _apps[key]
    # A test starts as a new process would. What the last test's process kept is keyed by
    # counts and times that emptied tables and a fixed clock can give again, with other rows.
    for name in set(app.extensions) - _built_with[key]:
        del app.extensions[name]
    return app


@pytest.fixture
def app(migrated_database, app_config):
    app = _app_for(app_config)
    with app.app_context():
        yield app
        mail.flush()  # background e-mail jobs read the database: let them finish first
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_member(app) -> Callable[..., Member]:
    counter = iter(range(1, 10_000))

    def make(**kw) -> Member:
        from pooling.db import search_key

        n = next(counter)
        name = kw.pop("name", f"Organisation {n}")
        domains = kw.pop("domains", [])
        member = Member(
            name=name, name_key=search_key(name),
            legal_form=kw.pop("legal_form", LegalForm.ASSOCIATION),
            circle=kw.pop("circle", Circle.PARTNER),
            joined_on=kw.pop("joined_on", date(2020, 1, 1)),
            staff_fte=kw.pop("staff_fte", Decimal("3.5")),
            **kw,
        )
        if domains:
            member.domains = list(db.session.scalars(
                sa.select(Domain).where(Domain.code.in_(domains))))
        db.session.add(member)
        db.session.commit()
        return member

    return make


@pytest.fixture
def make_user(app, make_member) -> Callable[..., User]:
    from pooling.accounts.services import hash_password, new_stamp

    counter = iter(range(1, 10_000))
    password_hash = hash_password(PASSWORD)

    def make(member: Member | None = None, role: Role = Role.MEMBER, **kw) -> User:
        n = next(counter)
        if member is None:
            circle = Circle.ANIMATION_CELL if role == Role.CELL else Circle.PARTNER
            member = make_member(circle=circle)
        user = User(
            email=kw.pop("email", f"person{n}@example.org"),
            full_name=kw.pop("full_name", f"Person {n}"),
            role=role, member_id=member.id,
            password_hash=kw.pop("password_hash", password_hash),
            credential_stamp=new_stamp(),
            **kw,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(client):
    """Sign a person in through the real sign-in form."""

    def login(user: User, password: str = PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return login


@pytest.fixture
def bearer(app):
    """Authorization headers with a fresh personal API token of a person."""
    from pooling.accounts.services import create_api_token

    def headers(user: User) -> dict:
        _token, plain = create_api_token(user.id, "tests")
        return {"Authorization": f"Bearer {plain}"}

    return headers


@pytest.fixture
def pole(make_member, make_user):
    """A small pole: the cell, and two partner organisations with an admin and a member each."""
    cell_org = make_member(name="Coopér'Actions", circle=Circle.ANIMATION_CELL)
    org_a = make_member(name="Ressourcerie La Remise", domains=["eco-activities"])
    org_b = make_member(name="Théâtre du Réel", legal_form=LegalForm.SCIC,
                        circle=Circle.FOUNDING_MEMBER, domains=["culture"])

    class Pole:
        cell = make_user(cell_org, Role.CELL, email="cell@example.org", full_name="Claire Cell")
        a_admin = make_user(org_a, Role.MEMBER_ADMIN, email="admin.a@example.org",
                            full_name="Aline Admin")
        a_member = make_user(org_a, Role.MEMBER, email="member.a@example.org",
                             full_name="Arnaud Membre")
        b_admin = make_user(org_b, Role.MEMBER_ADMIN, email="admin.b@example.org",
                            full_name="Bruno Admin")
        b_member = make_user(org_b, Role.MEMBER, email="member.b@example.org",
                             full_name="Berthe Membre")

    Pole.cell_org, Pole.org_a, Pole.org_b = cell_org, org_a, org_b
    return Pole


def _first_category(kind: OfferKind) -> int:
    return db.session.scalars(sa.select(Category.id).where(Category.kind == kind)
                              .order_by(Category.id)).first()


def publish(user, member, kind: OfferKind, title: str, description: str = "",
            tags: list[str] | None = None, **extra):
    """A published offer of the member, open on weekdays, in the kind's first category."""
    data = catalogue_services.OfferData(
        kind=kind, title=title, description=description, category_id=_first_category(kind),
        tags=tags or [], opening_hours=[WeeklySlot(d, time(9), time(18)) for d in range(5)],
        **extra)
    offer = catalogue_services.create_offer(user, member.id, data)
    return catalogue_services.change_status(user, offer.id, OfferStatus.PUBLISHED)


@pytest.fixture
def searchable(pole):
    """A few offers of two organisations, written the way members write them."""
    b, a = pole.b_member, pole.a_member
    return {
        "drill": publish(b, pole.org_b, OfferKind.TOOL, "Perceuse-visseuse sans fil",
                         "Deux batteries, coffret d'embouts.", ["bricolage"], quantity=2,
                         unit=Unit.DAY),
        "accounts": publish(b, pole.org_b, OfferKind.SKILL, "Comptabilité associative",
                            "Bilan annuel, budget prévisionnel, paie.", ["gestion"]),
        "gdpr": publish(b, pole.org_b, OfferKind.SKILL, "Protection des données personnelles",
                        "Registre des traitements, mise en conformité."),
        "hiring": publish(b, pole.org_b, OfferKind.SKILL, "Recrutement",
                          "Fiche de poste, annonce, entretiens."),
        "room": publish(b, pole.org_b, OfferKind.PREMISES, "Salle de formation",
                        "Ouverte toute la semaine, 20 places, vidéoprojecteur.", capacity=20),
        "own_room": publish(a, pole.org_a, OfferKind.PREMISES, "Salle de réunion",
                            "Pour vos formations.", capacity=12),
        "hands": publish(b, pole.org_b, OfferKind.SKILL, "Coup de main pour un déménagement",
                         "Bras disponibles le samedi."),
    }


@pytest.fixture
def english(client):
    """Messages in English, whether or not the French catalogue is compiled."""
    with client.session_transaction() as session:
        session["lang"] = "en"


@pytest.fixture
def sent_mail(monkeypatch) -> list:
    """The e-mails the application hands over for delivery."""
    sent = []
    monkeypatch.setattr("pooling.mail.deliver", sent.append)
    return sent


# Columns that record activity rather than data: reading the API or signing in sets them.
VOLATILE_COLUMNS = {"last_login_at", "last_used_at"}


# The review's figures kept for other processes: a reading writes them, and they say
# nothing of the pole's data (pooling.review.kept).
# Caches, and what keeps them in step with the data.
CACHE_TABLES = {"review_kept_figures", "search_versions"}


def snapshot() -> dict[str, list[tuple]]:
    """Every committed row of every table, activity timestamps and caches aside."""
    db.session.rollback()  # end the transaction the last request left open
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name in CACHE_TABLES:
            continue
        columns = [c for c in table.columns if c.name not in VOLATILE_COLUMNS]
        rows = db.session.execute(sa.select(*columns).order_by(*table.primary_key.columns))
        state[table.name] = [tuple(row) for row in rows]
    return state


def fresh(model, object_id):
    """The object as the database holds it now."""
    db.session.expire_all()
    return db.session.get(model, object_id)


class _Inbox:
    """What a real SMTP server received during a test."""

    def __init__(self):
        self.received = []

    @property
    def messages(self) -> list:
        mail.flush()  # delivery runs in the background
        return self.received

    def body(self, index: int = -1) -> str:
        return self.messages[index].get_body(preferencelist=("plain",)).get_content()


class _Handler:
    """aiosmtpd's side: it inspects its handler's members, so it gets no properties."""

    def __init__(self, inbox: _Inbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook)
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.inbox.received.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """A local SMTP server (aiosmtpd) on a free port."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def mail_app_config(smtp_server) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port,
            "MAIL_DEFAULT_SENDER": "pole@example.org"}


@pytest.fixture
def people(pole):
    """The pole, with everyone reading English: e-mails can be checked whatever the
    catalogues."""
    for user in (pole.cell, pole.a_admin, pole.a_member, pole.b_admin, pole.b_member):
        user.locale = "en"
    db.session.commit()
    return pole
