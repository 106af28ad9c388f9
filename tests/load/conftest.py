"""The service as in production for the load tests: one PostgreSQL cluster with durable
commits, the demo pole, gunicorn with four workers. Collected only with LOAD_TESTS=1
(`make test-load`); the fixtures live for the whole run."""

from __future__ import annotations

import shutil
import tempfile

import pytest

from tests.load.harness import Cluster, Pole, Server, prepare_pole, server_environment


def instance_folder(name: str) -> str:
    return tempfile.mkdtemp(prefix=f"load-{name}-", dir="/tmp")


@pytest.fixture(scope="session")
def cluster():
    cluster = Cluster()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def instance_path():
    path = instance_folder("host-a")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def booting(cluster, instance_path) -> Server:
    """Four gunicorn workers, booting while the pole loads; photos in the database, so
    that a second host sees them."""
    server = Server(server_environment(cluster.url, instance_path, PHOTO_STORE="database"),
                    workers=4, wait=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def other_instance_path():
    path = instance_folder("host-b")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def booting_other(cluster, other_instance_path) -> Server:
    """A second host for tests/load/test_several_hosts_gunicorn.py: the same database and
    secret key, its own instance folder, two workers; booting while the pole loads."""
    server = Server(server_environment(cluster.url, other_instance_path,
                                       PHOTO_STORE="database"), workers=2, wait=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pole(cluster, instance_path, booting, booting_other) -> Pole:
    return prepare_pole(cluster.url, instance_path)


@pytest.fixture(scope="session")
def server(booting, pole) -> Server:
    """The service on the loaded pole, every worker ready."""
    booting.wait_ready()
    return booting


@pytest.fixture(scope="session")
def other_host(booting_other, pole) -> Server:
    booting_other.wait_ready()
    return booting_other


@pytest.fixture(scope="session")
def load_reports() -> list:
    """(path, text) of the reports written in this run, printed at its end."""
    return REPORTS


REPORTS: list[tuple[object, str]] = []


def pytest_terminal_summary(terminalreporter) -> None:
    for path, text in REPORTS:
        terminalreporter.write_sep("=", f"report written to {path}")
        terminalreporter.write(text)
