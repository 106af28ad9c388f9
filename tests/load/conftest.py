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
def other_instance_path():
    path = instance_folder("host-b")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def hosts(cluster, instance_path, other_instance_path) -> tuple[Server, Server]:
    """Two hosts on the cluster, booting while the pole loads: host A with four workers
    (the load test's), host B with two (tests/load/test_several_hosts_gunicorn.py). The same
    database and secret key, an instance folder each, photos in the database. Killed at
    the end: nothing is left to finish, and a graceful stop takes seconds per host."""
    started = tuple(Server(server_environment(cluster.url, path, PHOTO_STORE="database"),
                           workers=workers, wait=False)
                    for path, workers in ((instance_path, 4), (other_instance_path, 2)))
    yield started
    for server in started:
        server.kill()


@pytest.fixture(scope="session")
def booting(hosts) -> Server:
    return hosts[0]


@pytest.fixture(scope="session")
def booting_other(hosts) -> Server:
    return hosts[1]


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
