"""What Midtrans's transaction statuses mean for an order (MIDTRANS.md's table): pure
data and one function, read by payments (outcomes, expiry) and the ledger (reversals,
the settlement check)."""

from __future__ import annotations

PAID_STATUSES = frozenset({"settlement"})


CANCEL_STATUSES = frozenset({"deny", "cancel", "failure"})


EXPIRE_STATUSES = frozenset({"expire"})


PENDING_STATUSES = frozenset({"pending", "authorize"})


REFUND_STATUSES = frozenset({"refund", "partial_refund"})


REVIEW_STATUSES = frozenset({"chargeback", "partial_chargeback"})


# Midtrans taking back money it had settled: the order is no longer paid (MIDTRANS.md).
REVERSAL_STATUSES = frozenset({"deny", "cancel", "chargeback"})


def payment_outcome(transaction_status: str, fraud_status: str | None) -> str:
    """One of paid, pending, review, cancelled, expired, refunded, ignored."""
    status = (transaction_status or "").lower()
    fraud = (fraud_status or "").lower() or None
    if status == "capture":
        if fraud in (None, "accept"):
            return "paid"
        return "review" if fraud == "challenge" else "cancelled"
    if status in PAID_STATUSES:
        return "paid"
    if status in PENDING_STATUSES:
        return "pending"
    if status in CANCEL_STATUSES:
        return "cancelled"
    if status in EXPIRE_STATUSES:
        return "expired"
    if status in REFUND_STATUSES:
        return "refunded"
    if status in REVIEW_STATUSES:
        return "review"
    return "ignored"


# What an attempt's last status is once Midtrans took the buyer's money through it (later
# refunded or not): the ledger's refunds and settlement check and the payment outcomes.
TOOK_MONEY = frozenset({"settlement", "capture", "partial_refund", "refund"})
