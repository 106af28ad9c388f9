"""Sign-in failures made from a trusted browser (one holding a device cookie) count against
that browser only: the failure records which one, by the digest of its cookie's nonce.

Revision ID: 0010_sign_in_devices
Revises: 0009_optional_capacity
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_sign_in_devices"
down_revision = "0009_optional_capacity"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_login_failures_device"), ["device"], unique=False)


def downgrade():
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failures_device"))
        batch_op.drop_column("device")
