"""A person's personal data can be erased: `users.erased_at`, and the audit log's guard lets
the erasure replace the copies of their name and e-mail (pooling.audit.guards).

Revision ID: 0015_portability
Revises: 0014_review_state
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from pooling.audit import guards
from pooling.db import UTCDateTime

revision = "0015_portability"
down_revision = "0014_review_state"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    guards.remove(bind)
    op.add_column("users", sa.Column("erased_at", UTCDateTime(timezone=True), nullable=True))
    guards.install(bind)


def downgrade():
    bind = op.get_bind()
    guards.remove(bind)
    # Not in batch: rebuilding `users` on SQLite would break the keys that point at it;
    # SQLite (3.35 and later) drops a plain column in place.
    op.drop_column("users", "erased_at")
    guards.install(bind, erasure=False)
