"""`flask backup` and `flask restore`: the whole pole, photos included, comes back from one
archive, on a copy as on the database it came from; an archive that does not fit is refused
before anything changes."""

import io
import json
import tarfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from sqlalchemy.exc import DatabaseError

from pooling import create_app
from pooling.audit import guards as audit_guards
from pooling.catalogue.models import OfferKind
from pooling.catalogue.photos import add_photo, photo_folder
from pooling.extensions import db
from pooling.ledger import guards, services
from pooling.ledger.models import ExchangeUnit
from pooling.ledger.services import Declaration
from pooling.search.models import SearchVersion
from tests.conftest import base_config, database_url, is_postgres, publish, snapshot

TODAY = date(2026, 11, 20)


def picture(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


def exchange(pole, quantity: str = "3", day: date = date(2026, 11, 18)) -> None:
    declared = services.declare(pole.a_member, Declaration(
        pole.org_a.id, pole.org_b.id, OfferKind.SKILL, Decimal(quantity), ExchangeUnit.HOUR,
        day, "Aide à la comptabilité"), today=TODAY)
    services.confirm(pole.b_admin, declared.id)


@pytest.fixture(autouse=True)
def no_photos_left(app):
    """The instance folder outlives each test's rows: start without their photos."""
    for photo in photo_folder().iterdir():
        photo.unlink()


@pytest.fixture
def busy_pole(pole):
    """A pole with an offer and its photo, an exchange in a closed period (the closing is an
    audit event)."""
    room = publish(pole.b_member, pole.org_b, OfferKind.PREMISES, "Salle de formation",
                   capacity=20)
    add_photo(pole.b_member, room.id, picture("teal"))
    exchange(pole, day=date(2026, 11, 12))
    services.close_period(pole.cell, date(2026, 11, 1), date(2026, 11, 15), today=TODAY)
    pole.room = room
    return pole


def photos() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in photo_folder().iterdir() if p.is_file()}


def backed_up(runner, tmp_path: Path) -> Path:
    file = tmp_path / "pole.backup"
    result = runner.invoke(args=["backup", str(file)])
    assert result.exit_code == 0, result.output
    assert "1 photos" in result.output
    return file


def append_only_holds() -> None:
    with db.engine.connect() as conn:
        assert guards.missing(conn) == []
        assert audit_guards.missing(conn) == []
    for statement in ("UPDATE ledger_entries SET quantity = 300", "DELETE FROM ledger_entries",
                      "UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DatabaseError, match="append-only"):
            with db.engine.begin() as conn:
                conn.execute(sa.text(statement))


def search_version_now() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(SearchVersion.version))


def test_restore_brings_back_the_pole_as_it_was_photos_included(busy_pole, runner, tmp_path):
    before, pictures = snapshot(), photos()
    file = backed_up(runner, tmp_path)
    # Life goes on after the backup: another exchange, another photo, a photo lost.
    exchange(busy_pole, "5")
    add_photo(busy_pole.b_member, busy_pole.room.id, picture("orange"))
    (photo_folder() / next(iter(pictures))).unlink()
    assert snapshot() != before
    version = search_version_now()

    result = runner.invoke(args=["restore", str(file), "--yes"])
    assert result.exit_code == 0, result.output
    assert "db upgrade" not in result.output  # the backup is of this version
    assert snapshot() == before
    # The backup's version is older: one a running server may have read before, with
    # other offers. It moved past both, so every process builds its index again.
    assert search_version_now() > version
    assert photos() == pictures
    check = runner.invoke(args=["ledger", "check"])
    assert check.exit_code == 0 and "OK" in check.output, check.output
    append_only_holds()


@pytest.fixture
def empty_copy(tmp_path, monkeypatch):
    """An application on a new, empty database with an instance folder of its own."""
    if is_postgres():
        name = sa.make_url(database_url()).database + "_copy"
        admin = sa.create_engine(database_url(), isolation_level="AUTOCOMMIT",
                                 poolclass=sa.pool.NullPool)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = sa.make_url(database_url()).set(database=name).render_as_string(
            hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    monkeypatch.setenv("POOLING_INSTANCE_PATH", str(tmp_path / "copy-instance"))
    copy = create_app(base_config(SQLALCHEMY_DATABASE_URI=url))
    yield copy
    with copy.app_context():
        db.session.remove()
        db.engine.dispose()
    if is_postgres():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_a_backup_restored_on_another_host_holds_the_whole_pole(busy_pole, runner, tmp_path,
                                                                 empty_copy):
    before, pictures = snapshot(), photos()
    file = backed_up(runner, tmp_path)
    copy_runner = empty_copy.test_cli_runner()
    # The command line acts in the application context it finds: the copy's.
    with empty_copy.app_context():
        assert photo_folder().is_relative_to(tmp_path / "copy-instance")
        assert photos() == {}
        result = copy_runner.invoke(args=["restore", str(file), "--yes"])
        assert result.exit_code == 0, result.output
        check = copy_runner.invoke(args=["ledger", "check"])
        assert check.exit_code == 0 and "OK" in check.output, check.output
        assert snapshot() == before
        assert photos() == pictures
        append_only_holds()
        db.session.remove()


def rewritten(file: Path, target: Path, damage_dump: bool = False, **manifest) -> Path:
    """The archive with its manifest changed, or its database dump damaged."""
    with tarfile.open(file) as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                content = json.dumps({**json.loads(content), **manifest}).encode()
            elif damage_dump and member.name.startswith("database."):
                content = b"not a database at all" * 100
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))
    return target


def unknown(file: Path, target: Path) -> Path:
    target.write_bytes(b"\x1f\x8b" + b"garbage" * 50)
    return target


def truncated(file: Path, target: Path) -> Path:
    target.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    return target


def no_manifest(file: Path, target: Path) -> Path:
    with tarfile.open(file) as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            if member.name != "manifest.json":
                out.addfile(member, source.extractfile(member))
    return target


@pytest.mark.parametrize("spoil, message", [
    (unknown, "damaged or of another format"),
    (truncated, "damaged or of another format"),
    (no_manifest, "has no manifest"),
    (lambda f, t: rewritten(f, t, database="mysql"), "unknown database kind"),
    (lambda f, t: rewritten(f, t, database="postgresql" if not is_postgres() else "sqlite"),
     "is a backup of a"),
    (lambda f, t: rewritten(f, t, revisions=["9999_from_the_future"]),
     "newer version of the service"),
    (lambda f, t: rewritten(f, t, damage_dump=True), "failed"
     if is_postgres() else "damaged"),
], ids=["unknown", "truncated", "no-manifest", "unknown-kind", "other-kind", "newer",
        "damaged-dump"])
def test_an_archive_that_does_not_fit_is_refused_and_changes_nothing(
        busy_pole, runner, tmp_path, spoil, message):
    file = backed_up(runner, tmp_path)
    spoilt = spoil(file, tmp_path / "spoilt.backup")
    exchange(busy_pole, "5")  # the database has moved on since the backup
    before, pictures = snapshot(), photos()
    result = runner.invoke(args=["restore", str(spoilt), "--yes"])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot() == before
    assert photos() == pictures


def test_restore_asks_before_replacing_everything(busy_pole, runner, tmp_path):
    file = backed_up(runner, tmp_path)
    exchange(busy_pole, "5")
    before = snapshot()
    result = runner.invoke(args=["restore", str(file)], input="n\n")
    assert result.exit_code != 0
    assert "Replace everything" in result.output and "Aborted" in result.output
    assert snapshot() == before


def test_the_archive_is_readable_by_its_owner_only(busy_pole, runner, tmp_path):
    file = backed_up(runner, tmp_path)
    assert file.stat().st_mode & 0o077 == 0


@pytest.mark.skipif(not is_postgres(), reason="a password is PostgreSQL's")
def test_the_database_password_is_never_printed(busy_pole, tmp_path):
    # The test server trusts its clients, so it accepts any password: enough to see where
    # the password goes.
    url = sa.make_url(database_url()).set(password="s3cret-word").render_as_string(
        hide_password=False)
    guarded = create_app(base_config(SQLALCHEMY_DATABASE_URI=url))
    with guarded.app_context():
        runner = guarded.test_cli_runner()
        backup = runner.invoke(args=["backup", str(tmp_path / "pole.backup")])
        restore = runner.invoke(args=["restore", str(tmp_path / "pole.backup")], input="n\n")
        db.engine.dispose()
    assert backup.exit_code == 0, backup.output
    assert "***" in backup.output and "***" in restore.output
    assert "s3cret-word" not in backup.output + restore.output


def test_a_backup_that_cannot_be_written_says_why(busy_pole, runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "missing" / "pole.backup")])
    assert result.exit_code != 0
    assert "Cannot write" in result.output and "No such file or directory" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(not is_postgres(), reason="SQLite's restore replaces the whole file")
def test_a_table_the_backup_does_not_know_is_refused_rather_than_left_behind(
        busy_pole, runner, tmp_path):
    file = backed_up(runner, tmp_path)
    with db.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE later_feature (id integer PRIMARY KEY)"))
    before = snapshot()
    result = runner.invoke(args=["restore", str(file), "--yes"])
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE later_feature"))
    assert result.exit_code != 0
    assert "tables the backup does not (later_feature)" in result.output
    assert snapshot() == before
