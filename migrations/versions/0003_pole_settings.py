"""The pole's settings: its name and its unit of account, chosen by the animation cell.

Revision ID: 0003_pole_settings
Revises: 0002_catalogue
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

import pooling.db

revision = "0003_pole_settings"
down_revision = "0002_catalogue"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pole_settings",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("unit_name", sa.String(length=40), nullable=False),
        sa.Column("updated_at", pooling.db.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_pole_settings_single_row")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_pole_settings_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pole_settings")),
    )


def downgrade():
    op.drop_table("pole_settings")
