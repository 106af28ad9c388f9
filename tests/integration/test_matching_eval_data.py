"""The matching evaluation's own integrity: enough data, each need's answer a real,
bookable offer of the right kind, each trap a real trap, the five kinds of case balanced.

The scoring test comes with the matching engine: for each need of `tests.matching_eval.needs`
it will rank the offers of the pole `tests.matching_eval.loader.load` builds, count the need
as found at rank 1 (or within 3) when the expected offer or one of its alternatives is
there, print top-1 and top-3 by kind of case, and fail below 90 % and 98 %.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import sqlalchemy as sa

from pooling.bookings.models import Booking
from pooling.bookings.rules import Rule
from pooling.catalogue.models import Closure, Offer, OfferKind, OfferStatus
from pooling.db import search_key
from pooling.extensions import db
from pooling.members.models import Member
from tests.matching_eval.catalogue import OFFERS, ORGANISATIONS
from tests.matching_eval.loader import EvalPole, load
from tests.matching_eval.needs import (
    BOOKED,
    BOOKINGS,
    CASES,
    CLOSED,
    NEEDS,
    OWN,
    PARAPHRASE,
    PROVIDER_HOURS,
    TOO_SMALL,
    TRAP,
)

OFFER_SPECS = {spec.key: spec for spec in OFFERS}


def test_the_set_is_large_enough():
    assert len(ORGANISATIONS) >= 25
    assert len(OFFERS) >= 150
    assert len(NEEDS) >= 60
    assert {o.kind for o in OFFERS} == {"skill", "premises", "tool"}


def test_keys_are_unique_and_every_reference_exists():
    assert len({o.key for o in ORGANISATIONS}) == len(ORGANISATIONS)
    assert len(OFFER_SPECS) == len(OFFERS)
    assert len({n.key for n in NEEDS}) == len(NEEDS)
    orgs = {o.key for o in ORGANISATIONS}
    assert {o.org for o in OFFERS} == orgs, "every organisation shares something"
    for need in NEEDS:
        assert need.org in orgs, need.key
        for key in (need.expected, *need.alternatives):
            assert key in OFFER_SPECS, (need.key, key)
    for booking in BOOKINGS:
        assert booking.offer in OFFER_SPECS and booking.org in orgs


def test_each_answer_is_of_the_needs_kind_and_not_the_requesters_own():
    for need in NEEDS:
        for key in (need.expected, *need.alternatives):
            offer = OFFER_SPECS[key]
            assert offer.kind == need.kind, (need.key, key)
            assert offer.org != need.org, (need.key, key)
            if need.capacity and offer.capacity is not None:
                assert offer.capacity >= need.capacity, (need.key, key)
            if need.quantity:
                assert offer.quantity >= need.quantity, (need.key, key)
        assert len(need.alternatives) <= 1, "alternatives are rare on purpose"


def test_each_kind_of_case_is_about_a_fifth():
    counts = Counter(need.case for need in NEEDS)
    assert set(counts) == set(CASES)
    for case, count in counts.items():
        assert 0.15 <= count / len(NEEDS) <= 0.25, (case, count)


def test_traps_name_a_different_offer_of_the_needs_kind():
    for need in NEEDS:
        assert (need.trap is not None) == (need.case == TRAP), need.key
        if need.trap is None:
            continue
        distractor = OFFER_SPECS[need.trap.offer]
        assert distractor.kind == need.kind and need.trap.offer != need.expected, need.key
        if need.trap.reason == OWN:
            assert distractor.org == need.org, need.key
        else:
            assert distractor.org != need.org, need.key
            assert need.window is not None, "a trap of time needs a window"
        if need.trap.reason == TOO_SMALL:
            size = distractor.capacity if need.kind == "premises" else distractor.quantity
            wanted = need.capacity if need.kind == "premises" else need.quantity
            assert size is not None and wanted is not None and size < wanted, need.key


# Grammatical words a paraphrase may share with its offer.
GRAMMAR = {"avec", "dans", "des", "elle", "elles", "leur", "nos", "notre", "nous", "pour",
           "plus", "que", "qui", "une", "vos", "votre"}


def significant(text: str) -> set[str]:
    """The words of four letters or more, accents and case aside, cut to five letters so
    that "recruter" and "recrutement" count as one."""
    return {word[:5] for word in re.findall(r"[a-z0-9]+", search_key(text))
            if len(word) >= 4 and word not in GRAMMAR}


def test_paraphrases_share_no_word_with_their_answer():
    for need in NEEDS:
        if need.case != PARAPHRASE:
            continue
        offer = OFFER_SPECS[need.expected]
        shared = significant(need.text) & significant(
            " ".join((offer.title, offer.description, *offer.tags)))
        assert not shared, (need.key, shared)


@pytest.fixture
def pole(app) -> EvalPole:
    return load()


def test_the_loader_builds_the_catalogue_through_the_services(pole):
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == len(ORGANISATIONS)
    published = db.session.scalars(sa.select(Offer).where(
        Offer.status == OfferStatus.PUBLISHED)).all()
    assert len(published) == len(OFFERS)
    for offer in published:
        assert offer.opening_hours, offer.title
        if offer.kind == OfferKind.SKILL:
            assert offer.provider_id is not None and offer.max_hours_per_week
    assert db.session.scalar(sa.select(sa.func.count(Closure.id))) >= 3
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == len(BOOKINGS)


def test_each_need_with_a_window_can_be_booked_on_its_answer(pole):
    for need in NEEDS:
        if need.window is None:
            continue
        for key in (need.expected, *need.alternatives):
            assert pole.first_free(key, need) is not None, (need.key, key)


# The rules by which the booking engine may refuse a trap's offer, by reason of the trap.
TRAP_RULES = {
    BOOKED: {Rule.OVERLAP, Rule.STOCK},
    TOO_SMALL: {Rule.CAPACITY, Rule.STOCK},
    CLOSED: {Rule.CLOSURE, Rule.OPENING_HOURS},
    PROVIDER_HOURS: {Rule.PROVIDER_LIMIT, Rule.OVERLAP},
}


def test_each_trap_really_traps(pole):
    traps = [need for need in NEEDS if need.trap is not None]
    assert {need.trap.reason for need in traps} == {BOOKED, TOO_SMALL, CLOSED, OWN,
                                                     PROVIDER_HOURS}
    for need in traps:
        distractor = pole.offer(need.trap.offer)
        if need.trap.reason == OWN:
            assert distractor.member_id == pole.members[need.org], need.key
            continue
        # Whatever time of the window is tried, the booking engine refuses the distractor:
        # outside its opening hours (a long window spans nights), else for the trap's reason.
        rules = set(pole.refusals(need.trap.offer, need))
        assert rules and None not in rules, need.key
        assert rules <= TRAP_RULES[need.trap.reason] | {Rule.OPENING_HOURS}, (need.key, rules)
        assert rules & TRAP_RULES[need.trap.reason], (need.key, rules)
        if need.trap.reason == PROVIDER_HOURS:
            assert Rule.PROVIDER_LIMIT in rules, need.key
