"""Shared benchmark harness: the large pole, a real HTTP server, timings per scenario."""

from __future__ import annotations

import argparse
import http.cookiejar
import logging
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


@dataclass
class Bench:
    """The application on the large pole, served over HTTP, with a token for its API."""

    app: object
    base: str
    headers: dict
    server: object
    user_id: int

    def get(self, path: str) -> float:
        """One GET request, in milliseconds; the answer must be 200."""
        request = urllib.request.Request(self.base + path, headers=self.headers)
        started = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            response.read()
            assert response.status == 200
        return (time.perf_counter() - started) * 1000


def start(config: dict | None = None) -> Bench:
    """Migrate, generate the large pole if the database is empty, serve it."""
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

    app = create_app(config)
    with app.app_context():
        upgrade()
        if not loader.existing_data():
            started = time.perf_counter()
            loader.load("large", echo=lambda _line: None)
            print(f"large pole generated in {time.perf_counter() - started:.1f} s")
        user = demo_logins()[1][1]
        _token, plain = create_api_token(user.id, "bench")
        user_id = user.id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Bench(app, f"http://127.0.0.1:{server.server_port}",
                 {"Authorization": f"Bearer {plain}"}, server, user_id)


def report_header() -> None:
    print(f"{'scenario':<64} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8}")


def report(name: str, timings: list[float]) -> None:
    print(f"{name:<64} {len(timings):>5} {statistics.median(timings):>10.1f} "
          f"{percentile(timings, 95):>8.1f} {percentile(timings, 99):>8.1f}", flush=True)


def run(scenarios: dict[str, str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario")
    args = parser.parse_args()
    bench = start()
    report_header()
    for name, path in scenarios.items():
        report(name, [bench.get(path) for _ in range(args.requests)])
    bench.server.shutdown()


def signed_in(login_url: str, email: str, password: str) -> urllib.request.OpenerDirector:
    """An HTTP client with the session cookie of a signed-in person."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(login_url) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    body = urllib.parse.urlencode({"csrf_token": token.group(1) if token else "",
                                   "email": email, "password": password}).encode()
    with opener.open(login_url, data=body) as response:
        response.read()
    return opener
