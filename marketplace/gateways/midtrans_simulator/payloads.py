"""Midtrans-shaped bodies: status answers and notifications, with their signature."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marketplace.gateways.midtrans_simulator.state import Transaction

# Midtrans writes its times in Western Indonesian Time without an offset.
WIB = timezone(timedelta(hours=7), "WIB")

STATUS_CODES = {
    "settlement": "200",
    "capture": "200",
    "refund": "200",
    "partial_refund": "200",
    "chargeback": "200",
    "partial_chargeback": "200",
    "pending": "201",
    "deny": "202",
    "cancel": "202",
    "failure": "202",
    "expire": "407",
}
# A notification says "202" for an expired transaction; "407" is what the Expire API (and a
# status lookup) answer.
NOTIFICATION_STATUS_CODES = {"expire": "202"}


def money(amount: int) -> str:
    """Rupiah the way Midtrans writes them: "125000.00"."""
    return f"{amount}.00"


def wib(moment: datetime | None) -> str | None:
    """A timestamp as Midtrans writes it, e.g. "2026-11-23 22:00:00"."""
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S") if moment else None


def sign(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """sha512(order_id + status_code + gross_amount + server_key), hex."""
    text = order_id + status_code + gross_amount + server_key
    return hashlib.sha512(text.encode("utf-8")).hexdigest()


def status_code_of(tx: Transaction) -> str:
    """The string status code Midtrans gives a transaction in this state."""
    if tx.status == "capture" and tx.fraud_status == "challenge":
        return "201"
    return STATUS_CODES.get(tx.status or "", "404")


def _va_number(tx: Transaction) -> str:
    digits = int(hashlib.sha256(tx.order_id.encode()).hexdigest()[:12], 16)
    return f"8077{digits % 10**10:010d}"


def status_body(
    tx: Transaction, server_key: str, message: str, status_code: str | None = None
) -> dict:
    """The transaction as a status lookup (or a notification) shows it."""
    code = status_code or status_code_of(tx)
    gross = money(tx.gross_amount)
    body: dict = {
        "status_code": code,
        "status_message": message,
        "transaction_id": tx.transaction_id,
        "order_id": tx.order_id,
        "merchant_id": "SIMULATOR",
        "gross_amount": gross,
        "currency": "IDR",
        "payment_type": tx.payment_type,
        "transaction_time": wib(tx.transaction_time),
        "transaction_status": tx.status,
        "signature_key": sign(tx.order_id, code, gross, server_key),
    }
    if tx.fraud_status:
        body["fraud_status"] = tx.fraud_status
    if tx.settlement_time:
        body["settlement_time"] = wib(tx.settlement_time)
    if tx.status == "pending" and tx.expires_at:
        body["expiry_time"] = wib(tx.expires_at)
    if tx.payment_type == "bank_transfer":
        body["va_numbers"] = [{"bank": "bca", "va_number": _va_number(tx)}]
    if tx.refunds:
        body["refund_amount"] = money(tx.refunded_amount)
        body["refunds"] = [refund_body(refund) for refund in tx.refunds]
    return body


def _midtrans_time(text: str) -> str:
    """A stored time as Midtrans writes it; state files written before this held ISO text."""
    if "T" not in text:
        return text
    return wib(datetime.fromisoformat(text)) or text


def refund_body(refund: dict) -> dict:
    """One refund as Midtrans lists it."""
    return {
        "refund_chargeback_id": refund["refund_chargeback_id"],
        "refund_amount": money(refund["amount"]),
        "created_at": _midtrans_time(refund["created_at"]),
        "reason": refund["reason"],
        "refund_key": refund["refund_key"],
    }


def notification_body(tx: Transaction, server_key: str) -> dict:
    """The HTTP notification sent for the transaction's current state."""
    return status_body(tx, server_key, "midtrans payment notification",
                       NOTIFICATION_STATUS_CODES.get(tx.status or ""))


def error_body(status_code: int, message: str) -> dict:
    """A Core API error answer."""
    return {"status_code": str(status_code), "status_message": message}
