"""Photos of offers may be kept in the database (PHOTO_STORE=database), so that several
hosts serving the pole behind a load balancer all see them.

Revision ID: 0015_photo_store
Revises: 0015_portability
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_photo_store"
down_revision = "0015_portability"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("offer_photos", sa.Column("content", sa.LargeBinary(), nullable=True))


def downgrade():
    # Not in batch: SQLite (3.35 and later) drops a plain column in place.
    op.drop_column("offer_photos", "content")
