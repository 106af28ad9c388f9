"""One archive holds the database, the offers' photos and a manifest; restoring checks the
whole archive before it changes anything."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404: runs pg_dump and pg_restore, with arguments as a list
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app

from pooling.catalogue.photos import photo_folder
from pooling.extensions import db
from pooling.search import versions

FORMAT = "pooling-backup"
VERSION = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
PHOTOS = "photos/"
# The names photos are stored under (pooling.catalogue.photos): nothing else is extracted.
PHOTO_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}\.(jpg|jpeg|png|webp)")


class BackupError(Exception):
    """A backup that cannot be made, or an archive that cannot be restored here."""


@dataclass(frozen=True)
class Manifest:
    database: str
    revisions: list[str]
    created_at: str
    photos: int

    def as_json(self) -> bytes:
        return json.dumps({"format": FORMAT, "version": VERSION, "database": self.database,
                           "revisions": self.revisions, "created_at": self.created_at,
                           "photos": self.photos}, indent=2).encode()


def database_kind() -> str:
    return db.engine.dialect.name


def safe_url() -> str:
    """The database's address as it may be printed: without its password."""
    return db.engine.url.render_as_string(hide_password=True)


def current_revisions(connection: sa.Connection) -> list[str]:
    """The Alembic revisions the database is at (none for an empty database)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return []
    return sorted(connection.scalars(sa.text("SELECT version_num FROM alembic_version")))


def _scripts() -> ScriptDirectory:
    return ScriptDirectory(current_app.extensions["migrate"].directory)


def postgres_program(name: str) -> str:
    """pg_dump or pg_restore: from PATH, else from the newest Debian PostgreSQL install."""
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                       key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if not installed:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client programs "
                          "of the server's version (Debian: postgresql-client).")
    return str(installed[-1])


def _libpq() -> tuple[str, dict[str, str]]:
    """The libpq address of the database, and an environment giving its password (never on
    the command line, where other users of the host may read it)."""
    url = db.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    address = url.set(drivername="postgresql", password=None)
    return address.render_as_string(hide_password=False), env


def _run(arguments: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(arguments, env=env, capture_output=True, text=True,  # nosec B603
                            check=False)
    if result.returncode != 0:
        program = Path(arguments[0]).name
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
    return result.stdout


def _dump_database(target: Path) -> None:
    """A consistent copy of the database while the service runs."""
    if database_kind() == "sqlite":
        with db.engine.connect() as connection:
            source = connection.connection.driver_connection
            with sqlite3.connect(target) as copy:
                source.backup(copy)
            copy.close()
    else:
        address, env = _libpq()
        _run([postgres_program("pg_dump"), "--format=custom", "--no-owner",
              "--no-privileges", f"--file={target}", f"--dbname={address}"], env)


def create_backup(path: Path) -> Manifest:
    """Write the archive of the database and the photos to `path`, readable by its owner only;
    a failed backup leaves no archive behind."""
    kind = database_kind()
    if kind not in DUMPS:
        raise BackupError(f"Backups handle SQLite and PostgreSQL, not {kind}.")
    with db.engine.connect() as connection:
        revisions = current_revisions(connection)
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    path = path.resolve()
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".pooling-backup-") as work:
            dump = Path(work) / DUMPS[kind]
            _dump_database(dump)
            # Listed after the dump: a photo's file is written before its row and removed
            # after it, so every photo the dump holds is still there.
            photos = sorted(p for p in photo_folder().iterdir()
                            if p.is_file() and PHOTO_NAME.fullmatch(p.name))
            manifest = Manifest(database=kind, revisions=revisions, photos=len(photos),
                                created_at=created_at)
            partial = Path(work) / "archive"
            with tarfile.open(partial, "w:gz") as archive:
                _add_bytes(archive, MANIFEST, manifest.as_json())
                archive.add(dump, arcname=DUMPS[kind])
                for photo in photos:
                    archive.add(photo, arcname=PHOTOS + photo.name)
            partial.chmod(0o600)  # it holds members' personal data
            os.replace(partial, path)
    except (OSError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise BackupError(f"Cannot write {path}: {reason}.") from None
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, fileobj=io.BytesIO(content))


@dataclass(frozen=True)
class Unpacked:
    """An archive checked and unpacked in a work folder, ready to restore."""

    manifest: Manifest
    dump: Path
    photos: Path


def _refuse(path: Path, why: str) -> BackupError:
    return BackupError(f"{path} is not a backup of this service that can be restored: {why}")


def unpack(path: Path, work: Path) -> Unpacked:
    """Read the whole archive into `work`, refusing anything that is not a complete backup of
    this kind of database at a revision this code knows."""
    photos = work / "photos"
    photos.mkdir()
    manifest_data, dump = None, None
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                if not member.isfile():
                    raise _refuse(path, f"unexpected entry {member.name!r}.")
                content = archive.extractfile(member)
                if member.name == MANIFEST:
                    manifest_data = json.loads(content.read(1_000_000))
                elif member.name in DUMPS.values():
                    dump = work / member.name
                    with dump.open("wb") as out:
                        shutil.copyfileobj(content, out)
                elif (member.name.startswith(PHOTOS)
                      and PHOTO_NAME.fullmatch(member.name[len(PHOTOS):])):
                    (photos / member.name[len(PHOTOS):]).write_bytes(content.read())
                else:
                    raise _refuse(path, f"unexpected entry {member.name!r}.")
    except FileNotFoundError:
        raise BackupError(f"No file {path}.") from None
    except OSError as error:
        if error.errno is None:  # gzip's own errors carry no errno; a full disk does
            raise _refuse(path, "it is damaged or of another format.") from None
        raise BackupError(f"Cannot unpack {path}: {error.strerror}.") from None
    except (tarfile.TarError, EOFError, ValueError):
        # ValueError: a manifest that is not JSON (json.JSONDecodeError is one)
        raise _refuse(path, "it is damaged or of another format.") from None
    manifest = _manifest(path, manifest_data)
    _check_fits(path, manifest)
    if dump is None or dump.name != DUMPS[manifest.database]:
        raise _refuse(path, "its database dump is missing.")
    if manifest.photos != len(list(photos.iterdir())):
        raise _refuse(path, "some of its photos are missing.")
    return Unpacked(manifest=manifest, dump=dump, photos=photos)


def _manifest(path: Path, data: object) -> Manifest:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse(path, "it has no manifest.")
    if data.get("version") != VERSION:
        raise _refuse(path, f"its format version {data.get('version')!r} is not {VERSION}.")
    try:
        manifest = Manifest(database=str(data["database"]),
                            revisions=[str(r) for r in data["revisions"]],
                            created_at=str(data["created_at"]), photos=int(data["photos"]))
    except (KeyError, TypeError, ValueError):
        raise _refuse(path, "its manifest is incomplete.") from None
    if manifest.database not in DUMPS:
        raise _refuse(path, f"unknown database kind {manifest.database!r}.")
    return manifest


def _check_fits(path: Path, manifest: Manifest) -> None:
    """Refuse a backup of another kind of database, or one from a newer version of the code."""
    kind = database_kind()
    if manifest.database != kind:
        raise BackupError(
            f"{path} is a backup of a {manifest.database} database; this service runs on "
            f"{kind}. Restore it into a {manifest.database} database.")
    scripts = _scripts()
    for revision in manifest.revisions:
        try:
            scripts.get_revision(revision)
        except CommandError:
            raise BackupError(
                f"{path} comes from a newer version of the service (database revision "
                f"{revision}, unknown here): update the service before restoring it.") from None


def check_dump(unpacked: Unpacked) -> None:
    """Make sure the dump itself is readable before the database is touched."""
    if unpacked.manifest.database == "sqlite":
        try:
            with sqlite3.connect(f"file:{unpacked.dump}?mode=ro", uri=True) as copy:
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            copy.close()
        except sqlite3.DatabaseError as error:
            verdict = str(error)
        if verdict != "ok":
            raise BackupError(f"The database in the backup is damaged: {verdict}")
    else:
        listing = _run([postgres_program("pg_restore"), "--list", str(unpacked.dump)],
                       dict(os.environ))
        _check_no_stray_tables(listing)


def _check_no_stray_tables(listing: str) -> None:
    """pg_restore --clean drops only what the dump holds: tables added since (by a newer
    migration) would outlive the restore beside an older schema, so they are refused."""
    # A line of the listing: "215; 1259 16386 TABLE public members pooling"
    dumped = {words[5] for words in (line.split() for line in listing.splitlines())
              if len(words) > 5 and not words[0].startswith(";") and words[3] == "TABLE"}
    with db.engine.connect() as connection:
        present = set(sa.inspect(connection).get_table_names())
    stray = sorted(present - dumped)
    if stray:
        raise BackupError(
            f"The database holds tables the backup does not ({', '.join(stray)}): restore "
            "into an empty database, or drop them first.")


def restore(unpacked: Unpacked) -> None:
    """Replace the database and the photos with those of the backup."""
    db.session.remove()
    db.engine.dispose()  # no pooled connection keeps a lock on what is replaced
    if unpacked.manifest.database == "sqlite":
        with sqlite3.connect(unpacked.dump) as source, db.engine.connect() as connection:
            source.backup(connection.connection.driver_connection)
        source.close()
    else:
        address, env = _libpq()
        _run([postgres_program("pg_restore"), "--clean", "--if-exists", "--single-transaction",
              "--exit-on-error", "--no-owner", "--no-privileges", f"--dbname={address}",
              str(unpacked.dump)], env)
    db.engine.dispose()
    with db.engine.begin() as connection:
        # A running server's offer index was built from what was replaced.
        versions.move(connection)
    _replace_photos(unpacked.photos)


def _replace_photos(source: Path) -> None:
    folder = photo_folder()
    kept = {photo.name for photo in source.iterdir()}
    for photo in source.iterdir():
        os.replace(photo, folder / photo.name)
    for photo in folder.iterdir():
        if photo.is_file() and photo.name not in kept and PHOTO_NAME.fullmatch(photo.name):
            photo.unlink()


def pending_upgrade() -> bool:
    """Whether the database is older than the code and needs `flask db upgrade`."""
    with db.engine.connect() as connection:
        revisions = current_revisions(connection)
    return set(revisions) != set(_scripts().get_heads())
