"""Shared benchmark harness: the large pole, served by gunicorn as in production, timings per
scenario beside the framework's floor.

Every scenario is reported with its median and percentiles, its throughput (requests per
second over the timed run, one client after the other), and as a ratio to the floor: a
trivial authenticated request (GET /api/v1/me) on the same server, timed at the start. The
ratios hold from machine to machine where milliseconds do not. `BENCH_SERVER=werkzeug`
serves from the benchmark's own process instead (threads, no gunicorn).
"""

from __future__ import annotations

import argparse
import atexit
import http.cookiejar
import logging
import os
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.load.harness import Server  # noqa: E402  # one way to start gunicorn, shared


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


class Gunicorn(Server):
    """gunicorn serving the application from the same database, four workers as in the
    README's production section; `shutdown()` stops it, as werkzeug's server does."""

    WORKERS = 4

    def __init__(self) -> None:
        super().__init__(os.environ.copy(), workers=self.WORKERS)
        # Stopped with the script, even when a scenario fails or the script is stopped,
        # rather than left serving.
        atexit.register(self.shutdown)
        signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))

    def shutdown(self) -> None:
        self.stop()


# The floor of the server the scenarios run on: (median, p95, requests per second) of
# GET /api/v1/me.
FLOOR: list[tuple[float, float, float]] = []


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
    if os.environ.get("BENCH_SERVER") == "werkzeug":
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_port
    else:
        server = Gunicorn()
        port = server.port
    bench = Bench(app, f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {plain}"},
                  server, user_id)
    # Every worker answers a few requests before anything is timed, then the floor.
    for _ in range(40):
        bench.get("/api/v1/me")
    started = time.perf_counter()
    floor = [bench.get("/api/v1/me") for _ in range(200)]
    FLOOR[:] = [(statistics.median(floor), percentile(floor, 95),
                 len(floor) / (time.perf_counter() - started))]
    print(f"server: {'werkzeug' if os.environ.get('BENCH_SERVER') == 'werkzeug' else 'gunicorn'}"
          f"; floor GET /api/v1/me: median {FLOOR[0][0]:.1f} ms, p95 {FLOOR[0][1]:.1f} ms, "
          f"{FLOOR[0][2]:.0f} req/s")
    return bench


def report_header() -> None:
    print(f"{'scenario':<64} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'req/s':>7} {'× floor (median, p95)':>22}")


class Timed(list):
    """Timings in milliseconds that also know the wall time of their run, from the first
    `start()` until `stop()`: its throughput counts what the client did between requests."""

    def start(self) -> Timed:
        self.began = time.perf_counter()
        return self

    def stop(self) -> Timed:
        self.seconds = time.perf_counter() - self.began
        return self


def timed_run(count: int, call) -> Timed:
    """`call()` `count` times, one after the other; each returns its own time in ms."""
    return timed_each(range(count), lambda _index: call())


def timed_each(items, call) -> Timed:
    """`call(item)` for each item, one after the other; each returns its own time in ms."""
    timings = Timed().start()
    timings.extend(call(item) for item in items)
    return timings.stop()


def report(name: str, timings: list[float]) -> None:
    """One line: count, median, p95, p99, requests per second, and the ratios to the floor.
    The throughput is over the run's wall time if it was kept (`Timed`), else over the sum
    of the timings."""
    median, p95 = statistics.median(timings), percentile(timings, 95)
    seconds = getattr(timings, "seconds", None) or sum(timings) / 1000
    ratios = (f"{median / FLOOR[0][0]:>10.1f} {p95 / FLOOR[0][1]:>11.1f}" if FLOOR
              else f"{'':>22}")
    print(f"{name:<64} {len(timings):>5} {median:>10.1f} {p95:>8.1f} "
          f"{percentile(timings, 99):>8.1f} {len(timings) / seconds:>7.0f} {ratios}",
          flush=True)


def run(scenarios: dict[str, str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario")
    args = parser.parse_args()
    bench = start()
    report_header()
    report("floor: GET /api/v1/me", timed_run(args.requests, lambda: bench.get("/api/v1/me")))
    for name, path in scenarios.items():
        report(name, timed_run(args.requests, lambda path=path: bench.get(path)))
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
