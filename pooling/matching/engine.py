"""The matching engine: the offers that can serve a need, best first, each saying why.

A need is matched in three steps:

1. **relevance**: the offer index ranks the offers of the need's kind by what their words
   share with the need's text and tags (BM25 over stems, the pole's thesaurus, forgiven
   typos, and the meaning of the sentences), then adds the agreement of category, tags and
   town;
2. **hard constraints**: not the requester's own offer, big enough, and free for the
   wanted length somewhere in the window, as the booking engine judges a booking
   (opening hours, closures, buffers, what is held, the provider's hours and the
   requester's quotas);
3. **cooperation**: bonuses, set by the animation cell, for organisations the requester
   has never exchanged with and for organisations that received much more than they gave.
   With both weights at zero the order is relevance alone.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import numpy as np
import sqlalchemy as sa
from babel.lists import format_list
from flask import current_app
from sqlalchemy.orm import joinedload

from pooling.bookings import rules, store
from pooling.bookings.models import Quota, QuotaPeriod
from pooling.bookings.rules import OfferState
from pooling.bookings.timeline import period_bounds, remaining, subtract
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Offer, OfferKind
from pooling.db import search_key, utcnow
from pooling.extensions import db
from pooling.formats import Phrases, format_time_range
from pooling.ledger.models import LedgerEntry, Side
from pooling.matching.similarity import (
    SEMANTIC_WEIGHT,
    cosines,
    enabled,
    meanings,
    recall,
    recall_texts,
    semantic_values,
)
from pooling.members.models import Member
from pooling.pole.clock import pole_day, pole_zone
from pooling.pole.services import pole_settings
from pooling.search.analysis import terms, without_time
from pooling.search.index import Document, OfferIndex, offer_index
from pooling.search.thesaurus import pairs, related

# An offer is suggested when its text score is at least this share of the best one's (or
# it is of the category asked): below it, it shares a word by chance.
MIN_TEXT_SHARE = 0.2
# What agreement adds, in shares of the best text score.
CATEGORY_BONUS = 0.2
TAG_BONUS = 0.15
TOWN_BONUS = 0.1
# A need without dates is served by what is free in the next four weeks.
FLEXIBLE_HORIZON = timedelta(days=28)
# The length looked for when the need gives none: an hour, or the offer's shortest booking.
DEFAULT_MINUTES = 60
# Free times are looked for every half hour from each opening, or from the window's start
# rounded up to the quarter hour.
STEP = timedelta(minutes=30)
QUARTER = 15
# How many of the most relevant offers are weighed for cooperation, and how many of them
# at most are checked for a free time before the engine stops looking.
CONSIDERED = 60
CHECKED = 40
# An offer serves a need in reverse matching when it is among this many of its most
# relevant offers and free.
REVERSE_RANK = 10


@dataclass(frozen=True)
class NeedRequest:
    """A need as the engine reads it: plain values, no database object."""

    id: int
    member_id: int
    kind: OfferKind
    text: str
    category_id: int | None = None
    tags: tuple[str, ...] = ()
    window_from: datetime | None = None  # UTC; None: whenever suits
    window_to: datetime | None = None
    duration_minutes: int | None = None
    capacity: int | None = None  # people, for premises
    quantity: int | None = None  # items, for tools
    town: str = ""
    is_open: bool = True


@dataclass(frozen=True)
class Weights:
    """How much cooperation counts beside relevance, in shares of the best text score."""

    new_partner: float = 0.0
    balance: float = 0.0


@dataclass(frozen=True)
class Suggestion:
    """One offer that can serve a need."""

    offer_id: int
    title: str
    kind: OfferKind
    member_id: int
    member_name: str
    score: float  # comparable within one need only
    first_free: Interval | None  # the first time of the need's length it can be booked
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NeedMatch:
    """One open need that an offer can serve."""

    need_id: int
    text: str
    kind: OfferKind
    member_id: int
    member_name: str
    score: float
    first_free: Interval | None
    reasons: tuple[str, ...]


@dataclass
class Candidate:
    """An offer relevant to a need, before its free times are looked for."""

    offer_id: int
    document: Document
    text_share: float  # its text score over the best one's
    matched: tuple[str, ...]
    same_category: bool = False
    tag_share: float = 0.0
    same_town: bool = False
    semantic: bool = False  # found by meaning rather than by a shared word
    new_partner: bool = False
    receiver: float = 0.0  # how much more it received than gave, 0 to 1
    score: float = 0.0

    @property
    def relevance(self) -> float:
        return (self.text_share + CATEGORY_BONUS * self.same_category
                + TAG_BONUS * self.tag_share + TOWN_BONUS * self.same_town)


# --- what a need asks -----------------------------------------------------------------------


def search_text(need: NeedRequest) -> str:
    """What the need looks for: the words of its text and tags, less those that say when
    (its window says it)."""
    return without_time(" ".join((need.text, *need.tags)))


def window_of(need: NeedRequest, now: datetime) -> Interval:
    """Where free times are looked for: the need's window from now on, or the next weeks."""
    if need.window_from is not None and need.window_to is not None:
        return Interval(max(need.window_from, now), need.window_to)
    return Interval(now, now + FLEXIBLE_HORIZON)


def length_of(need: NeedRequest, offer: Offer) -> timedelta:
    """The length of the booking the need asks of this offer."""
    return timedelta(minutes=need.duration_minutes
                     or max(DEFAULT_MINUTES, offer.min_duration_minutes))


def amount_of(need: NeedRequest, kind: OfferKind) -> int:
    """What a booking asks of the offer: people in a room, items of a tool, one provider."""
    if kind == OfferKind.PREMISES:
        return need.capacity or 1
    if kind == OfferKind.TOOL:
        return need.quantity or 1
    return 1


def holds(document: Document, need: NeedRequest) -> bool:
    """The offer is another organisation's and big enough for the need."""
    if document.member_id == need.member_id or document.kind != need.kind:
        return False
    if need.kind == OfferKind.PREMISES and document.capacity is not None:
        return document.capacity >= amount_of(need, need.kind)
    if need.kind == OfferKind.TOOL:
        return (document.quantity or 0) >= amount_of(need, need.kind)
    return True


# --- relevance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindFacts:
    """The offers of one kind as arrays, in the index's order, to filter and score them
    all at once."""

    ids: list[int]
    positions: np.ndarray  # in the index's order
    member_ids: np.ndarray
    category_ids: np.ndarray
    capacities: np.ndarray  # NaN: not said
    quantities: np.ndarray  # 0: not said
    towns: np.ndarray  # each offer's town between spaces, to find a whole town's name in
    tagged: dict[str, np.ndarray]  # for each tag's stem, the offers (rows) that have it


def kind_facts(index: OfferIndex, kind: OfferKind) -> KindFacts:
    """The offers of a kind as arrays, kept with the index."""
    key = ("kind facts", kind)
    if key not in index.derived:
        ids = [i for i in index.order if index.documents[i].kind == kind]
        documents = [index.documents[i] for i in ids]
        tagged: dict[str, list[int]] = defaultdict(list)
        for row, document in enumerate(documents):
            for tag in document.tags:
                tagged[tag].append(row)
        index.derived[key] = KindFacts(
            ids, np.array([index.position[i] for i in ids], dtype=np.intp),
            np.array([d.member_id for d in documents], dtype=np.int64),
            np.array([d.category_id or 0 for d in documents], dtype=np.int64),
            np.array([np.nan if d.capacity is None else d.capacity for d in documents],
                     dtype=np.float64),
            np.array([d.quantity or 0 for d in documents], dtype=np.float64),
            np.array([f" {d.town} " for d in documents], dtype=np.str_),
            {tag: np.array(rows, dtype=np.intp) for tag, rows in tagged.items()})
    return index.derived[key]


def warm_up() -> None:
    """Build the offer index, read every kind's kept sentence vectors, sum the ledger's
    balances and load the dates' formats (a fifth of a second), as a new server process does
    before its first request, so that no need's matches wait for them. In a request's
    context."""
    now = utcnow()
    format_time_range(now, now)
    ledger_balances()
    index = offer_index()
    for kind in OfferKind:
        ids = kind_facts(index, kind).ids
        if ids and enabled() and recall(ids):
            meanings(ids)


def holding(facts: KindFacts, need: NeedRequest) -> np.ndarray:
    """`holds` for every offer of the need's kind at once."""
    usable = facts.member_ids != need.member_id
    if need.kind == OfferKind.PREMISES:
        usable &= np.isnan(facts.capacities) | (facts.capacities >= amount_of(need, need.kind))
    elif need.kind == OfferKind.TOOL:
        usable &= facts.quantities >= amount_of(need, need.kind)
    return usable


def candidates(need: NeedRequest, index: OfferIndex, limit: int | None = None
               ) -> list[Candidate]:
    """The offers relevant to the need that it could use, most relevant first (the first
    `limit`): every offer of its kind is scored at once, and only those kept are described."""
    text = search_text(need)
    asked = index.query_terms(text, related)
    facts = kind_facts(index, need.kind)
    all_words, all_present = index.word_scores(asked)
    words, found = all_words[facts.positions], all_present[facts.positions]
    scores = words
    closeness = semantic_values(text, facts.ids)
    weight = SEMANTIC_WEIGHT * index.rare_word_idf()
    if closeness is not None and weight:
        scores = words + weight * closeness
        found = found | (closeness > 0)
    usable = holding(facts, need)
    hit = found & usable
    best = float(scores[hit].max()) if hit.any() else 0.0
    best_words = float(words[hit].max()) if hit.any() else 0.0
    same_category = (facts.category_ids == need.category_id if need.category_id is not None
                     else np.zeros(len(facts.ids), dtype=bool))
    member = hit | (usable & same_category)
    text_share = scores / best if best else np.zeros(len(facts.ids))
    kept = member & ((text_share >= MIN_TEXT_SHARE) | same_category)
    if best_words:
        kept |= member & (words / best_words >= MIN_TEXT_SHARE)
    rows = np.flatnonzero(kept)
    asked_tags = set(terms(" ".join(need.tags)))
    town = search_key(need.town)
    tag_share = np.zeros(len(rows))
    if asked_tags:
        shared = np.zeros(len(facts.ids), dtype=np.int64)
        for tag in asked_tags:
            if tag in facts.tagged:
                shared[facts.tagged[tag]] += 1
        tag_share = shared[rows] / len(asked_tags)
    same_town = (np.strings.find(facts.towns[rows], f" {town} ") >= 0 if town
                 else np.zeros(len(rows), dtype=bool))
    relevance = (text_share[rows] + CATEGORY_BONUS * same_category[rows]
                 + TAG_BONUS * tag_share + TOWN_BONUS * same_town)
    ids = np.array(facts.ids, dtype=np.int64)[rows]
    order = np.lexsort((ids, -relevance))[:limit]
    result = []
    for n in order:
        offer_id = int(ids[n])
        matched = index.matched_words(offer_id, asked)
        result.append(Candidate(
            offer_id, index.documents[offer_id], float(text_share[rows[n]]), matched,
            same_category=bool(same_category[rows[n]]), tag_share=float(tag_share[n]),
            same_town=bool(same_town[n]), semantic=not matched))
    return result


def remembered_candidates(need: NeedRequest, index: OfferIndex, thesaurus: int
                          ) -> list[Candidate]:
    """The first REVERSE_RANK `candidates`, kept with the index for this need as it is and
    this thesaurus: the open needs are ranked again and again as offer after offer asks
    which it serves."""
    key = ("candidates", need, thesaurus)
    if key not in index.derived:
        index.derived[key] = candidates(need, index, REVERSE_RANK)
    return index.derived[key]


def asked_stems(text: str, index: OfferIndex, thesaurus: int) -> frozenset[str]:
    """The stems a need's search text asks for, the thesaurus's included; kept with the
    index for this text and thesaurus, as `remembered_candidates` are."""
    key = ("stems", text, thesaurus)
    if key not in index.derived:
        index.derived[key] = frozenset(term.stem for term in index.query_terms(text, related))
    return index.derived[key]


def rank_ahead(needs: list[NeedRequest]) -> None:
    """Remember the first REVERSE_RANK candidates of each of these needs (the open ones)
    whose sentence vector is kept, encoding none, as `served_needs` would on the first
    offer asking which it serves: a new server process does it before its first request.
    In a request's context."""
    index = offer_index()
    texts = [search_text(need) for need in needs]
    missing = recall_texts(texts) if enabled() else set()
    thesaurus = hash(tuple(pairs()))
    for need, text in zip(needs, texts, strict=True):
        if text not in missing:
            remembered_candidates(need, index, thesaurus)


# --- cooperation ----------------------------------------------------------------------------


def weights() -> Weights:
    """The cooperation weights the animation cell set."""
    settings = pole_settings()
    return Weights(settings.new_partner_weight / 100, settings.balance_weight / 100)


def partners_and_last_entry(member_id: int) -> tuple[set[int], int | None]:
    """The organisations the member has exchanged with, either way, in the ledger, and the
    ledger's last entry id, which says whether `ledger_balances` must be summed again: one
    round trip for both."""
    partners, last = set(), None
    for value, is_last in db.session.execute(sa.union_all(
            sa.select(LedgerEntry.counterpart_id, sa.literal(False))
            .where(LedgerEntry.member_id == member_id).distinct(),
            sa.select(sa.func.max(LedgerEntry.id), sa.literal(True)))):
        if is_last:
            last = value
        else:
            partners.add(value)
    return partners, last


def partners_by_member(member_ids: list[int]) -> dict[int, set[int]]:
    """The partners of several organisations (`partners_and_last_entry`), in one query."""
    found: dict[int, set[int]] = {member_id: set() for member_id in member_ids}
    for member_id, counterpart_id in db.session.execute(
            sa.select(LedgerEntry.member_id, LedgerEntry.counterpart_id)
            .where(LedgerEntry.member_id.in_(member_ids)).distinct()):
        found[member_id].add(counterpart_id)
    return found


def ledger_balances() -> dict[int, float]:
    """For each organisation, how much more it received than it gave, from 0 (as much or
    less) to 1 (only received), counting posted exchanges (a reversal takes one back);
    computed again only when the ledger has grown: its entries are never changed nor
    deleted, so its last id says when it has."""
    return balances_at(db.session.scalar(sa.select(sa.func.max(LedgerEntry.id))))


def balances_at(last: int | None) -> dict[int, float]:
    """`ledger_balances`, the ledger's last entry id read already."""
    kept = current_app.extensions.get("ledger_balances")
    if kept is not None and kept[0] == last:
        return kept[1]
    counts: dict[int, dict[Side, int]] = defaultdict(lambda: {Side.GIVEN: 0, Side.RECEIVED: 0})
    for member_id, side, count in db.session.execute(
            sa.select(LedgerEntry.member_id, LedgerEntry.side,
                      sa.func.sum(sa.case((LedgerEntry.quantity > 0, 1), else_=-1)))
            .group_by(LedgerEntry.member_id, LedgerEntry.side)):
        counts[member_id][Side(side)] = max(0, int(count))
    balances = {}
    for member_id, sides in counts.items():
        given, received = sides[Side.GIVEN], sides[Side.RECEIVED]
        balances[member_id] = max(0.0, (received - given) / (received + given)) \
            if received + given else 0.0
    current_app.extensions["ledger_balances"] = (last, balances)
    return balances


def weigh(found: list[Candidate], partners: set[int], balances: dict[int, float],
          weights_: Weights) -> None:
    """Add the cooperation bonuses to each candidate's relevance, given the requester's
    partners and every organisation's `ledger_balances`."""
    for candidate in found:
        candidate.new_partner = candidate.document.member_id not in partners
        candidate.receiver = balances.get(candidate.document.member_id, 0.0)
        candidate.score = (candidate.relevance + weights_.new_partner * candidate.new_partner
                           + weights_.balance * candidate.receiver)


# --- hard constraints: a free time ----------------------------------------------------------


@dataclass
class Requester:
    """The requesting organisation and the cell's quotas on it, for each kind."""

    member: Member
    quotas: dict[OfferKind, list[Quota]] = field(default_factory=dict)

    def quotas_for(self, kind: OfferKind) -> list[Quota]:
        if kind not in self.quotas:
            self.quotas[kind] = store.quotas_for(self.member, kind)
        return self.quotas[kind]


def requesters_of(member_ids: Iterable[int], kind: OfferKind) -> dict[int, Requester]:
    """Several requesting organisations with their quotas for a kind, in two queries."""
    members = list(db.session.scalars(sa.select(Member).where(Member.id.in_(member_ids))))
    quotas = store.quotas_for_members(members, kind)
    return {m.id: Requester(m, {kind: quotas[m.id]}) for m in members}


def starts(opened: Interval, earliest: datetime) -> Iterable[datetime]:
    """The starts tried within one opening: from its start (or `earliest`, rounded up to a
    quarter hour), every STEP."""
    start = opened.start
    if start < earliest:
        start = earliest.replace(second=0, microsecond=0)
        if start < earliest or start.minute % QUARTER:
            start += timedelta(minutes=QUARTER - start.minute % QUARTER)
    while start < opened.end:
        yield start
        start += STEP


def free_pieces(state: OfferState, window: Interval, units: int) -> Iterator[Interval]:
    """Where in the window the offer is open, not closed, and has `units` left, in time
    order: the only places a free time can start (a tool only needs to be picked up there).
    Found one after the other, so that the search stops at the first that fits."""
    opened = [Interval(max(i.start, window.start), min(i.end, window.end))
              for i in sorted(state.open, key=lambda i: i.start) if i.overlaps(window)]
    pending: Interval | None = None
    for interval in subtract(opened, state.closures):
        # Only what is held during this opening cuts it.
        held = [h for h in state.held if h.busy.overlaps(interval)]
        for piece, left in remaining(held, interval, state.stock):
            if left < units:
                continue
            if pending is not None and pending.end == piece.start:
                pending = Interval(pending.start, piece.end)
                continue
            if pending is not None:
                yield pending
            pending = piece
    if pending is not None:
        yield pending


def long_enough(state: OfferState, window: Interval, length: timedelta) -> bool:
    """Whether one opening holds the length within the window: a room or a skill is
    booked within one opening (`rules.is_open_for`), so without one it has no free time."""
    return any(min(i.end, window.end) - max(i.start, window.start) >= length
               for i in state.open)


def first_free(offer: Offer, need: NeedRequest, requester: Requester, now: datetime,
               state: OfferState | None = None) -> Interval | None:
    """The first time in the need's window at which the booking engine would book the offer
    for the requester, for the need's length and size; None if there is none. `state`, the
    offer's around the window, when the caller read it with others'."""
    window = window_of(need, now)
    length = length_of(need, offer)
    if window.end - window.start < length:
        return None
    quantity = amount_of(need, offer.kind)
    state = state or store.read_offer_state(offer, window)
    tool = offer.kind == OfferKind.TOOL
    if not tool and not long_enough(state, window, length):
        return None
    quotas = requester.quotas_for(offer.kind)
    earliest = max(window.start, now + timedelta(minutes=offer.min_notice_minutes))
    limits_by_period: dict[tuple, list[rules.HoursLimit]] = {}
    zone = pole_zone()
    for piece in free_pieces(state, window, quantity if tool else 1):
        if piece.end <= earliest:
            continue
        for start in starts(piece, earliest):
            wanted = Interval(start, start + length)
            if wanted.end > window.end or (not tool and wanted.end > piece.end):
                break
            # The rules have the last word (buffers, notice, lengths): a piece is only
            # where to look.
            if rules.fits(offer, wanted, quantity, state, now) is not None:
                continue
            day = pole_day(start)
            period = (period_bounds(day, QuotaPeriod.WEEK, zone).start,
                      period_bounds(day, QuotaPeriod.MONTH, zone).start)
            if period not in limits_by_period:
                limits_by_period[period] = store.hours_limits(
                    offer, requester.member, wanted, quotas)
            if rules.hours_refusal(limits_by_period[period], wanted) is None:
                return wanted
    return None


def offers_by_id(ids: list[int]) -> dict[int, Offer]:
    """The offers, with their organisation, in one query."""
    if not ids:
        return {}
    return {offer.id: offer for offer in db.session.scalars(
        sa.select(Offer).options(joinedload(Offer.member)).where(Offer.id.in_(ids)))}


# --- why ------------------------------------------------------------------------------------


def quoted(words: Iterable[str], phrases: Phrases) -> str:
    """Words in the quotation marks and list of the reader's language."""
    return format_list([phrases.gettext("“%(word)s”", word=word) for word in words],
                       locale=phrases.locale)


def reasons_for(candidate: Candidate, offer: Offer, need: NeedRequest,
                free: Interval | None, phrases: Phrases) -> tuple[str, ...]:
    """Why the offer is suggested, in plain words, the deciding facts first (`phrases`: the
    reader's language, looked up once for every suggestion)."""
    _ = phrases.gettext
    found = []
    if free is not None:
        found.append(_("free %(when)s", when=phrases.time_range(free.start, free.end)))
    if offer.kind == OfferKind.PREMISES and offer.capacity and need.capacity:
        found.append(_("%(places)d places for %(people)d people", places=offer.capacity,
                       people=need.capacity))
    elif offer.kind == OfferKind.TOOL and offer.quantity:
        found.append(_("%(stock)d available, %(wanted)d wanted", stock=offer.quantity,
                       wanted=amount_of(need, offer.kind)))
    if candidate.matched:
        found.append(_("matches %(words)s", words=quoted(candidate.matched[:4], phrases)))
    elif candidate.semantic and candidate.text_share:
        found.append(_("close in meaning to what you are looking for"))
    if candidate.same_category:
        found.append(_("in the category asked for"))
    if candidate.same_town:
        found.append(_("in %(town)s", town=need.town))
    if candidate.new_partner:
        found.append(_("you have never worked with this organisation"))
    if candidate.receiver >= 0.5:
        found.append(_("this organisation has received much more than it has given"))
    return tuple(found)


# --- the engine -----------------------------------------------------------------------------


def suggestions(need: NeedRequest, limit: int = 10, now: datetime | None = None
                ) -> list[Suggestion]:
    """The offers that can serve the need, best first: relevant, another organisation's,
    big enough and free in its window."""
    now = now or utcnow()
    found = candidates(need, offer_index(), CONSIDERED)
    partners, last = partners_and_last_entry(need.member_id)
    weigh(found, partners, balances_at(last), weights())
    found.sort(key=lambda c: (-c.score, c.offer_id))
    checked = found[:CHECKED]
    requester = Requester(db.session.get(Member, need.member_id))
    window = window_of(need, now)
    phrases = Phrases()
    served: list[Suggestion] = []
    # The candidates and their states are read the first `limit` at once, with the
    # requester's quotas, in one round trip: they serve most needs; then all the others at
    # once (a few bookings each in a window). A state is built only when its candidate's
    # turn comes.
    for first, batch in ((True, checked[:limit]), (False, checked[limit:])):
        if not batch:
            continue
        offers, states, quotas = store.read_offers_and_states(
            [c.offer_id for c in batch], max(c.document.buffer_minutes for c in batch),
            window, *((requester.member, need.kind) if first else ()))
        if first:
            requester.quotas[need.kind] = quotas
        batch = [c for c in batch if c.offer_id in offers]
        for candidate in batch:
            offer = offers[candidate.offer_id]
            free = first_free(offer, need, requester, now, states[offer.id])
            if free is None:
                continue
            served.append(Suggestion(
                offer.id, offer.title, offer.kind, offer.member_id, offer.member.name,
                round(candidate.score, 4), free,
                reasons_for(candidate, offer, need, free, phrases)))
            if len(served) == limit:
                return served
    return served


def served_needs(offer_id: int, needs: Iterable[NeedRequest], names: dict[int, str],
                 limit: int = 20, now: datetime | None = None) -> list[NeedMatch]:
    """Among these open needs, those the offer can serve, best first: the offer is among
    their most relevant and free in their window. `names` gives the organisations' names."""
    now = now or utcnow()
    index = offer_index()
    document = index.documents.get(offer_id)
    offers = offers_by_id([offer_id])
    if document is None or offer_id not in offers:
        return []
    offer, weights_ = offers[offer_id], weights()
    needs = [n for n in needs if n.kind == document.kind and holds(document, n)]
    thesaurus = hash(tuple(pairs()))
    kind_offers = kind_facts(index, document.kind).ids
    texts = [search_text(n) for n in needs]
    closeness = cosines(texts, kind_offers, keep=True)
    medians = None if closeness is None else np.median(closeness, axis=1)
    column = kind_offers.index(offer_id)
    ranking: list[tuple[NeedRequest, Candidate]] = []
    for row, need in enumerate(needs):
        # Ranking every offer for a need costs milliseconds. An offer can be among a need's
        # most relevant only if it shares a word or the category with it, or else by meaning
        # alone: closer than the median offer of its kind (see semantic_scores), and with
        # fewer than REVERSE_RANK offers the need could use closer still.
        asked = asked_stems(texts[row], index, thesaurus)
        if need.category_id != document.category_id and not asked & document.shown.keys():
            if closeness is None or closeness[row, column] <= medians[row]:
                continue
            closer = (kind_offers[i] for i in np.flatnonzero(
                closeness[row] > closeness[row, column]))
            if sum(1 for other in itertools.islice(
                    (o for o in closer if holds(index.documents[o], need)),
                    REVERSE_RANK)) >= REVERSE_RANK:
                continue
        ranked = remembered_candidates(need, index, thesaurus)
        position = next((i for i, c in enumerate(ranked) if c.offer_id == offer_id), None)
        if position is None or position >= REVERSE_RANK:
            continue
        # Weighed for this need below, the remembered list stays as it is.
        ranking.append((need, replace(ranked[position])))
    if not ranking:
        return []
    # What the needs that rank the offer ask of it, read for all of them at once: their
    # organisations, partners and quotas, and the offer's state over all their windows.
    requesters = requesters_of({need.member_id for need, _candidate in ranking}, offer.kind)
    partners = partners_by_member(list(requesters))
    balances = ledger_balances()
    windows = [window_of(need, now) for need, _candidate in ranking]
    state = store.read_offer_state(offer, Interval(min(w.start for w in windows),
                                                   max(w.end for w in windows)))
    matches, phrases = [], Phrases()
    for need, candidate in ranking:
        weigh([candidate], partners[need.member_id], balances, weights_)
        free = first_free(offer, need, requesters[need.member_id], now, state)
        if free is None:
            continue
        matches.append(NeedMatch(
            need.id, need.text, need.kind, need.member_id, names.get(need.member_id, ""),
            round(candidate.score, 4), free,
            reasons_for(candidate, offer, need, free, phrases)))
    matches.sort(key=lambda m: (-m.score, m.need_id))
    return matches[:limit]
