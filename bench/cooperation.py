"""Time the review's cooperation, network and balance on the large benchmark pole (300
organisations, 200,000 exchanges over five years): median and percentiles of each section's
yearly figures computed afresh and as remembered until the ledger changes (service layer),
of the network's layout, and of the network's API over HTTP.

Usage: make bench  (or: .venv/bin/python bench/cooperation.py [--requests N])
Uses DATABASE_URL if set (an empty database), else a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50, help="requests per scenario")
    args = parser.parse_args()
    bench = harness.start()
    import sqlalchemy as sa

    from pooling.accounts.services import create_api_token
    from pooling.demo.loader import DEMO_PASSWORD, demo_logins
    from pooling.extensions import db
    from pooling.ledger.models import LedgerEntry
    from pooling.ledger.statements import Period
    from pooling.review import balance, cooperation, network

    app = bench.app
    rng = random.Random(14)
    with app.app_context():
        first, last = db.session.execute(sa.select(sa.func.min(LedgerEntry.booked_on),
                                                   sa.func.max(LedgerEntry.booked_on))).one()
        years = list(range(first.year + (first > date(first.year, 1, 1)),
                           last.year + (last == date(last.year, 12, 31))))
        cell = next(user for label, user in demo_logins() if label == "cell")
        cell_id, cell_email = cell.id, cell.email
        _token, cell_token = create_api_token(cell_id, "bench cooperation")

        def year() -> Period:
            y = rng.choice(years)
            return Period(date(y, 1, 1), date(y, 12, 31))

        def timed(action) -> float:
            started = time.perf_counter()
            action()
            return (time.perf_counter() - started) * 1000

        harness.report_header()
        # Computed afresh: the first reading after the ledger changed.
        cold = max(3, args.requests // 10)
        harness.report("cooperation, a year afresh (service)",
                       [timed(lambda: cooperation.compute(year())) for _ in range(cold)])
        harness.report("balance, a year afresh (service)",
                       [timed(lambda: balance.compute(year())) for _ in range(cold)])
        harness.report("network with its layout, a year afresh (service)",
                       [timed(lambda: network.build(year(), None,
                                                    cooperation.members_of_pole(year())))
                        for _ in range(cold)])
        # Remembered until the ledger or the members change: the dashboard read again.
        for y in years:
            p = Period(date(y, 1, 1), date(y, 12, 31))
            cooperation.figures(p), balance.figures(p), network.network(p)
        harness.report("cooperation + balance + network, remembered (service)",
                       [timed(lambda: (cooperation.figures(p := year()), balance.figures(p),
                                       network.network(p)))
                        for _ in range(args.requests)])
    api = harness.Bench(app, bench.base, {"Authorization": f"Bearer {cell_token}"},
                        bench.server, cell_id)
    for y in years:  # each year's answer dumped once
        api.get(f"/api/v1/stats/network?from={y}-01-01&to={y}-12-31")
    harness.report("network of a year (HTTP API, remembered)",
                   [api.get(f"/api/v1/stats/network?from={y}-01-01&to={y}-12-31")
                    for y in (rng.choice(years) for _ in range(args.requests))])

    # The dashboard's page, signed in as the cell: every section, the network drawn.
    opener = harness.signed_in(bench.base + "/login", cell_email, DEMO_PASSWORD)

    def page(y: int) -> float:
        url = f"{bench.base}/review/?from={y}-01-01&to={y}-12-31"
        started = time.perf_counter()
        with opener.open(url) as response:
            response.read()
            assert response.status == 200 and response.url == url, response.url
        return (time.perf_counter() - started) * 1000

    for y in years:
        page(y)
    harness.report("the review's dashboard of a year (HTTP page, remembered)",
                   [page(rng.choice(years)) for _ in range(args.requests)])


if __name__ == "__main__":
    main()
