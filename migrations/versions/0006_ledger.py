"""The ledger: declared exchanges and their reversals, append-only ledger entries, closed
periods with their balances, and whether members see each other's balances.

The exchanges recorded so far (completed bookings) are posted: each gets its two entries.
Triggers make the database refuse any update or deletion of entries, closes and closing
balances, and any entry booked inside a closed period (pooling.ledger.guards).

Revision ID: 0006_ledger
Revises: 0005_bookings
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

import pooling.db
from pooling.ledger import guards

revision = "0006_ledger"
down_revision = "0005_bookings"
branch_labels = None
depends_on = None

KINDS = ("skill", "premises", "tool")
UNITS = ("hour", "half-day", "day", "item")


def _enum(column: str, values: tuple[str, ...], name: str, **kw) -> sa.Column:
    return sa.Column(column, sa.Enum(*values, name=name, native_enum=False,
                                     create_constraint=True, length=max(map(len, values))),
                     nullable=False, **kw)


def _member(column: str, table: str, nullable: bool = False) -> list:
    return [sa.Column(column, sa.Integer(), nullable=nullable),
            sa.ForeignKeyConstraint([column], ["members.id"], ondelete="RESTRICT",
                                    name=op.f(f"fk_{table}_{column}_members"))]


def upgrade():
    with op.batch_alter_table("pole_settings") as batch:
        batch.add_column(sa.Column("balances_public", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))

    with op.batch_alter_table("exchanges") as batch:
        batch.drop_constraint(op.f("ck_exchanges_offer_unit"), type_="check")
        batch.create_check_constraint(op.f("ck_exchanges_exchange_unit"),
                                      "unit IN ('hour', 'half-day', 'day', 'item')")
        batch.add_column(_enum("cooperation", ("strategic", "commercial"), "cooperation",
                               server_default="strategic"))
        batch.add_column(_enum("status", ("pending", "confirmed", "rejected", "reversed"),
                               "exchange_status", server_default="confirmed"))
        batch.add_column(sa.Column("declared_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("declared_for_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("decided_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("decided_at", pooling.db.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("reason", sa.String(length=500), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("reverses_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_exchanges_declared_by_id_users"), "users",
                                 ["declared_by_id"], ["id"], ondelete="RESTRICT")
        batch.create_foreign_key(op.f("fk_exchanges_declared_for_id_members"), "members",
                                 ["declared_for_id"], ["id"], ondelete="RESTRICT")
        batch.create_foreign_key(op.f("fk_exchanges_decided_by_id_users"), "users",
                                 ["decided_by_id"], ["id"], ondelete="RESTRICT")
        batch.create_foreign_key(op.f("fk_exchanges_reverses_id_exchanges"), "exchanges",
                                 ["reverses_id"], ["id"], ondelete="RESTRICT")
        batch.create_check_constraint(op.f("ck_exchanges_value_not_negative"),
                                      "value IS NULL OR value >= 0")
        batch.create_check_constraint(op.f("ck_exchanges_not_self_reversal"),
                                      "reverses_id IS NULL OR reverses_id <> id")
    op.create_index("ix_exchanges_status_on", "exchanges", ["status", "occurred_on"])
    op.create_index("uq_exchanges_one_reversal", "exchanges", ["reverses_id"], unique=True,
                    sqlite_where=sa.text("status <> 'rejected'"),
                    postgresql_where=sa.text("status <> 'rejected'"))

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        *_member("member_id", "ledger_entries"),
        *_member("counterpart_id", "ledger_entries"),
        _enum("side", ("given", "received"), "ledger_side"),
        _enum("kind", KINDS, "offer_kind"),
        _enum("unit", UNITS, "exchange_unit"),
        sa.Column("quantity", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("created_at", pooling.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("member_id <> counterpart_id",
                           name=op.f("ck_ledger_entries_two_parties")),
        sa.CheckConstraint("quantity <> 0", name=op.f("ck_ledger_entries_quantity_not_zero")),
        sa.ForeignKeyConstraint(["exchange_id"], ["exchanges.id"], ondelete="RESTRICT",
                                name=op.f("fk_ledger_entries_exchange_id_exchanges")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint("exchange_id", "side",
                            name=op.f("uq_ledger_entries_exchange_id_side")),
    )
    op.create_index("ix_ledger_entries_member_on", "ledger_entries", ["member_id", "booked_on"],
                    postgresql_include=["side", "kind", "unit", "counterpart_id", "quantity",
                                        "value"])
    op.create_index("ix_ledger_entries_booked_on", "ledger_entries", ["booked_on"])

    op.create_table(
        "ledger_closes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=False),
        sa.Column("closed_at", pooling.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("starts_on <= ends_on",
                           name=op.f("ck_ledger_closes_starts_before_end")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"], ondelete="RESTRICT",
                                name=op.f("fk_ledger_closes_closed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_closes")),
        sa.UniqueConstraint("ends_on", name=op.f("uq_ledger_closes_ends_on")),
    )
    op.create_table(
        "closing_balances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("close_id", sa.Integer(), nullable=False),
        *_member("member_id", "closing_balances"),
        _enum("kind", KINDS, "offer_kind"),
        _enum("unit", UNITS, "exchange_unit"),
        sa.Column("given_quantity", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("received_quantity", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("given_value", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("received_value", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.ForeignKeyConstraint(["close_id"], ["ledger_closes.id"], ondelete="RESTRICT",
                                name=op.f("fk_closing_balances_close_id_ledger_closes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closing_balances")),
        sa.UniqueConstraint("close_id", "member_id", "kind", "unit",
                            name=op.f("uq_closing_balances_close_id_member_id_kind_unit")),
    )

    # The exchanges of bookings completed so far: each gets its two entries.
    for side, member, counterpart in (("given", "provider_id", "beneficiary_id"),
                                      ("received", "beneficiary_id", "provider_id")):
        op.execute(
            "INSERT INTO ledger_entries (exchange_id, member_id, counterpart_id, side, kind, unit,"
            " quantity, value, booked_on, created_at)"
            f" SELECT id, {member}, {counterpart}, '{side}', kind, unit, quantity, value,"
            " occurred_on, created_at FROM exchanges WHERE status = 'confirmed'")
    guards.install(op.get_bind())


def downgrade():
    guards.remove(op.get_bind())
    op.drop_table("closing_balances")
    op.drop_table("ledger_closes")
    op.drop_table("ledger_entries")
    op.drop_index("uq_exchanges_one_reversal", table_name="exchanges")
    op.drop_index("ix_exchanges_status_on", table_name="exchanges")
    op.execute("DELETE FROM exchanges WHERE booking_id IS NULL")
    with op.batch_alter_table("exchanges") as batch:
        for name in ("declared_by_id_users", "declared_for_id_members", "decided_by_id_users",
                     "reverses_id_exchanges"):
            batch.drop_constraint(op.f(f"fk_exchanges_{name}"), type_="foreignkey")
        batch.drop_constraint(op.f("ck_exchanges_value_not_negative"), type_="check")
        batch.drop_constraint(op.f("ck_exchanges_not_self_reversal"), type_="check")
        batch.drop_constraint(op.f("ck_exchanges_cooperation"), type_="check")
        batch.drop_constraint(op.f("ck_exchanges_exchange_status"), type_="check")
        for column in ("reverses_id", "reason", "decided_at", "decided_by_id",
                       "declared_for_id", "declared_by_id", "status", "cooperation"):
            batch.drop_column(column)
        batch.drop_constraint(op.f("ck_exchanges_exchange_unit"), type_="check")
        batch.create_check_constraint(op.f("ck_exchanges_offer_unit"),
                                      "unit IN ('hour', 'half-day', 'day')")
    with op.batch_alter_table("pole_settings") as batch:
        batch.drop_column("balances_public")
