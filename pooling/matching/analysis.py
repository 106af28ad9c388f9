"""One analyser for offers, needs and queries: the same words on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from pooling.db import search_key
from pooling.matching.stopwords import STOP_WORDS

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


def _stemmer():
    """The French stemmer of this thread (a stemmer keeps state while it works)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of one accent-free, lower-case word: « perceuses » and « perceuse » agree."""
    return _stemmer().stemWord(word)


def words(text: str | None) -> list[str]:
    """The words of a text as a person reads them, lower case, accents kept, stop words out."""
    found = []
    for match in WORD.finditer((text or "").casefold()):
        word = match.group()
        if len(word) > MAX_WORD or word.isdigit():
            continue
        key = search_key(word)
        if len(key) < 2 or key in STOP_WORDS:
            continue
        found.append(word)
        if len(found) >= MAX_WORDS:
            break
    return found


def analyse(text: str | None) -> list[Term]:
    """The meaningful words of a text with their stems, in their order."""
    return [Term(stem(search_key(word)), word) for word in words(text)]


def terms(text: str | None) -> list[str]:
    """The stems a text is compared by: accents, case, plurals and stop words ignored."""
    return [term.stem for term in analyse(text)]
