"""The raw payment notifications received from Midtrans, kept byte for byte."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


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
