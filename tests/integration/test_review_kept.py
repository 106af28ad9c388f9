"""The review's figures kept in the database for every process (pooling.review.kept): a
figure one process summed is read by another as long as the data are as they were; a change
of the data, of the code, or a wrong signature has it summed again. On the small pole of
tests/cooperation_pole.py."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger.models import Cooperation, ExchangeUnit
from pooling.ledger.statements import Period
from pooling.review import balance, cooperation, kept, members, network, usage
from pooling.review.cli import review_cli
from pooling.review.models import KeptFigure
from tests import cooperation_pole
from tests.conftest import is_postgres

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
DASHBOARD = "/review/?from=2026-01-01&to=2026-12-31"
NETWORK = "/review/network?from=2026-01-01&to=2026-12-31&part=1"
on_postgres = pytest.mark.skipif(not is_postgres(), reason="figures are shared on PostgreSQL")


@pytest.fixture
def small_pole(pole, make_member):
    return cooperation_pole.small_pole(pole, make_member)


@pytest.fixture(autouse=True)
def year_settled(monkeypatch):
    """2026 has ended in the pole: its figures are shared."""
    monkeypatch.setattr(kept, "pole_today", lambda: date(2027, 3, 1))


def another_process(app) -> None:
    """Forget what this process summed, as a worker that has summed nothing yet."""
    app.extensions["review_remembered"].clear()
    db.session.remove()


def never_summed(monkeypatch, *modules) -> None:
    def refuse(*_args, **_kwargs):
        pytest.fail("summed again")

    for module in modules:
        monkeypatch.setattr(module, "compute", refuse)


def kept_names() -> list[str]:
    return sorted(db.session.scalars(sa.select(KeptFigure.name)))


@on_postgres
def test_a_figure_summed_by_one_process_is_read_by_another(app, small_pole, monkeypatch):
    summed = (cooperation.figures(YEAR), balance.figures(YEAR), usage.figures(YEAR),
              members.figures(YEAR), network.network(YEAR))
    assert {"balance", "cooperation", "members", "network", "usage"} <= set(kept_names())
    another_process(app)
    never_summed(monkeypatch, cooperation, balance, usage, members)
    monkeypatch.setattr(network, "build", lambda *_a: pytest.fail("network built again"))
    assert (cooperation.figures(YEAR), balance.figures(YEAR), usage.figures(YEAR),
            members.figures(YEAR), network.network(YEAR)) == summed


@on_postgres
def test_a_new_exchange_is_counted_by_a_process_that_reads_kept_figures(app, pole, small_pole):
    assert cooperation.figures(YEAR).pairs == 4
    # Another process adds an exchange: the pair I–F is new.
    cooperation_pole.exchange(pole.cell, small_pole.i, small_pole.f, OfferKind.SKILL, "1",
                              ExchangeUnit.HOUR, date(2026, 10, 1), Cooperation.STRATEGIC)
    another_process(app)
    assert cooperation.figures(YEAR).pairs == 5
    assert balance.figures(YEAR).exchanges == 7


@on_postgres
def test_the_page_drawn_from_kept_figures_is_the_page_summed_afresh(app, client, login_as,
                                                                    pole, small_pole,
                                                                    monkeypatch):
    def page() -> str:  # each answer has a nonce and a form token of its own
        text = client.get(DASHBOARD).get_data(as_text=True) + client.get(NETWORK).get_data(
            as_text=True)
        return re.sub(r'(nonce|name="csrf_token"[^>]*value)="[^"]+"', "", text)

    login_as(pole.cell)
    afresh = page()
    another_process(app)
    never_summed(monkeypatch, cooperation, balance, usage, members)
    monkeypatch.setattr(network, "build", lambda *_a: pytest.fail("network built again"))
    assert page() == afresh


@on_postgres
def test_a_kept_figure_with_a_wrong_signature_is_summed_again(app, small_pole, caplog):
    right = cooperation.figures(YEAR)
    # Whoever could write to the table without the secret key cannot have a value loaded.
    db.session.execute(sa.update(KeptFigure).where(KeptFigure.name == "cooperation")
                       .values(value=b"cos\nsystem\n(S'echo owned'\ntR."))
    db.session.commit()
    another_process(app)
    assert cooperation.figures(YEAR) == right
    assert "wrong signature" in caplog.text


@on_postgres
def test_figures_kept_by_another_version_of_the_code_are_summed_again(app, small_pole,
                                                                      monkeypatch):
    cooperation.figures(YEAR)
    another_process(app)
    monkeypatch.setattr(kept, "code_digest", lambda: b"another version")
    calls = []
    summed = cooperation.compute
    monkeypatch.setattr(cooperation, "compute", lambda *a: calls.append(1) or summed(*a))
    cooperation.figures(YEAR)
    assert calls == [1]


@on_postgres
def test_rebuilding_the_totals_forgets_the_kept_figures(app, small_pole):
    cooperation.figures(YEAR)
    assert kept_names()
    result = app.test_cli_runner().invoke(review_cli, ["rebuild"])
    assert result.exit_code == 0, result.output
    assert kept_names() == []


@on_postgres
def test_the_figures_of_the_current_month_stay_each_processs_own(app, small_pole,
                                                                 monkeypatch):
    """They move with every booking or exchange: nobody would read them as kept."""
    monkeypatch.setattr(kept, "pole_today", lambda: date(2026, 12, 7))
    cooperation.figures(YEAR), balance.figures(YEAR), network.network(YEAR)
    assert kept.settled(Period(date(2025, 1, 1), date(2026, 11, 30)))
    assert kept_names() == []


def test_on_sqlite_each_process_keeps_its_own_figures(app, small_pole):
    if is_postgres():
        pytest.skip("SQLite's behaviour")
    cooperation.figures(YEAR)
    network.network(YEAR)
    assert kept_names() == []


@on_postgres
def test_a_served_figure_is_kept_by_the_processs_writer_thread(app, small_pole, monkeypatch):
    monkeypatch.setitem(app.config, "REVIEW_KEEP_IN_BACKGROUND", True)
    summed = cooperation.figures(YEAR)
    kept.wait_for_writes()
    another_process(app)
    never_summed(monkeypatch, cooperation)
    assert cooperation.figures(YEAR) == summed


def test_an_exchange_of_this_year_leaves_the_members_of_the_year_before_as_counted(
        app, pole, small_pole, monkeypatch):
    before = Period(date(2025, 1, 1), date(2025, 12, 31))
    counted_before, counted = members.figures(before), members.figures(YEAR)
    summed = members.compute
    calls = []
    monkeypatch.setattr(members, "compute", lambda period: calls.append(period) or summed(period))
    # I, who did nothing in 2026, gives F an hour: I now pools something in 2026.
    cooperation_pole.exchange(pole.cell, small_pole.i, small_pole.f, OfferKind.SKILL, "1",
                              ExchangeUnit.HOUR, date(2026, 10, 1), Cooperation.STRATEGIC)
    assert members.figures(before) == counted_before
    assert members.figures(YEAR).pooling == counted.pooling + 1
    assert calls == [YEAR]
