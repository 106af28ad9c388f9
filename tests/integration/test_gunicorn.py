"""The application served as `make run` serves it: gunicorn with gunicorn.conf.py."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """gunicorn on a free loopback port, with the repository's configuration."""
    instance = tmp_path_factory.mktemp("gunicorn-instance")
    port = _free_port()
    env = {**os.environ, "POOLING_INSTANCE_PATH": str(instance), "SECRET_KEY": "test",
           "DATABASE_URL": f"sqlite:///{instance / 'pooling.sqlite3'}"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "pooling", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
         "--workers", "1", "--bind", f"127.0.0.1:{port}", "pooling:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
    yield port
    server.terminate()
    server.wait(timeout=30)


def _get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.mark.parametrize("length", [5_000, 20_000])
def test_a_uri_too_long_under_the_api_is_answered_in_json(gunicorn, length):
    """gunicorn alone answers an HTML 414 beyond 4094 bytes; the application answers JSON."""
    import json

    response = _get(gunicorn, "/api/v1/offers?q=" + "x" * length)
    assert response.status == 414
    assert response.getheader("Content-Type") == "application/json"
    assert json.loads(response.body)["error"]["code"] == "uri_too_long"


def test_a_uri_too_long_for_a_page_is_answered_with_a_page(gunicorn):
    response = _get(gunicorn, "/offers/?q=" + "x" * 5_000)
    assert response.status == 414
    assert response.getheader("Content-Type").startswith("text/html")


def test_a_worker_compiles_its_templates_and_freezes_what_it_built_at_start(app):
    """A worker's modules, application, templates and offer index stay for its whole life:
    built before its first request, then frozen, so that the collector's full passes no
    longer walk them every few requests."""
    import gc
    import runpy
    from types import SimpleNamespace

    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        settings["post_worker_init"](SimpleNamespace(wsgi=app))
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert frozen > 10_000
    # Every template compiled already: the first dashboard does not wait for its own.
    compiled = {name for _loader, name in app.jinja_env.cache.keys()}
    assert set(app.jinja_env.list_templates(extensions=("html", "txt"))) <= compiled
    assert "review/dashboard.html" in compiled
