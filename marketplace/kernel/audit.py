"""Writing the audit log: every admin action, who, what, when, before and after."""

from __future__ import annotations

import json
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db


def snapshot(obj, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of `obj` as JSON-ready values, for before/after."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value if not hasattr(value, "value") else value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record(action: str, target, summary: str = "", before: dict | None = None,
           after: dict | None = None) -> AuditEntry:
    """Append one audit entry for the signed-in admin (never updated or deleted)."""
    actor_id = current_user.id if current_user and current_user.is_authenticated else None
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        summary=summary[:300],
        before=json.dumps(before, ensure_ascii=False, sort_keys=True) if before else None,
        after=json.dumps(after, ensure_ascii=False, sort_keys=True) if after else None,
        ip_address=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(entry)
    db.session.flush()
    return entry
