"""One analyser for offers, needs and queries: the same words on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from pooling.db import search_key
from pooling.search.stopwords import ASKING_WORDS, STOP_WORDS, TIME_WORDS

# Letters and digits; a hyphen, an apostrophe or a slash splits words
# (« Perceuse-visseuse », « l'atelier », « bois/métal »).
WORD = re.compile(r"[^\W_]+")
# The words a person means on their own: a longer run of letters is not a word, and
# a text past this many words says nothing more to a ranking.
MAX_WORD = 40
MAX_WORDS = 5000
# The longest search a person types: a sentence saying what is needed.
MAX_QUERY = 500

_local = threading.local()


@dataclass(frozen=True)
class Term:
    """A word of a text: its stem, which is compared, and the word itself, which is shown."""
    stem: str
    word: str
    # The word without accents, in lower case: what typos are measured on.
    key: str


def _stemmer():
    """The French stemmer of this thread (a stemmer keeps state while it works)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer


@lru_cache(maxsize=1)
def asking_stems() -> frozenset[str]:
    """The stems of the words that say how a need is asked (see ASKING_WORDS)."""
    stemmer = snowballstemmer.stemmer("french")
    return frozenset(stemmer.stemWord(search_key(word)) for word in ASKING_WORDS)


@lru_cache(maxsize=1)
def time_stems() -> frozenset[str]:
    """The stems of the words that say when (see TIME_WORDS)."""
    stemmer = snowballstemmer.stemmer("french")
    return frozenset(stemmer.stemWord(search_key(word)) for word in TIME_WORDS)


def without_time(text: str) -> str:
    """The text's meaningful words, less those that say when: what a need looks for."""
    return " ".join(t.word for t in analyse(text) if t.stem not in time_stems())


@lru_cache(maxsize=100_000)
def _read(word: str) -> tuple[str, str] | None:
    """The key and stem of one lower-case word, or None for a word that means nothing
    alone; cached, as the offers' texts use the same words over and over."""
    if len(word) > MAX_WORD or word.isdigit():
        return None
    key = search_key(word)
    if len(key) < 2 or key in STOP_WORDS:
        return None
    stem = _stemmer().stemWord(key)
    if stem in asking_stems():
        return None
    return key, stem


def analyse(text: str | None) -> list[Term]:
    """The meaningful words of a text with their stems, in their order."""
    found = []
    for match in WORD.finditer((text or "").casefold()):
        read = _read(match.group())
        if read is not None:
            found.append(Term(read[1], match.group(), read[0]))
            if len(found) >= MAX_WORDS:
                break
    return found


def terms(text: str | None) -> list[str]:
    """The stems a text is compared by: accents, case, plurals and stop words ignored."""
    return [term.stem for term in analyse(text)]
