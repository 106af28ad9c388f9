"""Who may see and change an offer."""

from __future__ import annotations

from pooling.accounts.models import Role, User
from pooling.catalogue.models import Offer, OfferStatus


def can_edit_offer(user: User, offer: Offer) -> bool:
    """The owning organisation's people and the animation cell."""
    return user.role == Role.CELL or user.member_id == offer.member_id


def can_see_offer(user: User, offer: Offer) -> bool:
    """Published offers are for everyone signed in; drafts and archives for their editors."""
    return offer.status == OfferStatus.PUBLISHED or can_edit_offer(user, offer)
