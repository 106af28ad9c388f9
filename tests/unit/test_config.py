"""Configuration from the environment, and the generated secret key."""

import os
import stat

from pooling.config import from_environment, load_secret_key


def test_secret_key_is_generated_once_readable_by_the_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_secret_key(str(tmp_path))
    assert len(first) == 64
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600
    assert load_secret_key(str(tmp_path)) == first  # sessions survive a restart


def test_secret_key_and_database_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db/pooling")
    config = from_environment(str(tmp_path))
    assert config["SECRET_KEY"] == "from-the-environment"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/pooling"
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_a_sqlite_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    config = from_environment(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/pooling.sqlite3"
