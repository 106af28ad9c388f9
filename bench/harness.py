"""Shared benchmark harness: the large pole, a real HTTP server, timings per scenario."""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def run(scenarios: dict[str, str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario")
    args = parser.parse_args()
    os.environ.setdefault("POOLING_INSTANCE_PATH", tempfile.mkdtemp(prefix="pooling-bench-"))
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from pooling import create_app
    from pooling.accounts.services import create_api_token
    from pooling.demo import loader
    from pooling.demo.loader import demo_logins

    app = create_app()
    with app.app_context():
        upgrade()
        if not loader.existing_data():
            started = time.perf_counter()
            loader.load("large", echo=lambda _line: None)
            print(f"large pole generated in {time.perf_counter() - started:.1f} s")
        user = demo_logins()[1][1]
        _token, plain = create_api_token(user.id, "bench")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    headers = {"Authorization": f"Bearer {plain}"}
    print(f"{'scenario':<36} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8}")
    for name, path in scenarios.items():
        timings = []
        for _ in range(args.requests):
            request = urllib.request.Request(base + path, headers=headers)
            started = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                response.read()
                assert response.status == 200
            timings.append((time.perf_counter() - started) * 1000)
        print(f"{name:<36} {len(timings):>5} {statistics.median(timings):>10.1f} "
              f"{percentile(timings, 95):>8.1f} {percentile(timings, 99):>8.1f}")
    server.shutdown()

