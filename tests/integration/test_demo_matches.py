"""The demo pole shows what matching does: its open needs have suggestions free in their
window, and a fulfilled need lists the booking made from its matches."""

import pytest
import sqlalchemy as sa

from pooling.bookings.models import Booking
from pooling.extensions import db
from pooling.matching.engine import suggestions
from pooling.needs.models import Need, NeedStatus
from pooling.needs.services import need_request


@pytest.mark.demo
def test_the_demo_needs_have_matches_and_one_fulfilled_need_its_booking(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    needs = db.session.scalars(sa.select(Need).order_by(Need.id)).all()
    for need in needs:
        if need.status != NeedStatus.OPEN:
            continue
        found = suggestions(need_request(need.id))
        assert found, need.text
        if need.window_from:
            free = found[0].first_free
            assert need.window_from <= free.start and free.end <= need.window_to, need.text
    linked = db.session.execute(sa.select(Need.status, Booking.member_id, Need.member_id)
                                .join(Booking, Booking.need_id == Need.id)).all()
    assert any(status == NeedStatus.FULFILLED and booked_for == posted_by
               for status, booked_for, posted_by in linked)
