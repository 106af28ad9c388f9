"""The API keeps the promises of its OpenAPI document: the document is valid, and
schemathesis, driven by it, finds no answer that breaks it."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from pooling import create_app
from pooling.bookings import services as bookings
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus, Unit
from pooling.extensions import db
from pooling.ledger import services as ledger
from pooling.ledger.models import ExchangeUnit
from pooling.needs import services as needs
from tests.conftest import base_config

# Bounded: the whole run takes well under two minutes on either database.
MAX_EXAMPLES = 15
WEEKDAYS = [WeeklySlot(d, time(8), time(20)) for d in range(5)]


def test_the_openapi_document_is_valid(client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    validate(document.json)  # raises on any breach of OpenAPI 3


def _category(kind: OfferKind) -> int:
    return db.session.scalars(sa.select(Category.id).where(Category.kind == kind)
                              .order_by(Category.id).limit(1)).one()


@pytest.fixture
def seeded(pole):
    """A pole with something of each kind: published offers, a booking, an exchange, a
    need."""
    offers = []
    for kind, extra in ((OfferKind.PREMISES, {"capacity": 12}),
                        (OfferKind.TOOL, {"quantity": 3, "unit": Unit.DAY}),
                        (OfferKind.SKILL, {"provider_id": pole.a_member.id})):
        offer = catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
            kind=kind, title=f"Offre {kind.value}", category_id=_category(kind),
            opening_hours=WEEKDAYS, value_per_unit=Decimal("12.50"), **extra))
        offers.append(catalogue.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED))
    from datetime import UTC, datetime
    bookings.create_booking(pole.b_member, bookings.BookingRequest(
        offer_id=offers[0].id, starts_at=datetime(2030, 6, 3, 8, tzinfo=UTC),
        ends_at=datetime(2030, 6, 3, 10, tzinfo=UTC), quantity=4))
    ledger.declare(pole.b_member, ledger.Declaration(
        provider_id=pole.org_a.id, beneficiary_id=pole.org_b.id, kind=OfferKind.SKILL,
        quantity=Decimal("2.5"), unit=ExchangeUnit.HOUR, occurred_on=date(2026, 1, 5),
        description="Aide à la comptabilité"))
    needs.create_need(pole.b_member, needs.NeedData(
        kind=OfferKind.PREMISES, text="Une salle pour une formation de 12 personnes",
        capacity=12, duration_minutes=180))
    return pole


def _operations() -> list:
    """Every operation of the document, read once from an application at collection; the
    invalid cases for those that take some input."""
    document = create_app(base_config()).test_client().get("/api/v1/openapi.json").json
    cases = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue  # the path's own parameters
            method = method.upper()
            modes = ["positive"]
            if operation.get("parameters") or item.get("parameters") or \
                    operation.get("requestBody"):
                modes.append("negative")
            for mode in modes:
                cases.append(pytest.param(method, path, GenerationMode(mode),
                                          id=f"{method} {path} {mode}"))
    return cases


# A request the document allows may still break a rule it cannot express (a category of
# another kind, an end before the start, an unknown domain): that is a documented 422.
POSITIVE_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
# Invalid input drawn long enough (many repeated parameters, or a search of 501 characters
# outside the Basic Multilingual Plane) makes an address longer than any link: the 414 that
# refuses it is a rejection too. Server errors stay failures of their own check.
NEGATIVE_STATUSES = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422",
                     "428", "429", "5xx"]


@pytest.mark.parametrize(("method", "path", "mode"), _operations())
def test_the_api_keeps_its_document(app, seeded, bearer, method, path, mode):
    """Every operation, valid and invalid input, with every check schemathesis has; the
    pole holds an offer of each kind, a booking, an exchange and a need, and the cell
    asks."""
    config = SchemathesisConfig.from_dict({
        "headers": bearer(seeded.cell),
        "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES},
                   "negative_data_rejection": {"expected-statuses": NEGATIVE_STATUSES}},
    })
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    operation = schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate()

    check()
