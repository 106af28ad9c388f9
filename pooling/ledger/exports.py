"""CSV exports of a statement and of the pole's exchanges.

Two dialects: plain UTF-8 with commas (spreadsheets, scripts), and the French Excel dialect
(semicolons, decimal commas, UTF-8 with a byte-order mark so that Excel reads the accents).
"""

from __future__ import annotations

from flask_babel import gettext as _

from pooling import labels
from pooling.csv_safe import EXCEL_FR, Csv  # noqa: F401 (their home is csv_safe now)
from pooling.ledger.models import Exchange
from pooling.ledger.statements import Statement


def statement_csv(statement: Statement, dialect: str | None) -> bytes:
    """One table, its first column naming the section: totals by side, kind and unit; the
    totals by counterpart organisation; the balances; then each entry of the period."""
    out = Csv(dialect)
    out.row([_("Section"), _("Date"), _("Exchange"), _("Side"), _("Counterpart"), _("Kind"),
             _("Quantity"), _("Unit"), _("Value"), _("Exchanges"), _("Cooperation"),
             _("Status"), _("Description")])
    for side, totals in ((labels.SIDES["given"], statement.given),
                         (labels.SIDES["received"], statement.received)):
        for t in totals:
            out.row([_("Total"), "", "", side, "", labels.OFFER_KINDS[t.kind],
                     out.number(t.quantity), labels.EXCHANGE_UNITS[t.unit],
                     out.number(t.value), t.count, "", "", ""])
    for c in statement.counterparts:
        out.row([_("Counterpart"), "", "", labels.SIDES["given"], c.name, "", "", "",
                 out.number(c.given_value), c.given_count, "", "", ""])
        out.row([_("Counterpart"), "", "", labels.SIDES["received"], c.name, "", "", "",
                 out.number(c.received_value), c.received_count, "", "", ""])
    start, end = statement.period.start.isoformat(), statement.period.end.isoformat()
    for name, day, value in ((_("Opening balance"), start, statement.opening_balance),
                             (_("Balance of the period"), start, statement.balance),
                             (_("Closing balance"), end, statement.closing_balance)):
        out.row([name, day, "", "", "", "", "", "", out.number(value), "", "", "", ""])
    for line in statement.lines:
        out.row([_("Entry"), line.booked_on.isoformat(), line.exchange_id,
                 labels.SIDES[line.side], line.counterpart_name, labels.OFFER_KINDS[line.kind],
                 out.number(line.quantity), labels.EXCHANGE_UNITS[line.unit],
                 out.number(line.value), "", labels.COOPERATIONS[line.cooperation],
                 labels.EXCHANGE_STATUSES[line.status], line.description])
    return out.data()


def exchanges_csv(exchanges: list[Exchange], dialect: str | None) -> bytes:
    """The pole's exchanges, one a row, oldest first."""
    out = Csv(dialect)
    out.row([_("Exchange"), _("Date"), _("Provider"), _("Beneficiary"), _("Kind"),
             _("Quantity"), _("Unit"), _("Value"), _("Cooperation"), _("Status"),
             _("Reverses"), _("Booking"), _("Description"), _("Reason")])
    for e in exchanges:
        out.row([e.id, e.occurred_on.isoformat(), e.provider.name, e.beneficiary.name,
                 labels.OFFER_KINDS[e.kind], out.number(e.quantity),
                 labels.EXCHANGE_UNITS[e.unit], out.number(e.value),
                 labels.COOPERATIONS[e.cooperation], labels.EXCHANGE_STATUSES[e.status],
                 e.reverses_id, e.booking_id, e.description, e.reason])
    return out.data()
