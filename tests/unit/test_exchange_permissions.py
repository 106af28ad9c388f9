"""What a person may do with an exchange now, decided without a database."""

import pytest

from pooling.accounts.models import Role, User
from pooling.ledger.models import Exchange, ExchangeStatus
from pooling.ledger.permissions import ExchangeAction as A
from pooling.ledger.permissions import exchange_actions

PROVIDER, BENEFICIARY, OTHER, CELL = 1, 2, 3, 9
PEOPLE = {
    "provider": User(role=Role.MEMBER, member_id=PROVIDER),
    "beneficiary": User(role=Role.MEMBER_ADMIN, member_id=BENEFICIARY),
    "other": User(role=Role.MEMBER_ADMIN, member_id=OTHER),
    "cell": User(role=Role.CELL, member_id=CELL),
}


def exchange(status: ExchangeStatus, declared_for: int | None = PROVIDER,
             reverses: int | None = None) -> Exchange:
    return Exchange(id=10, provider_id=PROVIDER, beneficiary_id=BENEFICIARY, status=status,
                    declared_for_id=declared_for, reverses_id=reverses)


def asked_by(member: int | None) -> Exchange:
    return exchange(ExchangeStatus.PENDING, declared_for=member, reverses=10)


@pytest.mark.parametrize("who, declared_for, expected", [
    ("provider", PROVIDER, {A.WITHDRAW}),  # its own declaration: it may only withdraw it
    ("beneficiary", PROVIDER, {A.CONFIRM, A.REJECT}),
    ("cell", PROVIDER, {A.CONFIRM, A.REJECT}),
    ("other", PROVIDER, set()),  # not a party: nothing, not even seeing it
    ("provider", None, {A.CONFIRM, A.REJECT}),  # declared by the cell: either party decides
    ("cell", None, {A.CONFIRM, A.REJECT}),
])
def test_a_pending_exchange_is_decided_by_the_side_that_did_not_declare_it(
        who, declared_for, expected):
    pending = exchange(ExchangeStatus.PENDING, declared_for=declared_for)
    assert exchange_actions(PEOPLE[who], pending, None) == expected


@pytest.mark.parametrize("who, asked, expected", [
    ("provider", None, {A.ASK_REVERSAL}),
    ("beneficiary", None, {A.ASK_REVERSAL}),
    ("cell", None, {A.REVERSE}),  # the cell reverses at once
    ("other", None, set()),
    ("provider", PROVIDER, set()),  # it asked: it waits for the other side
    ("beneficiary", PROVIDER, {A.AGREE_REVERSAL}),
    ("cell", PROVIDER, {A.AGREE_REVERSAL}),
])
def test_a_posted_exchange_is_reversed_by_the_cell_or_by_both_parties(who, asked, expected):
    posted = exchange(ExchangeStatus.CONFIRMED)
    reversal = asked_by(asked) if asked else None
    assert exchange_actions(PEOPLE[who], posted, reversal) == expected


def test_a_reversal_asked_by_the_cell_is_agreed_by_either_party():
    posted = exchange(ExchangeStatus.CONFIRMED)
    assert exchange_actions(PEOPLE["provider"], posted, asked_by(None)) == {A.AGREE_REVERSAL}


@pytest.mark.parametrize("status", [ExchangeStatus.REJECTED, ExchangeStatus.REVERSED])
@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_nothing_is_left_to_do_with_a_rejected_or_reversed_exchange(status, who):
    assert exchange_actions(PEOPLE[who], exchange(status), None) == set()


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_a_posted_reversal_cannot_be_reversed(who):
    reversal = exchange(ExchangeStatus.CONFIRMED, reverses=5)
    assert exchange_actions(PEOPLE[who], reversal, None) == set()
