"""Random sequences of declarations, confirmations, rejections, reversals and period closes
keep every invariant of the ledger, and every member's statement says what happened."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from pooling.catalogue.models import OfferKind
from pooling.errors import Conflict
from pooling.extensions import db
from pooling.ledger import checks, services, statements
from pooling.ledger.models import Exchange, ExchangeStatus, ExchangeUnit
from pooling.ledger.services import Declaration

TODAY = date(2026, 11, 20)
EVER = statements.Period(date(2000, 1, 1), date(2030, 12, 31))


def test_random_sequences_keep_every_invariant(app, pole):
    members = [pole.org_a, pole.org_b, pole.cell_org]
    people = {pole.org_a.id: pole.a_admin, pole.org_b.id: pole.b_admin,
              pole.cell_org.id: pole.cell}

    def balance(member) -> Decimal:
        return statements.statement(member, EVER, detailed=False).closing_balance

    class Ledger(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            db.session.rollback()
            # The database keeps what earlier examples wrote: expect changes from here.
            self.expected = {m.id: balance(m) for m in members}
            self.pending: list[int] = []
            self.posted: list[int] = []

        def _other(self, exchange: Exchange, member_id: int) -> int:
            return (exchange.beneficiary_id if member_id == exchange.provider_id
                    else exchange.provider_id)

        @rule(pair=st.permutations(range(3)).map(lambda p: p[:2]),
              quantity=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999"),
                                   places=2),
              days_ago=st.integers(min_value=0, max_value=400),
              unit=st.sampled_from(list(ExchangeUnit)), valued=st.booleans())
        def declare(self, pair, quantity, days_ago, unit, valued):
            provider, beneficiary = (members[i] for i in pair)
            exchange = services.declare(people[provider.id], Declaration(
                provider.id, beneficiary.id, OfferKind.TOOL, quantity, unit,
                TODAY - timedelta(days=days_ago), "Prêt", valued=valued), today=TODAY)
            self.pending.append(exchange.id)

        @precondition(lambda self: self.pending)
        @rule(data=st.data())
        def confirm(self, data):
            exchange_id = data.draw(st.sampled_from(self.pending))
            exchange = db.session.get(Exchange, exchange_id)
            decider = (pole.cell if exchange.declared_for_id is None
                       else people[self._other(exchange, exchange.declared_for_id)])
            services.confirm(decider, exchange_id)
            self.pending.remove(exchange_id)
            value = exchange.value or 0
            sign = -1 if exchange.is_reversal else 1
            self.expected[exchange.provider_id] += sign * value
            self.expected[exchange.beneficiary_id] -= sign * value
            if not exchange.is_reversal:
                self.posted.append(exchange_id)

        @precondition(lambda self: self.pending)
        @rule(data=st.data())
        def reject(self, data):
            exchange_id = data.draw(st.sampled_from(self.pending))
            services.reject(pole.cell, exchange_id, "Erreur")
            self.pending.remove(exchange_id)

        @precondition(lambda self: self.posted)
        @rule(data=st.data(), by_cell=st.booleans())
        def reverse(self, data, by_cell):
            exchange_id = data.draw(st.sampled_from(self.posted))
            exchange = db.session.get(Exchange, exchange_id)
            actor = pole.cell if by_cell else people[exchange.provider_id]
            try:
                reversal = services.reverse(actor, exchange_id, "Correction")
            except Conflict:
                return  # a party's reversal already waits for the other's agreement
            if reversal.status == ExchangeStatus.CONFIRMED:
                self.posted.remove(exchange_id)
                value = exchange.value or 0
                self.expected[exchange.provider_id] -= value
                self.expected[exchange.beneficiary_id] += value
                if reversal.id in self.pending:
                    self.pending.remove(reversal.id)
            else:
                self.pending.append(reversal.id)
                self.posted.remove(exchange_id)  # its reversal is now asked for

        @rule()
        def close_next_month(self):
            last = services.closed_through() or date(2025, 9, 30)
            start = last + timedelta(days=1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            if end < TODAY:
                services.close_period(pole.cell, start, end, today=TODAY)

        @invariant()
        def ledger_is_sound(self):
            assert checks.check() == []

        @invariant()
        def statements_say_what_happened(self):
            assert {m.id: balance(m) for m in members} == self.expected
            assert sum(self.expected.values()) == 0

    run_state_machine_as_test(Ledger, settings=settings(
        max_examples=6, stateful_step_count=20, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
