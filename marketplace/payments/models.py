"""Payment attempts (one Midtrans order id each) and the raw notifications received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


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
    # created → redirected | failed: the transition table is payments/status.py
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


class PaymentNotification(db.Model):
    """Every HTTP notification exactly as received, with what we made of it (append-only)."""

    __tablename__ = "payment_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    midtrans_order_id: Mapped[str] = mapped_column(String(100), default="", index=True)
    transaction_status: Mapped[str] = mapped_column(String(40), default="")
    # The bytes as they arrived (a NUL, invalid UTF-8, anything): text would lose some.
    raw_body: Mapped[bytes] = mapped_column(LargeBinary)
    remote_addr: Mapped[str] = mapped_column(String(45), default="")
    # bad_json | bad_signature | unknown_order | unconfirmed | applied | no_change |
    # amount_mismatch | flagged | reversed | error (something failed after the body was kept)
    verdict: Mapped[str] = mapped_column(String(30), default="received")
    detail: Mapped[str] = mapped_column(Text, default="")

    @property
    def body_text(self) -> str:
        """The body for reading on a page: undecodable bytes and NUL shown as escapes."""
        text = bytes(self.raw_body or b"").decode("utf-8", errors="backslashreplace")
        return text.replace("\x00", "\\x00")
