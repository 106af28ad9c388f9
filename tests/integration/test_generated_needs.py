"""The benchmark pole's generated needs: open, of every kind, posted through the needs'
services with a window of one to three weeks (or none), a length and an amount."""

import random
from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from pooling.catalogue.models import OfferKind
from pooling.demo import needs as demo_needs
from pooling.extensions import db
from pooling.needs.models import Need, NeedState
from pooling.pole.clock import pole_today


def test_generated_needs_are_open_and_varied(pole):
    assert demo_needs.generate_large(random.Random(2017), 90, echo=lambda _line: None) == 90
    posted = db.session.scalars(sa.select(Need)).all()
    assert len(posted) == 90
    assert {n.state(pole_today()) for n in posted} == {NeedState.OPEN}
    assert set(Counter(n.kind for n in posted)) == set(OfferKind)
    assert len({n.text for n in posted}) > 30
    assert {n.member_id for n in posted} == {pole.cell_org.id, pole.org_a.id, pole.org_b.id}
    windows = [n for n in posted if n.window_from]
    assert 0 < len(windows) < len(posted)  # some are flexible
    for need in windows:
        assert timedelta(days=7) <= need.window_to - need.window_from <= timedelta(days=22)
        assert need.open_until >= pole_today()
    for need in posted:
        assert need.kind != OfferKind.PREMISES or need.capacity
        assert need.kind != OfferKind.TOOL or need.quantity
        assert need.kind == OfferKind.TOOL or need.duration_minutes
        assert "{" not in need.text
