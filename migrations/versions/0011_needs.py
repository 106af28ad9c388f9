"""Needs: what a member organisation is looking for, with its kind, text, window, amounts,
town and the date until which it is open, and the tags it is found by.

Revision ID: 0011_needs
Revises: 0010_sign_in_devices
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

import pooling.db

revision = "0011_needs"
down_revision = "0010_sign_in_devices"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Enum("skill", "premises", "tool", name="offer_kind",
                                  native_enum=False, create_constraint=True), nullable=False),
        sa.Column("status", sa.Enum("open", "fulfilled", "withdrawn", name="need_status",
                                    native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("window_from", pooling.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("window_to", pooling.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("open_until", sa.Date(), nullable=False),
        sa.Column("created_at", pooling.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", pooling.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", pooling.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(text) > 0", name=op.f("ck_needs_text_not_empty")),
        sa.CheckConstraint("(window_from IS NULL) = (window_to IS NULL)",
                           name=op.f("ck_needs_window_whole_or_none")),
        sa.CheckConstraint("window_from IS NULL OR window_from < window_to",
                           name=op.f("ck_needs_window_ends_after_start")),
        sa.CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0",
                           name=op.f("ck_needs_duration_positive")),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0",
                           name=op.f("ck_needs_capacity_positive")),
        sa.CheckConstraint("quantity IS NULL OR quantity > 0",
                           name=op.f("ck_needs_quantity_positive")),
        sa.CheckConstraint("(status = 'open') = (closed_at IS NULL)",
                           name=op.f("ck_needs_closed_when_not_open")),
        sa.ForeignKeyConstraint(["category_id", "kind"], ["categories.id", "categories.kind"],
                                name="fk_needs_category_kind"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"],
                                name=op.f("fk_needs_member_id_members"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"],
                                name=op.f("fk_needs_author_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"],
                                name=op.f("fk_needs_closed_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
    )
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_needs_status_open_until", ["status", "open_until"],
                              unique=False)
    op.create_table(
        "need_tags",
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"],
                                name=op.f("fk_need_tags_need_id_needs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("need_id", "tag", name=op.f("pk_need_tags")),
    )


def downgrade():
    op.drop_table("need_tags")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_index("ix_needs_status_open_until")
        batch_op.drop_index(batch_op.f("ix_needs_member_id"))
    op.drop_table("needs")
