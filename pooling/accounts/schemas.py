"""JSON shapes of people."""

import marshmallow as ma

from pooling.accounts.models import Role


class PersonSchema(ma.Schema):
    id = ma.fields.Integer()
    full_name = ma.fields.String()
    job_title = ma.fields.String()
    phone = ma.fields.String()
    role = ma.fields.Enum(Role, by_value=True)
    active = ma.fields.Boolean()
    email = ma.fields.String(allow_none=True, metadata={
        "description": "Only for the animation cell and the organisation's own admins; "
                       "null for anyone else."})


class MeSchema(ma.Schema):
    id = ma.fields.Integer()
    email = ma.fields.String()
    full_name = ma.fields.String()
    job_title = ma.fields.String()
    role = ma.fields.Enum(Role, by_value=True)
    locale = ma.fields.String(allow_none=True)
    member = ma.fields.Function(lambda u: {"id": u.member_id, "name": u.member.name},
                                metadata={"type": "object"})
