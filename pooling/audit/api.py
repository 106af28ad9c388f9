"""API of the audit log, for the animation cell."""

from __future__ import annotations

from dataclasses import replace

from flask import g
from flask_smorest import Blueprint

from pooling.accounts.permissions import require_cell
from pooling.api.schemas import checks_first, documents_errors
from pooling.audit import services
from pooling.audit.schemas import AuditArgsSchema, AuditPageSchema

blp = Blueprint("api_audit", __name__,
                description="The audit log: administrative actions and booking decisions "
                            "(the animation cell).")


def _cell(**_path) -> None:
    require_cell(g.api_user)


def dump(event) -> dict:
    return {"id": event.id, "at": event.at,
            "actor": {"id": event.actor_id, "name": event.actor_name,
                      "email": event.actor_email},
            "action": event.action,
            "object": {"type": event.object_type, "id": event.object_id,
                       "label": event.object_label},
            "member_id": event.member_id, "before": event.before, "after": event.after}


@blp.get("/audit")
@checks_first(_cell)
@blp.arguments(AuditArgsSchema, location="query", as_kwargs=True)
@blp.response(200, AuditPageSchema)
@documents_errors(blp, 401, 403, 422)
def list_events(page, per_page, q, actor, member, action, object_type, start, end):
    """The audit log, newest first, searched and filtered (the cell only)."""
    result = services.search(services.AuditQuery(
        text=q, actor_id=actor, member_id=member, action=action or None,
        object_type=object_type or None, start=start, end=end, page=page,
        per_page=per_page))
    return replace(result, items=[dump(e) for e in result.items])
