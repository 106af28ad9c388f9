"""The ledger's e-mails, over real SMTP to a local server: a declaration asks the other
organisation to confirm it, a decision goes back to who declared it."""

from datetime import date
from decimal import Decimal

import pytest

from pooling.catalogue.models import OfferKind
from pooling.errors import InvalidInput
from pooling.ledger import services
from pooling.ledger.models import ExchangeUnit
from pooling.ledger.services import Declaration

TODAY = date(2026, 11, 20)


@pytest.fixture
def app_config(mail_app_config):
    return mail_app_config


def declare(people, **fields):
    data = dict(provider_id=people.org_a.id, beneficiary_id=people.org_b.id,
                kind=OfferKind.SKILL, quantity=Decimal("3"), unit=ExchangeUnit.HOUR,
                occurred_on=date(2026, 11, 12), description="Help with the year-end accounts")
    data.update(fields)
    return services.declare(people.a_member, Declaration(**data), today=TODAY)


def received(inbox) -> list[tuple[str, str]]:
    return sorted((m["To"], m["Subject"]) for m in inbox.messages)


def test_a_declaration_asks_the_other_organisations_admins_to_confirm(people, smtp_server):
    exchange = declare(people)
    assert received(smtp_server) == [
        ("admin.b@example.org", "Exchange to confirm: Help with the year-end accounts")]
    body = smtp_server.body()
    assert "Person" not in body and "Arnaud Membre (Ressourcerie La Remise)" in body
    assert "3 hours" in body and f"/exchanges/{exchange.id}" in body


def test_the_decision_goes_back_to_who_declared(people, smtp_server):
    exchange = declare(people)
    smtp_server.messages.clear()  # once what was sent so far has arrived
    services.reject(people.b_admin, exchange.id, "We did this ourselves")
    assert received(smtp_server) == [
        ("member.a@example.org", "Exchange rejected: Help with the year-end accounts")]
    assert "Reason: We did this ourselves" in smtp_server.body()


def test_a_refused_declaration_sends_nothing(people, smtp_server):
    with pytest.raises(InvalidInput):
        declare(people, quantity=Decimal("0"))
    assert smtp_server.messages == []


def test_a_reversal_asked_by_one_party_asks_the_other(people, smtp_server):
    exchange = declare(people)
    services.confirm(people.b_admin, exchange.id)
    smtp_server.messages.clear()  # once what was sent so far has arrived
    services.reverse(people.b_admin, exchange.id, "Counted twice")
    assert received(smtp_server) == [
        ("admin.a@example.org", "Reversal to confirm: Help with the year-end accounts")]
    assert "Reason: Counted twice" in smtp_server.body()
