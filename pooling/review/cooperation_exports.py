"""CSV exports of the review's cooperation, network and balance sections, in the ledger's two
dialects (see pooling.ledger.exports); names come from people, so every cell is made safe."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from pooling import labels
from pooling.ledger.exports import Csv
from pooling.review.balance import BalanceFigures
from pooling.review.cooperation import CooperationFigures
from pooling.review.network import Network


def decimal(value: float | None, places: int = 4) -> Decimal | None:
    """A share or an average as a decimal the dialect writes (0.8333)."""
    return None if value is None else Decimal(str(round(value, places)))


def cooperation_csv(now: CooperationFigures, before: CooperationFigures,
                    dialect: str | None) -> bytes:
    """One row per figure, the period beside the one before; then the distribution."""
    out = Csv(dialect)
    out.row([_("Figure"), _("Detail"), _("Period"), _("Previous period")])

    def both(name: str, detail: str, pick) -> None:
        out.row([name, detail, out.number(pick(now)), out.number(pick(before))])

    both(_("Members"), "", lambda f: f.members)
    both(_("Partners per member"), _("average"), lambda f: decimal(f.partners_average, 2))
    both(_("Partners per member"), _("median"), lambda f: decimal(f.partners_median, 1))
    both(_("Members with more than 4 partners"), "", lambda f: f.above_survey)
    both(_("Members with more than 4 partners"), _("share"),
         lambda f: decimal(f.above_survey_share))
    both(_("Pairs of organisations that exchanged"), "", lambda f: f.pairs)
    both(_("New partnerships"), "", lambda f: f.new_partnerships)
    both(_("Exchanges"), "", lambda f: f.exchanges)
    for index, kind in enumerate(now.by_cooperation):
        name = str(labels.COOPERATIONS[kind.cooperation])
        both(name, _("exchanges"), lambda f, i=index: f.by_cooperation[i].exchanges)
        both(name, _("share of exchanges"),
             lambda f, i=index: decimal(f.by_cooperation[i].exchange_share))
        both(name, _("members"), lambda f, i=index: f.by_cooperation[i].members)
        both(name, _("share of members"),
             lambda f, i=index: decimal(f.by_cooperation[i].member_share))
    for index, bucket in enumerate(now.distribution):
        both(_("Members by number of partners"), bucket.label,
             lambda f, i=index: f.distribution[i].members)
    return out.data()


def balance_csv(figures: BalanceFigures, dialect: str | None) -> bytes:
    """One row per member and kind it exchanged, then its totals; then the concentration."""
    out = Csv(dialect)
    out.row([_("Organisation"), _("Kind"), _("Given (value)"), _("Received (value)"),
             _("Balance"), _("Exchanges given"), _("Exchanges received"), _("Only")])
    only_give = {f.member_id for f in figures.only_give}
    only_receive = {f.member_id for f in figures.only_receive}
    for f in figures.flows:
        for k in f.by_kind:
            out.row([f.name, labels.OFFER_KINDS[k.kind], out.number(k.given_value),
                     out.number(k.received_value), out.number(k.given_value - k.received_value),
                     k.given_count, k.received_count, ""])
        only = (_("gives") if f.member_id in only_give else
                _("receives") if f.member_id in only_receive else "")
        out.row([f.name, _("All kinds"), out.number(f.given_value),
                 out.number(f.received_value), out.number(f.balance), f.given_count,
                 f.received_count, only])
    c = figures.concentration
    out.row([])
    out.row([_("Most active members"), _("Members"), _("Share of exchanges"),
             _("Share of value")])
    out.row([c.top, c.members, out.number(decimal(c.exchange_share)),
             out.number(decimal(c.value_share))])
    return out.data()


def network_csv(net: Network, dialect: str | None) -> bytes:
    """The edge list: one row per pair of organisations that exchanged."""
    out = Csv(dialect)
    names = net.names
    out.row([_("Source"), _("Target"), _("Source id"), _("Target id"), _("Value"),
             _("Exchanges")])
    for e in net.edges:
        out.row([names[e.source], names[e.target], e.source, e.target, out.number(e.value),
                 e.exchanges])
    return out.data()
