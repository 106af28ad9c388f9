"""Relevance ranking of the published offers for a text: BM25 over their analysed words.

The index lives in the process, built from the database and rebuilt when the published
offers change (checked at most once per request, by a cheap aggregate). A sentence finds the
offers that share its meaningful words, best first; no word is required.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa
from rapidfuzz import process
from rapidfuzz.distance import OSA

from pooling.catalogue.models import Category, Offer, OfferKind, OfferStatus, offer_tags
from pooling.db import search_key
from pooling.extensions import db
from pooling.members.models import Member
from pooling.search.analysis import analyse, terms
from pooling.search.thesaurus import related
from pooling.search.versions import kept

# The words people type for each kind of offer, in French and English, singular and plural,
# as search_key writes them (no accents, lower case): « locaux » finds the premises.
KIND_WORDS: dict[OfferKind, frozenset[str]] = {
    OfferKind.PREMISES: frozenset({"local", "locaux", "salle", "salles", "premises", "room",
                                   "rooms"}),
    OfferKind.SKILL: frozenset({"competence", "competences", "skill", "skills"}),
    OfferKind.TOOL: frozenset({"outil", "outils", "materiel", "materiels", "tool", "tools",
                               "equipment"}),
}

# How much a word counts in each part of an offer: its title says what it is.
FIELD_WEIGHTS = {"title": 3.0, "tags": 2.0, "category": 2.0, "description": 1.0,
                 "member": 1.0, "place": 1.0, "kind": 0.5}
# Words found through the thesaurus or a forgiven typo count a little less than the
# words asked: the offer that says what was typed comes first.
RELATED_WEIGHT = 0.8
TYPO_WEIGHT = 0.7
# Typos are forgiven on words of at least this many letters: one wrong, missing, extra or
# swapped letter, two from 10 letters (« ponceuse » is not a mistyped « perceuse »).
TYPO_MIN_LETTERS = 5
TYPO_TWO_LETTERS = 10
MAX_TYPOS_KEPT = 20_000
# BM25's usual constants: how fast repeats stop counting, and how much length matters.
K1 = 1.2
# How much of an offer's description its meaning is read from: the first sentences say
# what it is.
DESCRIBED = 300
B = 0.75


# Gives the stems related to the asked ones (the pole's thesaurus in use).
Synonyms = Callable[[list[str]], Iterable[str]]


def no_synonyms(stems: list[str]) -> Iterable[str]:
    """No stem is related to another."""
    return ()


@dataclass
class Document:
    """What the index knows of one published offer."""
    member_id: int
    kind: OfferKind
    # What the matching engine filters and compares on before it reads anything else.
    category_id: int = 0
    capacity: int | None = None
    quantity: int | None = None
    buffer_minutes: int = 0  # for the matching engine to read the offers' states with them
    town: str = ""  # search_key of where it is: the place, the pick-up, or the organisation's town
    tags: frozenset[str] = frozenset()  # the stems of its tags
    meaning: str = ""  # its title and the start of its description, for sentence vectors
    length: float = 0.0
    # BM25's length normalisation, K1 * (1 - B + B * length / average length).
    norm: float = K1
    # The word to show for each stem, taken from the title first.
    shown: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One offer found for a text: its score, the words of the offer that matched, and the
    part of the score its words give (the rest comes from meaning)."""
    offer_id: int
    score: float
    matched: tuple[str, ...]
    words: float = 0.0


@dataclass(frozen=True)
class QueryTerm:
    """A stem to look for and how much it counts."""
    stem: str
    weight: float


class OfferIndex:
    """The weighted words of every published offer, and their BM25 ranking."""

    def __init__(self) -> None:
        self.documents: dict[int, Document] = {}
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        # Each word of the offers as typed, without accents, and its stem: what typos are
        # compared to (a typo can change a stem beyond recognition, not a word).
        self.vocabulary: dict[str, str] = {}
        self.average_length = 1.0
        self.typos: dict[str, list[str]] = {}
        # What others derive from this index and keep while it lives (sentence vectors).
        self.derived: dict = {}
        # The offers in one order, and their BM25 norms, for scoring all of them at once.
        self.order: list[int] = []
        self.position: dict[int, int] = {}
        self.norms = np.zeros(0)
        self.ids = np.zeros(0, dtype=np.int64)
        self.kinds = np.zeros(0, dtype=object)
        self.arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def add(self, offer_id: int, member_id: int, kind: OfferKind,
            fields: dict[str, str], **facts) -> None:
        """Index one offer from the text of its fields (see FIELD_WEIGHTS); `facts` are
        the Document's other fields."""
        document = Document(member_id, kind, **facts)
        for name, text in fields.items():
            weight = FIELD_WEIGHTS[name]
            for term in analyse(text):
                postings = self.postings[term.stem]
                postings[offer_id] = postings.get(offer_id, 0.0) + weight
                document.length += weight
                self.vocabulary.setdefault(term.key, term.stem)
                if name != "kind":
                    document.shown.setdefault(term.stem, term.word)
        self.documents[offer_id] = document

    def finish(self) -> None:
        """Weigh the offers' lengths once every offer is in."""
        if self.documents:
            self.average_length = max(1.0, sum(d.length for d in self.documents.values())
                                      / len(self.documents))
        for document in self.documents.values():
            document.norm = K1 * (1 - B + B * document.length / self.average_length)
        self.order = list(self.documents)
        self.position = {offer_id: i for i, offer_id in enumerate(self.order)}
        self.norms = np.array([self.documents[i].norm for i in self.order], dtype=np.float64)
        self.ids = np.array(self.order, dtype=np.int64)
        self.kinds = np.array([self.documents[i].kind for i in self.order], dtype=object)

    def rare_word_idf(self) -> float:
        """What a word found in one offer only is worth: the unit semantic weights are
        given in, so that meaning weighs the same beside words in a small pole as in a
        large one."""
        return math.log(1 + (len(self.documents) - 0.5) / 1.5)

    def idf(self, stem: str) -> float:
        """How telling a stem is: rare ones more (BM25's, never negative)."""
        found = len(self.postings.get(stem, ()))
        return math.log(1 + (len(self.documents) - found + 0.5) / (found + 0.5))

    def close_stems(self, key: str) -> list[str]:
        """The stems of the offers' words one typo away (two for long words) from this
        accent-free word; remembered, as the same words come back in search after search."""
        if len(key) < TYPO_MIN_LETTERS:
            return []
        if key not in self.typos:
            if len(self.typos) >= MAX_TYPOS_KEPT:
                self.typos.clear()
            self.typos[key] = self.find_close_stems(key)
        return self.typos[key]

    def find_close_stems(self, key: str) -> list[str]:
        most = 2 if len(key) >= TYPO_TWO_LETTERS else 1
        # Two words that differ only by their last letter are two forms of a word that the
        # stemmer keeps apart on purpose (« personnes », « personnel »), not a typo.
        return [self.vocabulary[found] for found, _score, _index in process.extract(
            key, self.vocabulary.keys(), scorer=OSA.distance, score_cutoff=most,
            limit=5) if len(os.path.commonprefix([key, found])) < min(len(key), len(found)) - 1]

    def query_terms(self, text: str, synonyms: Synonyms = no_synonyms) -> list[QueryTerm]:
        """The stems a text asks for: its own words, forgiven typos, and their synonyms."""
        asked: list[QueryTerm] = []
        seen: set[str] = set()

        def ask(stem: str, weight: float) -> None:
            if stem not in seen:
                seen.add(stem)
                asked.append(QueryTerm(stem, weight))

        own = analyse(text)
        for term in own:
            ask(term.stem, 1.0)
        stems = [term.stem for term in own]
        for term in own:
            if term.stem not in self.postings:
                for close in self.close_stems(term.key):
                    ask(close, TYPO_WEIGHT)
                    stems.append(close)
        for stem in synonyms(stems):
            ask(stem, RELATED_WEIGHT)
        return asked

    def postings_array(self, stem: str) -> tuple[np.ndarray, np.ndarray]:
        """The positions (in `order`) of the offers that have the stem, and its weighted
        frequency in each; kept, as the same stems come back."""
        if stem not in self.arrays:
            postings = self.postings.get(stem, {})
            self.arrays[stem] = (
                np.fromiter((self.position[i] for i in postings), np.intp, len(postings)),
                np.fromiter(postings.values(), np.float64, len(postings)))
        return self.arrays[stem]

    def word_scores(self, asked: list[QueryTerm]) -> tuple[np.ndarray, np.ndarray]:
        """BM25 of every offer (in `order`) for these stems, summed in the same order as
        `rank` does, and which offers share at least one of them."""
        scores = np.zeros(len(self.order))
        present = np.zeros(len(self.order), dtype=bool)
        for term in asked:
            positions, frequencies = self.postings_array(term.stem)
            if not len(positions):
                continue
            idf = self.idf(term.stem) * term.weight
            scores[positions] += idf * frequencies * (K1 + 1) / (
                frequencies + self.norms[positions])
            present[positions] = True
        return scores, present

    def matched_words(self, offer_id: int, asked: list[QueryTerm]) -> tuple[str, ...]:
        """The offer's words that matched these stems, the most telling first, as `rank`
        gives them."""
        document = self.documents[offer_id]
        matched: dict[str, float] = {}
        for term in asked:
            frequency = self.postings.get(term.stem, {}).get(offer_id)
            if frequency is None:
                continue
            idf = self.idf(term.stem) * term.weight
            gain = idf * frequency * (K1 + 1) / (frequency + document.norm)
            if word := document.shown.get(term.stem):
                matched[word] = matched.get(word, 0.0) + gain
        return tuple(sorted(matched, key=matched.__getitem__, reverse=True))

    def rank(self, text: str, kind: OfferKind | None = None,
             synonyms: Synonyms = no_synonyms,
             similarity: Callable[[str, Iterable[int]], dict[int, float]] | None = None,
             similarity_weight: float = 0.0) -> list[Hit]:
        """The offers that share meaningful words with the text, best first.

        `similarity` is where a semantic score (vectors of the text and the offers, in
        [0, 1]) joins the ranking: it is given the text and every offer of the kind, so
        that a paraphrase sharing no word is found too, and its scores, times
        `similarity_weight`, are added to the words'.
        """
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, dict[str, float]] = defaultdict(dict)
        for asked in self.query_terms(text, synonyms):
            postings = self.postings.get(asked.stem)
            if not postings:
                continue
            idf = self.idf(asked.stem) * asked.weight
            for offer_id, frequency in postings.items():
                document = self.documents[offer_id]
                if kind is not None and document.kind != kind:
                    continue
                gain = idf * frequency * (K1 + 1) / (frequency + document.norm)
                scores[offer_id] += gain
                if word := document.shown.get(asked.stem):
                    matched[offer_id][word] = matched[offer_id].get(word, 0.0) + gain
        words = dict(scores)
        if similarity is not None and similarity_weight:
            candidates = [offer_id for offer_id, document in self.documents.items()
                          if kind is None or document.kind == kind]
            for offer_id, value in similarity(text, candidates).items():
                if value > 0:
                    scores[offer_id] += similarity_weight * value
        return sorted((Hit(offer_id, score, tuple(sorted(
                           matched[offer_id], key=matched[offer_id].__getitem__, reverse=True)),
                           words.get(offer_id, 0.0))
                       for offer_id, score in scores.items()),
                      key=lambda hit: (-hit.score, -hit.offer_id))


def _build() -> OfferIndex:
    """A new index of the published offers."""
    index = OfferIndex()
    tags: dict[int, list[str]] = defaultdict(list)
    for offer_id, tag in db.session.execute(
            sa.select(offer_tags.c.offer_id, offer_tags.c.tag)
            .join(Offer, Offer.id == offer_tags.c.offer_id)
            .where(Offer.status == OfferStatus.PUBLISHED)):
        tags[offer_id].append(tag)
    rows = db.session.execute(
        sa.select(Offer.id, Offer.member_id, Offer.kind, Offer.title, Offer.description,
                  Category.name, Member.name, Offer.category_id, Offer.capacity,
                  Offer.quantity, Offer.location, Offer.pickup_place, Member.city,
                  Offer.buffer_minutes)
        .join(Category, Category.id == Offer.category_id)
        .join(Member, Member.id == Offer.member_id)
        .where(Offer.status == OfferStatus.PUBLISHED))
    for (offer_id, member_id, kind, title, description, category, member, category_id,
         capacity, quantity, location, pickup_place, city, buffer_minutes) in rows:
        kind = OfferKind(kind)
        place = " ".join(dict.fromkeys(p for p in (location, pickup_place, city) if p))
        index.add(offer_id, member_id, kind, {
            "title": title, "description": description or "", "tags": " ".join(tags[offer_id]),
            "category": category, "member": member, "place": place,
            "kind": " ".join(KIND_WORDS[kind]),
        }, category_id=category_id, capacity=capacity, quantity=quantity,
            buffer_minutes=buffer_minutes or 0, town=search_key(place),
            tags=frozenset(terms(" ".join(tags[offer_id]))),
            meaning=f"{title}. {(description or '')[:DESCRIBED]}".strip())
    index.finish()
    return index


def offer_index() -> OfferIndex:
    """The index of the published offers as they are now, checked once per request."""
    return kept("offer_index", _build)


@dataclass(frozen=True)
class Ranking:
    """The published offers found for a text, best first; the words that matched are
    found for those shown only."""

    ids: list[int]
    index: OfferIndex
    asked: list[QueryTerm]

    def matched(self, offer_id: int) -> tuple[str, ...]:
        return self.index.matched_words(offer_id, self.asked)


def rank_offers(text: str, kind: OfferKind | None = None) -> Ranking:
    """The published offers that share meaningful words with the text, in `rank`'s order,
    every offer scored at once."""
    index = offer_index()
    asked = index.query_terms(text, related)
    scores, found = index.word_scores(asked)
    if kind is not None:
        found &= index.kinds == kind
    rows = np.flatnonzero(found)
    order = np.lexsort((-index.ids[rows], -scores[rows]))
    return Ranking(index.ids[rows][order].tolist(), index, asked)
