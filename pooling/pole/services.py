"""Reading and changing the pole's settings."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g
from flask_babel import gettext as _

from pooling.accounts.models import User
from pooling.accounts.permissions import require_cell
from pooling.db import serialise_on, transaction
from pooling.errors import invalid_field
from pooling.extensions import db
from pooling.pole.models import (
    DEFAULT_BALANCE_WEIGHT,
    DEFAULT_NEW_PARTNER_WEIGHT,
    DEFAULT_REVIEW_WAITING_DAYS,
    MAX_WAITING_DAYS,
    MAX_WEIGHT,
    SETTINGS_ID,
    PoleSettings,
)


@dataclass(frozen=True)
class Settings:
    name: str
    unit_name: str
    balances_public: bool = False  # members may read each other's ledger totals
    # Cooperation's weight in matching, in percent (see PoleSettings).
    new_partner_weight: int = DEFAULT_NEW_PARTNER_WEIGHT
    balance_weight: int = DEFAULT_BALANCE_WEIGHT
    # The review counts requests left longer than this without a decision.
    review_waiting_days: int = DEFAULT_REVIEW_WAITING_DAYS


def pole_settings() -> Settings:
    """The settings in force, read once per request; until the cell chooses, the
    deployment's defaults (POLE_NAME, POLE_UNIT_NAME)."""
    if "pole_settings" not in g:
        row = db.session.get(PoleSettings, SETTINGS_ID)
        g.pole_settings = Settings(
            name=row.name if row else current_app.config["POLE_NAME"],
            unit_name=row.unit_name if row else current_app.config["POLE_UNIT_NAME"],
            balances_public=bool(row and row.balances_public),
            new_partner_weight=row.new_partner_weight if row else DEFAULT_NEW_PARTNER_WEIGHT,
            balance_weight=row.balance_weight if row else DEFAULT_BALANCE_WEIGHT,
            review_waiting_days=(row.review_waiting_days if row
                                 else DEFAULT_REVIEW_WAITING_DAYS))
    return g.pole_settings


def update_settings(actor: User, name: str, unit_name: str,
                    balances_public: bool | None = None, new_partner_weight: int | None = None,
                    balance_weight: int | None = None,
                    review_waiting_days: int | None = None) -> Settings:
    """The cell names the pole and its unit of account ("crédits", "heures", "euros"),
    says whether members see each other's balances, how much cooperation weighs in
    matching, and after how many days the review counts a request as left waiting (None
    keeps the current choice)."""
    require_cell(actor)
    name, unit_name = name.strip(), unit_name.strip()
    if not name or len(name) > 120:
        message = _("Give a name of at most %(n)d characters.", n=120)
        raise invalid_field("name", message)
    if not unit_name or len(unit_name) > 40:
        message = _("Give a name of at most %(n)d characters.", n=40)
        raise invalid_field("unit_name", message)
    for field, weight in (("new_partner_weight", new_partner_weight),
                          ("balance_weight", balance_weight)):
        if weight is not None and not 0 <= weight <= MAX_WEIGHT:
            raise invalid_field(field, _("Give a whole number from 0 to %(n)d.", n=MAX_WEIGHT))
    if review_waiting_days is not None and not 1 <= review_waiting_days <= MAX_WAITING_DAYS:
        raise invalid_field("review_waiting_days",
                            _("Give a whole number of days from 1 to %(n)d.", n=MAX_WAITING_DAYS))
    with transaction() as session:
        serialise_on(session, "pole-settings")
        row = session.get(PoleSettings, SETTINGS_ID) or PoleSettings(id=SETTINGS_ID)
        row.name, row.unit_name, row.updated_by_id = name, unit_name, actor.id
        if balances_public is not None:
            row.balances_public = balances_public
        if new_partner_weight is not None:
            row.new_partner_weight = new_partner_weight
        if balance_weight is not None:
            row.balance_weight = balance_weight
        if review_waiting_days is not None:
            row.review_waiting_days = review_waiting_days
        session.add(row)
    g.pop("pole_settings", None)
    return pole_settings()
