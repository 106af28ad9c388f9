"""JSON shapes of organisations and activity domains."""

import marshmallow as ma
from flask_babel import gettext as _

from pooling.accounts.schemas import PersonSchema
from pooling.api.schemas import PageArgsSchema, decimal_string, page_schema
from pooling.members.models import Circle, LegalForm
from pooling.members.services import list_domains


class DomainSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    name_en = ma.fields.String(allow_none=True)


class MemberSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    legal_form = ma.fields.Enum(LegalForm, by_value=True)
    circle = ma.fields.Enum(Circle, by_value=True)
    domains = ma.fields.List(ma.fields.Nested(DomainSchema))
    description = ma.fields.String()
    address = ma.fields.String()
    postcode = ma.fields.String()
    city = ma.fields.String()
    email = ma.fields.String(metadata={"description": "The organisation's contact address."})
    phone = ma.fields.String()
    website = ma.fields.String()
    staff_fte = decimal_string("Staff in full-time equivalents.", example="3.5",
                               allow_none=True)
    joined_on = ma.fields.Date()


class MemberDetailSchema(MemberSchema):
    people = ma.fields.List(ma.fields.Nested(PersonSchema))


MemberPageSchema = page_schema(MemberSchema, "MemberPage")


def _known_domain(code: str) -> None:
    """An unknown domain code is a mistake to report, not a filter that matches nothing."""
    if code not in {d.code for d in list_domains()}:
        raise ma.ValidationError(_("Unknown activity domain."))


class DirectoryArgsSchema(PageArgsSchema):
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=100),
                         metadata={"description": "Part of the name; accents and case ignored."})
    legal_form = ma.fields.Enum(LegalForm, by_value=True, load_default=None)
    circle = ma.fields.Enum(Circle, by_value=True, load_default=None)
    domain = ma.fields.String(load_default=None,
                              validate=[ma.validate.Length(max=40), _known_domain],
                              metadata={"description": "An activity domain code."})
