"""The load tests' ground: what they prove holds only on PostgreSQL with durable commits,
behind gunicorn with several workers."""

import psycopg
import pytest
import requests

from tests.load.harness import DOUBLE_BOOKINGS, HOLDING, api_client, double_bookings

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


def test_the_double_booking_check_finds_a_tool_lent_beyond_its_stock(cluster, pole):
    """The check after the load can fail: one holding booking of a tool made to take more
    items than exist, in a transaction rolled back."""
    url = cluster.url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        assert conn.execute(DOUBLE_BOOKINGS).fetchall() == []
        booking_id, offer_id = conn.execute(
            "SELECT b.id, b.offer_id FROM bookings b JOIN offers o ON o.id = b.offer_id "
            f"WHERE o.kind = 'tool' AND b.status IN {HOLDING} ORDER BY b.id LIMIT 1").fetchone()
        conn.execute("UPDATE bookings SET quantity = quantity + "
                     "(SELECT quantity FROM offers WHERE id = %s) WHERE id = %s",
                     (offer_id, booking_id))
        found = conn.execute(DOUBLE_BOOKINGS).fetchall()
        conn.rollback()
    assert (offer_id, booking_id) in [(row[0], row[1]) for row in found]
    assert double_bookings(cluster) == []
