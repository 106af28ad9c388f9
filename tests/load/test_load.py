"""Fifty simulated members (locust, another process) against gunicorn with four workers on
PostgreSQL: searches, an offer's week, bookings and cancellations, exchanges declared and
confirmed, statements, a need's matches, the cell's dashboard. Afterwards nothing a client
was told is lost, nothing is booked twice, the ledger holds, and no request failed but for
the business refusals a client expects. LOAD_SECONDS sets the length (make soak: minutes)."""

from __future__ import annotations

import os
import tempfile

import pytest

from tests.load import report
from tests.load.harness import (
    LoadRun,
    double_bookings,
    ledger_check,
    run_locust,
    statuses,
)

pytestmark = pytest.mark.load

USERS = 50
# Every kind of request the members and the cell make, as the locustfile names them.
KINDS = {
    "GET /api/v1/offers?q", "GET /api/v1/offers?available_from",
    "GET /api/v1/offers/{id}/availability", "POST /api/v1/bookings",
    "POST /api/v1/exchanges", "GET /api/v1/exchanges?to_decide",
    "GET /api/v1/ledger/members/{id}", "GET /api/v1/needs/{id}/matches", "GET /review/",
}


class Checked:
    """A run and what the checks in SQL and on the command line found after it."""

    def __init__(self, run: LoadRun, cluster, instance_path) -> None:
        self.run = run
        self.double = double_bookings(cluster)
        booked = [b["id"] for b in run.outcome["booked"]]
        self.bookings = statuses(cluster, "bookings", booked)
        self.missing_bookings = sorted(set(booked) - set(self.bookings))
        self.not_cancelled = [i for i in run.outcome["cancelled"]
                              if self.bookings.get(i) != "cancelled"]
        declared = run.outcome["declared"]
        self.exchanges = statuses(cluster, "exchanges", declared + run.outcome["confirmed"])
        self.missing_exchanges = sorted(set(declared) - set(self.exchanges))
        self.not_confirmed = [i for i in run.outcome["confirmed"]
                              if self.exchanges.get(i) not in ("confirmed", "reversed")]
        self.ledger = ledger_check(cluster.url, instance_path)

    def summary(self) -> dict[str, str]:
        return {
            "bookings held beyond their offer's capacity (SQL)":
                "none" if not self.double else f"{len(self.double)}: {self.double[:5]}",
            "bookings answered 201 missing from the database":
                f"{len(self.missing_bookings)} of {len(self.run.outcome['booked'])}",
            "cancellations answered 200 not cancelled in the database":
                str(len(self.not_cancelled)),
            "exchanges answered 201 missing from the database":
                f"{len(self.missing_exchanges)} of {len(self.run.outcome['declared'])}",
            "confirmations answered 200 not confirmed in the database":
                str(len(self.not_confirmed)),
            "`flask --app pooling ledger check`":
                f"exit {self.ledger.returncode}: "
                f"{(self.ledger.stdout + self.ledger.stderr).strip()[-300:]}",
        }


@pytest.fixture(scope="module")
def checked(server, pole, cluster, instance_path, load_reports) -> Checked:
    seconds = int(os.environ.get("LOAD_SECONDS", "30"))
    folder = tempfile.mkdtemp(prefix="load-run-", dir="/tmp")
    run = run_locust(server.base, pole, folder, seconds=seconds, users=USERS)
    result = Checked(run, cluster, instance_path)
    soak = bool(os.environ.get("LOAD_SOAK"))  # make soak
    text = report.markdown(run, result.summary(), title="Soak test" if soak else "Load test")
    load_reports.append((report.write(text, "soak" if soak else "load"), text))
    return result


def test_every_kind_of_request_was_made(checked):
    made = {row["Name"] for row in checked.run.kinds if int(row["Request Count"])}
    assert KINDS <= made, (KINDS - made, checked.run.log[-2000:])
    assert checked.run.outcome["booked"], "no booking was made"


def test_no_answer_was_a_server_error(checked):
    assert checked.run.server_errors() == []


def test_no_request_failed_but_for_business_refusals(checked):
    assert checked.run.failures == []
    assert int(checked.run.total["Failure Count"]) == 0
    assert checked.run.outcome["failed"] == {}


def test_no_offer_is_booked_beyond_what_it_holds(checked):
    assert checked.double == []


def test_every_booking_a_client_was_told_of_is_in_the_database(checked):
    assert checked.missing_bookings == []
    assert checked.not_cancelled == []


def test_every_exchange_a_client_was_told_of_is_in_the_database(checked):
    assert checked.missing_exchanges == []
    assert checked.not_confirmed == []


def test_the_ledger_check_passes_after_the_load(checked):
    assert checked.ledger.returncode == 0, checked.ledger.stdout + checked.ledger.stderr
