"""The pole's thesaurus of abbreviations and synonyms, seeded with the sector's usual words.

Revision ID: 0012_thesaurus
Revises: 0011_needs
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

import pooling.db
from pooling.matching.seed import SEED
from pooling.matching.thesaurus import entry_key

revision = "0012_thesaurus"
down_revision = "0011_needs"
branch_labels = None
depends_on = None


def upgrade():
    entries = op.create_table(
        "thesaurus_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("equivalent", sa.String(length=200), nullable=False),
        sa.Column("term_key", sa.String(length=100), nullable=False),
        sa.Column("equivalent_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", pooling.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(term) > 0 AND length(equivalent) > 0",
                           name=op.f("ck_thesaurus_entries_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thesaurus_entries")),
        sa.UniqueConstraint("term_key", "equivalent_key",
                            name=op.f("uq_thesaurus_entries_term_key_equivalent_key")),
    )
    now = pooling.db.utcnow()
    op.bulk_insert(entries, [
        {"term": term, "equivalent": equivalent, "term_key": entry_key(term),
         "equivalent_key": entry_key(equivalent), "created_at": now}
        for term, equivalent in SEED])


def downgrade():
    op.drop_table("thesaurus_entries")
