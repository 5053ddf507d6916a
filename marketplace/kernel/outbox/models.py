"""The mail outbox: every email the shop owes someone, written with the event it is about."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Enum, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


class OutboxState(StrEnum):
    QUEUED = "queued"  # waiting for its first or next attempt
    SENT = "sent"  # the mail server (or the outbox folder) accepted it
    FAILED = "failed"  # every attempt failed; the admin may retry it


# Failed -> queued is the admin's "retry now"; a sent message is final.
OUTBOX_TRANSITIONS: dict[OutboxState, frozenset[OutboxState]] = {
    OutboxState.QUEUED: frozenset({OutboxState.SENT, OutboxState.FAILED}),
    OutboxState.FAILED: frozenset({OutboxState.QUEUED}),
    OutboxState.SENT: frozenset(),
}


class OutboxMessage(db.Model):
    """One rendered email and its delivery record.

    `idempotency_key` (e.g. `receipt:order:123`) makes a replayed event queue nothing new.
    The body is emptied once sent: a password-reset link must not outlive its email here.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_messages_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(60))
    # A non-native enum with a CHECK constraint, as every status column (kernel.dbtypes.str_enum).
    state: Mapped[OutboxState] = mapped_column(
        Enum(OutboxState, native_enum=False, create_constraint=True, length=20,
             values_callable=lambda members: [m.value for m in members],
             name="outboxstate", validate_strings=True),
        default=OutboxState.QUEUED,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set while a deliverer holds the message (its lease), cleared once the attempt is
    # recorded: the admin's "retry now" leaves a message on its way alone.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
