"""Indexes for the catalogue's pages: newest first, by name, and "available during".

Revision ID: 0004_offer_search_indexes
Revises: 0003_pole_settings
Create Date: 2026-11-26
"""
from alembic import op

revision = "0004_offer_search_indexes"
down_revision = "0003_pole_settings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("offers") as batch:
        batch.drop_index("ix_offers_status_published_at")
        batch.create_index("ix_offers_status_published_at_id", ["status", "published_at", "id"])
        batch.create_index("ix_offers_status_title_key_id", ["status", "title_key", "id"])
    op.create_index("ix_opening_hours_weekday_offer", "opening_hours",
                    ["weekday", "offer_id", "opens_at", "closes_at"])


def downgrade():
    op.drop_index("ix_opening_hours_weekday_offer", table_name="opening_hours")
    with op.batch_alter_table("offers") as batch:
        batch.drop_index("ix_offers_status_title_key_id")
        batch.drop_index("ix_offers_status_published_at_id")
        batch.create_index("ix_offers_status_published_at", ["status", "published_at"])
