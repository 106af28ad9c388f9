"""A booking's history writes the booking again only when a step changes what the booking
keeps (its longest wait for a decision, its latest cancellation): a booking confirmed at
once is inserted with its wait already, and is no longer written twice
(pooling.review.totals).

Revision ID: 0019_history_writes_once
Revises: 0018_booking_changes
Create Date: 2026-12-08
"""
from alembic import op

from pooling.review import totals

revision = "0019_history_writes_once"
down_revision = "0018_booking_changes"
branch_labels = None
depends_on = None

# The triggers as they were: each step that decides or cancels wrote the booking.
PREVIOUS = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION review_booking_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.from_status = 'requested' AND NEW.to_status <> 'requested' THEN
    UPDATE bookings SET decided_after = GREATEST(decided_after,
      CAST(EXTRACT(EPOCH FROM (NEW.at - created_at)) AS INTEGER)) WHERE id = NEW.booking_id;
  END IF;
  IF NEW.to_status = 'cancelled' THEN
    UPDATE bookings SET cancelled_at = GREATEST(cancelled_at, NEW.at)
    WHERE id = NEW.booking_id;
  END IF;
  RETURN NULL;
END $$"""],
    "sqlite": [
        "DROP TRIGGER IF EXISTS review_history_decided",
        """CREATE TRIGGER review_history_decided AFTER INSERT ON booking_events
WHEN NEW.from_status = 'requested' AND NEW.to_status <> 'requested' BEGIN
UPDATE bookings SET decided_after = max(coalesce(decided_after, -2147483648),
  unixepoch(NEW.at) - unixepoch(created_at)) WHERE id = NEW.booking_id;
END"""],
}


def upgrade():
    totals.install_history(op.get_bind())


def downgrade():
    bind = op.get_bind()
    for statement in PREVIOUS[bind.dialect.name]:
        bind.exec_driver_sql(statement)
