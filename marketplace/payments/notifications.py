"""Payment notifications: stored byte for byte, checked, confirmed, applied."""

from __future__ import annotations

import json

from flask import current_app
from sqlalchemy import select

from marketplace.gateways import midtrans
from marketplace.kernel.dbtx import end_read, new_write
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import NUL, without_nul
from marketplace.orders.attempts import (
    PaymentAttempt,
)
from marketplace.payments.client import gateway, server_key
from marketplace.payments.models import PaymentNotification
from marketplace.payments.outcomes import apply_status


def record_notification(raw_body: bytes, remote_addr: str) -> tuple[int, str]:
    """Store, check, confirm and apply one HTTP notification; returns (HTTP status, verdict).

    The body is stored first, byte for byte, whatever it holds. Anything that then fails
    unexpectedly is recorded on that row and answered 503, so Midtrans sends it again
    (and the reconcile command can finish the job); this never answers 500.
    """
    try:
        new_write()
        row = PaymentNotification(raw_body=bytes(raw_body),
                                  remote_addr=without_nul(remote_addr or "")[:45])
        db.session.add(row)
        db.session.commit()  # kept whatever happens next
        row_id = row.id
    except Exception:  # noqa: BLE001 - the database is away: Midtrans must try again
        db.session.rollback()
        current_app.logger.exception("payment notification could not be stored")
        return 503, "error"
    try:
        verdict, status, detail, fields = _handle(raw_body)
    except Exception as error:  # noqa: BLE001 - see the docstring
        db.session.rollback()
        current_app.logger.exception("payment notification %s failed", row_id)
        verdict, status, detail, fields = (
            "error", 503, f"failed after it was stored: {type(error).__name__}", ("", ""))
    try:
        new_write()
        row = db.session.get(PaymentNotification, row_id)
        row.midtrans_order_id, row.transaction_status = (without_nul(f) for f in fields)
        row.verdict, row.detail = verdict, without_nul(detail)[:2000]
        db.session.commit()
    except Exception:  # noqa: BLE001 - the raw row is kept; the verdict could not be
        db.session.rollback()
        current_app.logger.exception("verdict of payment notification %s not stored", row_id)
        return 503, "error"
    return status, verdict


def _claimed(payload: dict, name: str, limit: int) -> str:
    """A field as the body claims it, as text for our columns ("" if it is not a scalar)."""
    value = payload.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value)[:limit]


def _holds_nul(payload) -> bool:
    """True if any key or string value, however deep, holds a NUL (no recursion: a body
    may nest as deep as the JSON parser allows)."""
    pending = [payload]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if NUL in value:
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _handle(raw_body: bytes) -> tuple[str, int, str, tuple[str, str]]:
    """(verdict, HTTP status, detail, (order id, status) as the body claimed)."""
    try:
        payload = json.loads(raw_body)
    except (ValueError, RecursionError) as error:  # bad UTF-8 or JSON, or nested too deep
        return "bad_json", 400, f"body is not JSON ({type(error).__name__})", ("", "")
    if not isinstance(payload, dict):
        return "bad_json", 400, "body is not a JSON object", ("", "")
    fields = (_claimed(payload, "order_id", 100),
              _claimed(payload, "transaction_status", 40).lower())
    if _holds_nul(payload):  # Midtrans never sends one, and PostgreSQL refuses it in text
        return "bad_json", 400, "body holds a NUL character (\\u0000)", fields
    if not midtrans.verify_signature(payload, server_key()):
        return "bad_signature", 403, "signature_key does not match", fields
    attempt_id = db.session.scalar(
        select(PaymentAttempt.id).where(PaymentAttempt.midtrans_order_id == fields[0])
    )
    end_read()  # no transaction held while Midtrans answers
    if attempt_id is None:
        return "unknown_order", 200, "no payment attempt has this order_id", fields
    try:
        with gateway() as client:
            status = client.status(fields[0])
    except (midtrans.GatewayUnavailableError, midtrans.TransactionNotFoundError) as error:
        return "unconfirmed", 503, f"status API: {error}", fields
    except midtrans.GatewayError as error:
        return "unconfirmed", 503, f"status API refused: {error}", fields
    verdict = apply_status(attempt_id, status)
    return verdict, 200, f"{status.transaction_status} confirmed", fields
