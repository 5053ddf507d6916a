"""What the buyer's order page says about the payment, and whether it offers to pay (pure).

One step per page, so the page shows one message: the step is worked out from the order's
status and its latest payment attempt as stored, never from a query string.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from marketplace.gateways.midtrans_statuses import PENDING_STATUSES
from marketplace.orders.status import OrderStatus

# How long after coming back from Snap the page says "confirming" rather than "Pay now".
CONFIRMING_WINDOW = timedelta(minutes=5)


class PaymentStep(StrEnum):
    PAY = "pay"  # nothing started, or the buyer left Snap without choosing: "Pay now"
    RETRY = "retry"  # Snap could not be reached: "Try paying again"
    INSTRUCTIONS = "instructions"  # a method is chosen, the money not there yet
    CONFIRMING = "confirming"  # just back from Snap, or Midtrans holds the payment
    THANKS = "thanks"  # paid, and the buyer just came back from paying
    PAID = "paid"
    CLOSED = "closed"  # cancelled, expired or refunded: the order status says which


class AttemptFacts(Protocol):
    state: str
    redirect_url: str
    transaction_status: str
    returned_at: datetime | None


# Where the buyer may be sent to pay: a new attempt, or the same Snap page again.
PAYABLE = frozenset({PaymentStep.PAY, PaymentStep.RETRY, PaymentStep.INSTRUCTIONS})


def _just_returned(attempt: AttemptFacts | None, now: datetime) -> bool:
    return bool(attempt and attempt.returned_at and now - attempt.returned_at < CONFIRMING_WINDOW)


def pay_by(expires_at: datetime, placed_at: datetime, attempt: AttemptFacts | None,
           without_payment: timedelta) -> datetime:
    """When an unpaid order expires: its expiry time, or `without_payment` after it was
    placed while it has no payment page to pay through (`flask orders expire` ends it then).
    """
    if attempt is not None and attempt.state == "redirected":
        return expires_at
    return min(expires_at, placed_at + without_payment)


def payment_step(status: str, attempt: AttemptFacts | None, now: datetime) -> PaymentStep:
    """The one thing the order page says about paying (see PaymentStep)."""
    if status == OrderStatus.PAID:
        return PaymentStep.THANKS if _just_returned(attempt, now) else PaymentStep.PAID
    if status != OrderStatus.PENDING_PAYMENT:
        return PaymentStep.CLOSED
    if attempt is None or (attempt.state == "created" and not attempt.redirect_url):
        return PaymentStep.PAY
    if attempt.state == "failed":
        return PaymentStep.RETRY
    if attempt.transaction_status in PENDING_STATUSES:
        return PaymentStep.INSTRUCTIONS
    if attempt.transaction_status:
        # Midtrans knows a payment the order does not show yet (held for review, an
        # amount to check): paying again could charge twice.
        return PaymentStep.CONFIRMING
    if _just_returned(attempt, now):
        return PaymentStep.CONFIRMING
    return PaymentStep.PAY
