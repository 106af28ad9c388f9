"""The weight of cooperation in matching needs, set by the animation cell.

Revision ID: 0013_matching_weights
Revises: 0012_thesaurus
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_matching_weights"
down_revision = "0012_thesaurus"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pole_settings") as batch:
        batch.add_column(sa.Column("new_partner_weight", sa.Integer(), nullable=False,
                                   server_default="10"))
        batch.add_column(sa.Column("balance_weight", sa.Integer(), nullable=False,
                                   server_default="10"))
        batch.create_check_constraint(op.f("ck_pole_settings_new_partner_weight_range"),
                                      "new_partner_weight BETWEEN 0 AND 100")
        batch.create_check_constraint(op.f("ck_pole_settings_balance_weight_range"),
                                      "balance_weight BETWEEN 0 AND 100")


def downgrade() -> None:
    with op.batch_alter_table("pole_settings") as batch:
        batch.drop_constraint(op.f("ck_pole_settings_balance_weight_range"), type_="check")
        batch.drop_constraint(op.f("ck_pole_settings_new_partner_weight_range"), type_="check")
        batch.drop_column("balance_weight")
        batch.drop_column("new_partner_weight")
