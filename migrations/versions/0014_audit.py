"""The audit log: one row per administrative action or booking decision, append-only,
guarded by the database as the ledger is (pooling.audit.guards).

Revision ID: 0014_audit
Revises: 0013_alerts
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import pooling.db
from pooling.audit import guards

revision = "0014_audit"
down_revision = "0013_alerts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", pooling.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("actor_email", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("object_label", sa.String(length=300), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("before_values", sa.Text(), nullable=True),
        sa.Column("after_values", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"],
                                name=op.f("fk_audit_events_actor_id_users")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"],
                                name=op.f("fk_audit_events_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_member_id"), ["member_id"],
                              unique=False)
        batch_op.create_index("ix_audit_events_object", ["object_type", "object_id"],
                              unique=False)
    # The guard as it was then; 0015_portability allows the erasure of a person.
    guards.install(op.get_bind(), erasure=False)


def downgrade():
    guards.remove(op.get_bind())
    op.drop_table("audit_events")
