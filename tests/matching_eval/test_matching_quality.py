"""The matching engine against the labelled evaluation set: for each need, is the offer a
person would pick first, or within the first three?

Prints top-1 and top-3 by kind of hard case, with and without sentence vectors (what they
add). The targets are 90 % at rank 1 and 98 % within 3; the engine reaches 86 % and 93 %
today, short on paraphrases that share no word with their answer, so that test is an
expected failure (strict: it fails the day the targets are met, to be promoted), and a
second test holds today's level so that nothing slips below it. Run
`pytest -s tests/matching_eval` to read the table.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest

from pooling.catalogue.models import OfferKind
from pooling.db import utcnow
from pooling.matching.engine import NeedRequest, suggestions
from tests.matching_eval.loader import EvalPole
from tests.matching_eval.needs import CASES, NEEDS, NeedSpec

TOP_1, TOP_3 = 0.90, 0.98
# Today's level, which no change may lower.
FLOOR_1, FLOOR_3 = 0.85, 0.92


def request_of(pole: EvalPole, spec: NeedSpec, number: int) -> NeedRequest:
    """The need as the engine reads it, as a member would have posted it."""
    window = pole.window(spec.window) if spec.window else None
    return NeedRequest(
        id=number, member_id=pole.members[spec.org], kind=OfferKind(spec.kind), text=spec.text,
        window_from=window and window.start, window_to=window and window.end,
        duration_minutes=round(spec.duration_hours * 60) if spec.duration_hours else None,
        capacity=spec.capacity, quantity=spec.quantity, town=spec.town)


def score(pole: EvalPole) -> tuple[dict[str, list[int]], list[str]]:
    """For each kind of case, the rank (1, 2, 3, or 0 beyond) of each need's answer; and
    the needs missed at rank 1, with what came first."""
    names = {offer_id: key for key, offer_id in pole.offers.items()}
    ranks: dict[str, list[int]] = defaultdict(list)
    missed = []
    now = utcnow()
    for number, spec in enumerate(NEEDS, start=1):
        found = [s.offer_id for s in suggestions(request_of(pole, spec, number), limit=3,
                                                 now=now)]
        right = {pole.offers[key] for key in (spec.expected, *spec.alternatives)}
        rank = next((i for i, offer_id in enumerate(found, start=1) if offer_id in right), 0)
        ranks[spec.case].append(rank)
        if rank != 1:
            missed.append(f"{spec.case:<10} {spec.key:<28} → "
                          f"{', '.join(names[i] for i in found) or 'nothing'} "
                          f"(expected {spec.expected})")
    return ranks, missed


def table(title: str, ranks: dict[str, list[int]]) -> tuple[float, float, str]:
    every = [r for case in CASES for r in ranks[case]]
    lines = [title, f"{'case':<12}{'needs':>6}{'top-1':>8}{'top-3':>8}"]
    for case in (*CASES, "all"):
        found = every if case == "all" else ranks[case]
        first = sum(r == 1 for r in found) / len(found)
        three = sum(1 <= r <= 3 for r in found) / len(found)
        lines.append(f"{case:<12}{len(found):>6}{first:>8.0%}{three:>8.0%}")
    return first, three, "\n".join(lines)


def test_matching_holds_its_level_and_vectors_add_to_it(app, eval_pole):
    app.config["MATCHING_VECTORS"] = False
    words_only, _missed = score(eval_pole)
    app.config["MATCHING_VECTORS"] = True
    ranks, missed = score(eval_pole)
    *_, without = table("Words, thesaurus and typos only:", words_only)
    first, three, with_vectors = table("With sentence vectors:", ranks)
    print("\n" + without + "\n\n" + with_vectors + "\n\nNot first:\n" + "\n".join(missed))
    assert first >= FLOOR_1 and three >= FLOOR_3, with_vectors + "\n" + "\n".join(missed)
    paraphrases = sum(r == 1 for r in ranks["paraphrase"])
    assert paraphrases > sum(r == 1 for r in words_only["paraphrase"]), with_vectors


@pytest.mark.xfail(strict=True, reason="86 % at rank 1 and 93 % within 3 today: paraphrases "
                   "sharing no word with their answer are found only half the time")
def test_the_engine_finds_what_a_person_would_pick(eval_pole):
    ranks, missed = score(eval_pole)
    first, three, with_vectors = table("With sentence vectors:", ranks)
    assert first >= TOP_1 and three >= TOP_3, with_vectors + "\n" + "\n".join(missed)


def test_every_suggestion_is_free_and_says_why(eval_pole):
    """Each suggestion's first free time is one the booking engine would book, within the
    need's window, and the suggestion says why in words."""
    spec = next(s for s in NEEDS if s.window and s.kind == "premises")
    request = request_of(eval_pole, spec, 1)
    found = suggestions(request, limit=5)
    assert found
    names = {offer_id: key for key, offer_id in eval_pole.offers.items()}
    for suggestion in found:
        assert suggestion.first_free is not None
        assert request.window_from <= suggestion.first_free.start
        assert suggestion.first_free.end <= request.window_to
        assert suggestion.first_free.end - suggestion.first_free.start == timedelta(
            hours=spec.duration_hours)
        first = eval_pole.first_free(names[suggestion.offer_id], spec)
        assert first is not None and first.start <= suggestion.first_free.start
        assert suggestion.member_id != eval_pole.members[spec.org]
        assert suggestion.reasons and suggestion.reasons[0].startswith(("libre", "free"))
