"""An order's payment attempts (one Midtrans order id each), their states and transition
table. Part of the order's record: the ledger reads them, payments drives them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow
from marketplace.orders.models import Order


class AttemptState(StrEnum):
    CREATED = "created"  # saved before Snap is asked: no payment page yet
    REDIRECTED = "redirected"  # Snap gave a payment page (or Midtrans knows a payment for it)
    # Snap refused or could not be reached, or the start never finished and Midtrans knows
    # no payment for it: it can never be paid; paying again makes a new attempt.
    FAILED = "failed"


# created → redirected | failed; both are final. An attempt stays "created" only while its
# request talks to Snap: one unfinished after PAYMENT_START_STALE_SECONDS is settled with
# Midtrans (payments settle_abandoned_start).
ATTEMPT_TRANSITIONS: dict[AttemptState, frozenset[AttemptState]] = {
    AttemptState.CREATED: frozenset({AttemptState.REDIRECTED, AttemptState.FAILED}),
    AttemptState.REDIRECTED: frozenset(),
    AttemptState.FAILED: frozenset(),
}

# Attempts the buyer may still pay through, or that are being made right now.
LIVE_STATES = frozenset({AttemptState.CREATED, AttemptState.REDIRECTED})


class PaymentAttempt(db.Model):
    """One Snap transaction for an order; a retry is a new attempt with a new Midtrans id."""

    __tablename__ = "payment_attempts"
    __table_args__ = (UniqueConstraint("order_id", "attempt_no", name="uq_payment_attempts_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    attempt_no: Mapped[int] = mapped_column(Integer)
    midtrans_order_id: Mapped[str] = mapped_column(String(50), unique=True)
    gross_amount: Mapped[int] = mapped_column(BigInteger)
    snap_token: Mapped[str] = mapped_column(String(100), default="")
    redirect_url: Mapped[str] = mapped_column(String(500), default="")
    # created → redirected | failed: the transition table is orders/attempts.py
    state: Mapped[str] = mapped_column(String(20), default="created")
    transaction_status: Mapped[str] = mapped_column(String(30), default="")
    payment_type: Mapped[str] = mapped_column(String(40), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    # The buyer's order page asks Midtrans at most every few seconds: when it last did.
    status_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the buyer came back from Snap: the page says "confirming", not "Pay now", a while.
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When Midtrans's settlement was applied to an order already expired or cancelled: the
    # money is the buyer's until the order is revived or the payment refunded (reconciliation).
    late_settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    order = relationship("Order")


def latest_attempt(order: Order) -> PaymentAttempt | None:
    return db.session.scalar(
        select(PaymentAttempt)
        .where(PaymentAttempt.order_id == order.id)
        .order_by(PaymentAttempt.attempt_no.desc())
        .limit(1)
    )
