"""The pole's thesaurus: words its members use for the same thing."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pooling.db import Base, UTCDateTime, utcnow


class ThesaurusEntry(Base):
    """Two ways of saying one thing: a search for either finds what the other names."""

    __tablename__ = "thesaurus_entries"
    __table_args__ = (
        sa.UniqueConstraint("term_key", "equivalent_key"),
        sa.CheckConstraint("length(term) > 0 AND length(equivalent) > 0", name="not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(sa.String(100))
    equivalent: Mapped[str] = mapped_column(sa.String(200))
    # The analysed words of each side, so that « Compta » and « compta » are one entry.
    term_key: Mapped[str] = mapped_column(sa.String(100))
    equivalent_key: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchVersion(Base):
    """One row: a number that moves with every committed change to what searching reads
    (the offers, their tags, the organisations, the categories, the thesaurus), kept by
    database triggers (pooling.search.versions). Each process compares it with the number
    its index was built at, one row read, where it summed thousands of offers."""

    __tablename__ = "search_versions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)
