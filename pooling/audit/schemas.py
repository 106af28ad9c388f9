"""Shapes of the audit log's API."""

from __future__ import annotations

import marshmallow as ma

from pooling.api.schemas import Day, Int, PageArgsSchema, page_schema


class AuditArgsSchema(PageArgsSchema):
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=200), metadata={
        "description": "Words in the action, the object's label or the person's name or "
                       "e-mail, accents and capitals aside."})
    actor = Int(load_default=None, metadata={"description": "Actions of this person (id)."})
    member = Int(load_default=None, metadata={
        "description": "Actions concerning this organisation (id)."})
    action = ma.fields.String(load_default=None, validate=ma.validate.Length(max=40),
                              metadata={"example": "person.role"})
    object_type = ma.fields.String(load_default=None, validate=ma.validate.Length(max=40),
                                   metadata={"example": "booking"})
    # `from` is a Python keyword: the argument is read under data_key.
    start = Day(load_default=None, data_key="from", metadata={
        "description": "On or after this day (the pole's time)."})
    end = Day(load_default=None, data_key="to", metadata={
        "description": "On or before this day, included (the pole's time)."})

    @ma.validates_schema
    def end_after_start(self, data, **_kw) -> None:
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ma.ValidationError("The period must end after it starts.", "to")


class ActorSchema(ma.Schema):
    id = ma.fields.Integer(allow_none=True, metadata={
        "description": "Null for the system or the command line."})
    name = ma.fields.String(metadata={"description": "As it was when the action was taken."})
    email = ma.fields.String()


class ObjectSchema(ma.Schema):
    type = ma.fields.String(metadata={"example": "member"})
    id = ma.fields.Integer(allow_none=True)
    label = ma.fields.String()


class AuditEventSchema(ma.Schema):
    id = ma.fields.Integer()
    at = ma.fields.DateTime(metadata={"description": "ISO 8601, in UTC."})
    actor = ma.fields.Nested(ActorSchema)
    action = ma.fields.String(metadata={"example": "member.update"})
    object = ma.fields.Nested(ObjectSchema)
    member_id = ma.fields.Integer(allow_none=True, metadata={
        "description": "The organisation concerned, if any."})
    before = ma.fields.Dict(allow_none=True, metadata={
        "description": "The changed fields' values before; null for a creation."})
    after = ma.fields.Dict(allow_none=True, metadata={
        "description": "The changed fields' values after; null for a removal."})


AuditPageSchema = page_schema(AuditEventSchema, "AuditPage")
