"""A small pole for the review's cooperation and balance: its exchanges and the figures
they give are worked out by hand in tests/integration/test_review_cooperation.py."""

from datetime import date
from decimal import Decimal

from pooling.catalogue import services as catalogue
from pooling.catalogue.models import OfferKind, Unit
from pooling.ledger import services
from pooling.ledger.models import Cooperation, ExchangeStatus, ExchangeUnit
from pooling.ledger.services import Declaration

TODAY = date(2026, 11, 20)


def exchange(cell, provider, beneficiary, kind, quantity, unit, day, how):
    declared = services.declare(cell, Declaration(
        provider_id=provider.id, beneficiary_id=beneficiary.id, kind=kind,
        quantity=Decimal(quantity), unit=unit, occurred_on=day, description="échange",
        cooperation=how), today=TODAY)
    return services.confirm(cell, declared.id)


def small_pole(pole, make_member):
    """The pole's exchanges #1 to #8, posted by the cell (see the test module's table)."""
    for kind, unit, rate in ((OfferKind.SKILL, Unit.HOUR, "40"),
                             (OfferKind.PREMISES, Unit.HOUR, "12"),
                             (OfferKind.TOOL, Unit.DAY, "15")):
        catalogue.set_rate(pole.cell, kind, None, unit, Decimal(rate), date(2025, 1, 1))
    a, b, c = pole.org_a, pole.org_b, pole.cell_org
    d = make_member(name="Fournil d'Eybens")
    f = make_member(name="Jardins du Trièves")
    i = make_member(name="Recyclerie du Vercors")
    make_member(name="Arrivés en 2027", joined_on=date(2027, 1, 1))  # not yet a member
    skill, premises, tool = OfferKind.SKILL, OfferKind.PREMISES, OfferKind.TOOL
    hour, day = ExchangeUnit.HOUR, ExchangeUnit.DAY
    strategic, commercial = Cooperation.STRATEGIC, Cooperation.COMMERCIAL
    cell = pole.cell
    exchange(cell, a, b, skill, "2", hour, date(2025, 6, 10), strategic)
    exchange(cell, a, b, skill, "3", hour, date(2026, 3, 2), commercial)
    exchange(cell, b, a, tool, "2", day, date(2026, 4, 1), strategic)
    exchange(cell, f, d, skill, "1", hour, date(2026, 5, 5), strategic)
    exchange(cell, a, d, tool, "1", day, date(2026, 6, 1), commercial)
    cancelled = exchange(cell, c, b, skill, "5", hour, date(2026, 7, 1), strategic)
    services.reverse(cell, cancelled.id, "Saisi deux fois")
    exchange(cell, f, a, premises, "4", hour, date(2026, 8, 1), strategic)
    exchange(cell, b, a, skill, "1", hour, date(2026, 9, 15), strategic)
    assert services.get_exchange(cell, cancelled.id).status == ExchangeStatus.REVERSED

    class Small:
        pass

    Small.a, Small.b, Small.c, Small.d, Small.f, Small.i = a, b, c, d, f, i
    return Small
