"""JSON shapes of the review's figures: one key per group of figures."""

import marshmallow as ma

from pooling.api.schemas import decimal_string
from pooling.catalogue.models import OfferKind
from pooling.ledger.models import Cooperation
from pooling.ledger.schemas import PeriodSchema

_SHARE = "Of the members counted, from 0 to 1; null when there are none."


class ShareSchema(ma.Schema):
    key = ma.fields.String(metadata={
        "description": "The circle's or legal form's value, or the domain's code."})
    name = ma.fields.String(metadata={"description": "A domain's name (empty otherwise)."})
    count = ma.fields.Integer()
    share = ma.fields.Float(allow_none=True, metadata={"description": _SHARE})


class MembersSchema(ma.Schema):
    members = ma.fields.Integer(metadata={
        "description": "At the end of the period: joined by then and not left."})
    newcomers = ma.fields.Integer(metadata={"description": "Joined in the period."})
    left = ma.fields.Integer(metadata={"description": "Left in the period."})
    staff_fte = decimal_string("Full-time equivalents of the members counted.",
                               example="19.5", places=1)
    pooling = ma.fields.Integer(metadata={
        "description": "Members with an offer in the catalogue, a booking given or received, "
                       "or an exchange in the ledger, in the period."})
    pooling_share = ma.fields.Float(allow_none=True, metadata={"description": _SHARE})
    by_circle = ma.fields.List(ma.fields.Nested(ShareSchema))
    by_legal_form = ma.fields.List(ma.fields.Nested(ShareSchema))
    by_domain = ma.fields.List(ma.fields.Nested(ShareSchema), metadata={
        "description": "A member may have several domains, or none."})


class KindCountSchema(ma.Schema):
    kind = ma.fields.Enum(OfferKind, by_value=True)
    count = ma.fields.Integer()
    share = ma.fields.Float(allow_none=True)


class CategoryCountSchema(ma.Schema):
    kind = ma.fields.Enum(OfferKind, by_value=True)
    category_id = ma.fields.Integer()
    name = ma.fields.String()
    count = ma.fields.Integer()


class OffersSchema(ma.Schema):
    total = ma.fields.Integer(metadata={
        "description": "Offers in the catalogue at some time in the period."})
    by_kind = ma.fields.List(ma.fields.Nested(KindCountSchema))
    by_category = ma.fields.List(ma.fields.Nested(CategoryCountSchema))


class UseSchema(ma.Schema):
    kind = ma.fields.Enum(OfferKind, by_value=True, allow_none=True, metadata={
        "description": "null: every kind."})
    month = ma.fields.Date(allow_none=True, metadata={
        "description": "The month's first day; null: the whole period."})
    bookings = ma.fields.Integer(metadata={
        "description": "Confirmed, completed or no-show, starting in the period."})
    hours = ma.fields.Float()
    organisations = ma.fields.Integer(metadata={
        "description": "Distinct organisations that booked."})


class IncidentsSchema(ma.Schema):
    no_shows = ma.fields.Integer()
    late_cancellations = ma.fields.Integer(metadata={
        "description": "Cancelled less than 24 hours before the start."})
    declined = ma.fields.Integer()
    waiting = ma.fields.Integer(metadata={
        "description": "Requests for bookings starting in the period that waited more than "
                       "`waiting_days` for a decision (or still wait)."})
    waiting_days = ma.fields.Integer()


class BookingsSchema(ma.Schema):
    total = ma.fields.Nested(UseSchema)
    by_kind = ma.fields.List(ma.fields.Nested(UseSchema))
    by_month = ma.fields.List(ma.fields.Nested(UseSchema), metadata={
        "description": "One per kind and month, months with none included."})
    incidents = ma.fields.Nested(IncidentsSchema)


class OfferUseSchema(ma.Schema):
    offer_id = ma.fields.Integer()
    title = ma.fields.String()
    kind = ma.fields.Enum(OfferKind, by_value=True)
    member_id = ma.fields.Integer(metadata={"description": "The organisation offering it."})
    member_name = ma.fields.String()
    category = ma.fields.String()
    bookings = ma.fields.Integer()
    hours = ma.fields.Float(metadata={"description": "Booked hours."})
    used = ma.fields.Float(metadata={
        "description": "Booked hours (premises, skills) or item-days lent (tools)."})
    available = ma.fields.Float(allow_none=True, metadata={
        "description": "Open hours less closures (premises), hours offered within the "
                       "provider's limits (skills), or item-days in stock (tools), over the "
                       "days of the period the offer was in the catalogue."})
    unit = ma.fields.String(metadata={"description": "hours or item-days"})
    rate = ma.fields.Float(allow_none=True, metadata={
        "description": "used / available; null when nothing was available."})


class BucketSchema(ma.Schema):
    label = ma.fields.String(metadata={"description": "Partners: 0, 1, 2, 3, 4, 5–9, 10+."})
    members = ma.fields.Integer()


class CooperationShareSchema(ma.Schema):
    cooperation = ma.fields.Enum(Cooperation, by_value=True)
    exchanges = ma.fields.Integer()
    exchange_share = ma.fields.Float(allow_none=True)
    members = ma.fields.Integer(metadata={"description": "Members having this kind."})
    member_share = ma.fields.Float(allow_none=True)


class MemberPartnersSchema(ma.Schema):
    member_id = ma.fields.Integer()
    name = ma.fields.String()
    partners = ma.fields.Integer(metadata={
        "description": "Distinct partner organisations in the period."})


class CooperationStatsSchema(ma.Schema):
    members = ma.fields.Integer(metadata={"description": "Members of the pole counted."})
    partners_average = ma.fields.Float(allow_none=True, metadata={
        "description": "Distinct partner organisations per member (the survey: more than 4)."})
    partners_median = ma.fields.Float(allow_none=True)
    distribution = ma.fields.List(ma.fields.Nested(BucketSchema))
    above_survey = ma.fields.Integer(metadata={"description": "Members with more than 4."})
    pairs = ma.fields.Integer(metadata={"description": "Pairs that exchanged in the period."})
    new_partnerships = ma.fields.Integer(metadata={
        "description": "Pairs that had never exchanged before the period."})
    exchanges = ma.fields.Integer()
    by_cooperation = ma.fields.List(ma.fields.Nested(CooperationShareSchema))
    per_member = ma.fields.List(ma.fields.Nested(MemberPartnersSchema))


class KindFlowSchema(ma.Schema):
    kind = ma.fields.Enum(OfferKind, by_value=True)
    given_value = decimal_string()
    received_value = decimal_string()
    given_count = ma.fields.Integer()
    received_count = ma.fields.Integer()


class MemberFlowSchema(ma.Schema):
    member_id = ma.fields.Integer()
    name = ma.fields.String()
    given_value = decimal_string()
    received_value = decimal_string()
    given_count = ma.fields.Integer()
    received_count = ma.fields.Integer()
    by_kind = ma.fields.List(ma.fields.Nested(KindFlowSchema))


class ConcentrationSchema(ma.Schema):
    members = ma.fields.Integer()
    top = ma.fields.Integer(metadata={"description": "The most active 20 %, rounded up."})
    exchange_share = ma.fields.Float(allow_none=True, metadata={
        "description": "Share of the exchanges in which one of them took part."})
    value_share = ma.fields.Float(allow_none=True)


class BalanceStatsSchema(ma.Schema):
    value = decimal_string("Value of the period's exchanges, net of reversals.")
    exchanges = ma.fields.Integer()
    flows = ma.fields.List(ma.fields.Nested(MemberFlowSchema), metadata={
        "description": "Given and received per member that exchanged, in value and by kind."})
    only_give = ma.fields.Pluck(MemberFlowSchema, "member_id", many=True)
    only_receive = ma.fields.Pluck(MemberFlowSchema, "member_id", many=True)
    concentration = ma.fields.Nested(ConcentrationSchema)


class StatsSchema(ma.Schema):
    """The dashboard's figures for a period, one key per group."""

    period = ma.fields.Nested(PeriodSchema)
    members = ma.fields.Nested(MembersSchema)
    offers = ma.fields.Nested(OffersSchema)
    bookings = ma.fields.Nested(BookingsSchema)
    occupancy = ma.fields.List(ma.fields.Nested(OfferUseSchema), metadata={
        "description": "Each offer in the catalogue during the period."})
    cooperation = ma.fields.Nested(CooperationStatsSchema)
    balance = ma.fields.Nested(BalanceStatsSchema)
