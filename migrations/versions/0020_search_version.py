"""The search's version, one row moved by triggers at every committed change to the offers,
their tags, the organisations, the categories and the thesaurus (pooling.search.versions):
a request that searches reads it to know whether its process's offer index and thesaurus
still hold, where it summed every published offer.

Revision ID: 0020_search_version
Revises: 0019_history_writes_once
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

from pooling.search import versions

revision = "0020_search_version"
down_revision = "0019_history_writes_once"
branch_labels = None
depends_on = None

# The tables watched when this revision was written.
TABLES = ("offers", "offer_tags", "members", "categories", "thesaurus_entries")


def upgrade():
    table = op.create_table(
        "search_versions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_versions")))
    op.bulk_insert(table, [{"id": versions.ROW, "version": versions.fresh_version()}])
    versions.install(op.get_bind(), TABLES)


def downgrade():
    versions.remove(op.get_bind(), TABLES)
    op.drop_table("search_versions")
