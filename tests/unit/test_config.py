"""Configuration from the environment, and the generated secret key."""

import os
import stat

import pytest

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


def _make_run_commands(port: str, **env) -> list[str]:
    """The commands `make run PORT=...` would run, without running them."""
    import shutil
    import subprocess
    from pathlib import Path

    if not shutil.which("make"):
        import pytest

        pytest.skip("make is not installed")
    environment = {k: v for k, v in os.environ.items() if k != "BASE_URL"} | env
    result = subprocess.run(["make", "-n", "run", f"PORT={port}"], capture_output=True,
                            text=True, env=environment, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    return [line for line in result.stdout.splitlines()
            if "gunicorn" in line or "bookings tick" in line]


def test_make_run_on_another_port_links_to_that_port():
    commands = _make_run_commands("8000")
    assert len(commands) == 2  # the server, and the tick whose reminders carry links
    assert all(line.startswith("BASE_URL='http://127.0.0.1:8000' ") for line in commands)


def test_base_url_set_by_the_operator_wins_over_the_port():
    commands = _make_run_commands("8000", BASE_URL="https://pole.example.org")
    assert all(line.startswith("BASE_URL='https://pole.example.org' ") for line in commands)


def test_base_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("BASE_URL", "http://127.0.0.1:8000")
    assert from_environment(str(tmp_path))["BASE_URL"] == "http://127.0.0.1:8000"
    monkeypatch.setenv("BASE_URL", "")  # set but empty: the default, not broken links
    assert from_environment(str(tmp_path))["BASE_URL"] == "http://127.0.0.1:5000"


def test_the_lock_wait_is_five_seconds_unless_set(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delenv("DB_LOCK_TIMEOUT", raising=False)
    assert from_environment(str(tmp_path))["DB_LOCK_TIMEOUT"] == 5
    monkeypatch.setenv("DB_LOCK_TIMEOUT", "1.5")
    assert from_environment(str(tmp_path))["DB_LOCK_TIMEOUT"] == 1.5
    for wrong in ("0", "-1", "forever", "nan", "3600"):
        monkeypatch.setenv("DB_LOCK_TIMEOUT", wrong)
        with pytest.raises(ValueError, match="DB_LOCK_TIMEOUT must be a number of seconds"):
            from_environment(str(tmp_path))
