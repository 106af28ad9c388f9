"""Offers' sentence vectors are kept in the database: a new process (or another host) reads
them there rather than encoding every offer's text again, and a changed text is encoded."""

from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa

from pooling.extensions import db
from pooling.matching import similarity
from pooling.matching.models import SentenceVector


class CountingEncoder:
    """Stands for the model: a vector per text, and the texts it was asked to encode."""

    def __init__(self):
        self.asked: list[str] = []

    def encode(self, texts):
        self.asked.extend(texts)
        return [np.full(512, len(text) / 100, np.float32) for text in texts]


@pytest.fixture
def encoder(app, monkeypatch):
    counting = CountingEncoder()
    monkeypatch.setattr(similarity, "model", lambda: counting)
    # A process of its own: nothing remembered yet.
    monkeypatch.setattr(similarity, "_vectors", {})
    return counting


def new_process(monkeypatch) -> None:
    monkeypatch.setattr(similarity, "_vectors", {})


def test_a_kept_vector_is_read_back_by_another_process(app, encoder, monkeypatch):
    texts = ["Salle de réunion. Douze places.", "Camion à hayon. Permis B."]
    with app.app_context():
        first = similarity.encode(texts, keep=True)
        assert encoder.asked == texts
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SentenceVector)) == 2
        new_process(monkeypatch)
        again = similarity.encode(texts, keep=True)
    assert encoder.asked == texts  # nothing encoded the second time
    assert np.array_equal(first, again)


def test_a_changed_text_is_encoded_and_kept_beside_the_old_one(app, encoder, monkeypatch):
    with app.app_context():
        similarity.encode(["Salle de réunion."], keep=True)
        new_process(monkeypatch)
        similarity.encode(["Salle de réunion, vidéoprojecteur."], keep=True)
        assert encoder.asked == ["Salle de réunion.", "Salle de réunion, vidéoprojecteur."]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SentenceVector)) == 2


def test_a_needs_text_is_not_kept(app, encoder):
    with app.app_context():
        similarity.encode(["Nous cherchons une salle pour une formation."])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SentenceVector)) == 0
