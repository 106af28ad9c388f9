"""Sentence vectors kept in the database: every process and every host reads an offer's
vector there rather than encoding its text again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pooling.db import Base


class SentenceVector(Base):
    """The vector of one text, by the SHA-256 of the encoder's name and the text. A text
    that changes gets a new row; rows are never updated."""

    __tablename__ = "sentence_vectors"

    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # float32, little-endian, one per dimension.
    vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
