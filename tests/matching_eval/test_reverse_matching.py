"""Reverse matching on the evaluation's pole: the open needs an offer is said to serve are
exactly those that have it among their most relevant offers and free, as ranking every
offer for every need would find (the shortcut that skips unrelated needs loses none)."""

from __future__ import annotations

from pooling.db import utcnow
from pooling.extensions import db
from pooling.matching import engine
from pooling.members.models import Member
from pooling.search.index import offer_index
from tests.matching_eval.needs import NEEDS
from tests.matching_eval.test_matching_quality import request_of


def test_an_offer_serves_the_needs_that_rank_it_and_no_other(eval_pole):
    now = utcnow()
    requests = [request_of(eval_pole, spec, number)
                for number, spec in enumerate(NEEDS, start=1)]
    index = offer_index()
    offers = sorted({eval_pole.offers[spec.expected] for spec in NEEDS})[::5]
    found_some = 0
    for offer_id in offers:
        offer = db.session.get(engine.Offer, offer_id)
        expected = set()
        for need in requests:
            if need.kind != offer.kind or not engine.holds(index.documents[offer_id], need):
                continue
            ranked = [c.offer_id for c in engine.candidates(need, index)]
            if offer_id in ranked[:engine.REVERSE_RANK] and engine.first_free(
                    offer, need, engine.Requester(db.session.get(Member, need.member_id)),
                    now):
                expected.add(need.id)
        served = engine.served_needs(offer_id, requests, {}, limit=100, now=now)
        assert {m.need_id for m in served} == expected, offer.title
        found_some += bool(expected)
    assert found_some >= len(offers) // 2
