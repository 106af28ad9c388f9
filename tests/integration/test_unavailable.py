"""While the database cannot be reached, pages and the API answer 503, not 500: JSON with
`Retry-After` for the API, a plain page for people."""

import pytest

from pooling import create_app
from tests.conftest import base_config

UNREACHABLE = {
    # Nothing listens on port 9 of the loopback: the connection is refused at once.
    "postgresql": "postgresql+psycopg://pooling@127.0.0.1:9/pooling?connect_timeout=5",
    # A file in a folder that does not exist cannot be opened.
    "sqlite": "sqlite:////nonexistent-folder/pooling.sqlite3",
}


@pytest.fixture(params=sorted(UNREACHABLE))
def client(request, tmp_path):
    """A client of an application whose database cannot be reached."""
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=UNREACHABLE[request.param]))
    return app.test_client()


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/api/v1/me", None),
    ("GET", "/api/v1/offers?q=salle", None),
    ("POST", "/api/v1/bookings", {"offer": 1, "start": "2030-06-03T10:00",
                                  "end": "2030-06-03T12:00"}),
    ("POST", "/api/v1/exchanges", {"provider_id": 1}),
])
def test_the_api_answers_503_in_json_with_retry_after(client, method, path, body):
    response = client.open(path, method=method, json=body,
                           headers={"Authorization": "Bearer some-token"})
    assert response.status_code == 503
    assert response.json["error"]["code"] == "unavailable"
    assert response.json["error"]["message"]
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("method, path", [("GET", "/login"), ("POST", "/login"),
                                          ("GET", "/password/forgot")])
def test_pages_answer_503_with_a_plain_page(client, method, path):
    response = client.open(path, method=method, data={"email": "member.a@example.org",
                                                      "password": "a-long-password"})
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert "Service momentanément indisponible" in body  # French, the pole's language
    assert int(response.headers["Retry-After"]) > 0


def test_a_signed_in_persons_page_answers_503(client):
    """Who is signed in is in the database too: asking it must not turn the 503 into a 500."""
    from flask_login.utils import _create_identifier

    with client.application.test_request_context(environ_base=client.environ_base):
        browser = _create_identifier()
    with client.session_transaction() as session:
        # What Flask-Login keeps in the cookie of a signed-in browser.
        session.update({"_user_id": "1:some-session", "_fresh": True, "_id": browser,
                        "lang": "en"})
    response = client.get("/bookings/")
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.get_data(as_text=True)  # their language
    assert response.headers["Cache-Control"] == "no-store"


def test_the_health_check_says_the_database_is_unreachable(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_no_connection_left_in_the_pool_answers_503(migrated_database):
    """Every connection busy for longer than the pool waits: 503, not 500."""
    from pooling.extensions import db

    app = create_app(base_config(SQLALCHEMY_ENGINE_OPTIONS={
        "pool_size": 1, "max_overflow": 0, "pool_timeout": 0.1}))
    with app.app_context():
        held = db.engine.connect()
        try:
            response = app.test_client().get("/api/v1/me",
                                             headers={"Authorization": "Bearer some-token"})
        finally:
            held.close()
            db.engine.dispose()
    assert response.status_code == 503
    assert response.json["error"]["code"] == "unavailable"
