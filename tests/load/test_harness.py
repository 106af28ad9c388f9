"""The load tests' ground: what they prove holds only on PostgreSQL with durable commits,
behind gunicorn with several workers."""

import pytest
import requests

from tests.load.harness import api_client

pytestmark = pytest.mark.load


def test_the_cluster_commits_durably(cluster):
    assert cluster.psql("SHOW fsync").strip() == "on"
    assert cluster.psql("SHOW synchronous_commit").strip() == "on"


def test_the_server_runs_four_workers_for_the_pole(server, pole):
    assert len(server.worker_pids()) == 4
    assert requests.get(server.base + "/healthz", timeout=10).json()["database"] == "ok"
    me = api_client(pole.people[1].token).get(server.base + "/api/v1/me", timeout=10)
    assert me.status_code == 200
    assert me.json()["email"] == pole.people[1].email
