"""Commission rules, the commission ledger, refunds and payouts.

Ledger entries are append-only: the code has no update or delete path and the database
refuses both (triggers created with the table, on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from marketplace.kernel.dbtypes import append_only, str_enum
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow
from marketplace.ledger.commission import RuleScope


class EntryKind(StrEnum):
    ACCRUAL = "accrual"
    REVERSAL = "reversal"


class RefundMethod(StrEnum):
    MIDTRANS = "midtrans"
    BANK_TRANSFER = "bank_transfer"
    # Midtrans took the payment back (deny, cancel, chargeback): recorded by the shop,
    # never chosen by an admin and never sent to Midtrans.
    REVERSAL = "reversal"


class RefundState(StrEnum):
    REQUESTED = "requested"  # sent to Midtrans, not yet confirmed
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class PayoutStatus(StrEnum):
    DRAFT = "draft"
    PAID = "paid"
    CANCELLED = "cancelled"


REFUND_TRANSITIONS = {
    RefundState.REQUESTED: frozenset({RefundState.SUCCEEDED, RefundState.FAILED}),
    RefundState.SUCCEEDED: frozenset(),
    RefundState.FAILED: frozenset(),
}
PAYOUT_TRANSITIONS = {
    PayoutStatus.DRAFT: frozenset({PayoutStatus.PAID, PayoutStatus.CANCELLED}),
    PayoutStatus.PAID: frozenset(),
    PayoutStatus.CANCELLED: frozenset(),
}


class CommissionRule(db.Model):
    """A rate from a day on: the default, or an override for one sentra or one group."""

    __tablename__ = "commission_rules"
    __table_args__ = (
        CheckConstraint("rate_bp >= 0 AND rate_bp <= 10000", name="rate_range"),
        CheckConstraint(
            "(scope = 'default' AND sentra_id IS NULL AND group_id IS NULL)"
            " OR (scope = 'sentra' AND sentra_id IS NOT NULL AND group_id IS NULL)"
            " OR (scope = 'group' AND group_id IS NOT NULL AND sentra_id IS NULL)",
            name="scope_target",
        ),
        # 'default', 'sentra:3' or 'group:7': one rule per target and day.
        UniqueConstraint("target_key", "effective_from", name="uq_commission_rules_target_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[RuleScope] = mapped_column(str_enum(RuleScope))
    sentra_id: Mapped[int | None] = mapped_column(ForeignKey("sentra.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    target_key: Mapped[str] = mapped_column(String(30))
    rate_bp: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)  # a calendar day in Asia/Jakarta
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    sentra = relationship("Sentra")
    group = relationship("ProducerGroup")
    created_by = relationship("User")


class CommissionEntry(db.Model):
    """One line of the commission ledger: positive accruals, negative reversals."""

    __tablename__ = "commission_entries"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'accrual' AND amount >= 0) OR (kind = 'reversal' AND amount <= 0)",
            name="sign_by_kind",
        ),
        CheckConstraint("base_amount >= 0", name="base_not_negative"),
        CheckConstraint("rate_bp >= 0 AND rate_bp <= 10000", name="rate_range"),
        Index("ix_commission_entries_group_created", "group_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_order_id: Mapped[int] = mapped_column(ForeignKey("sub_orders.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"))
    kind: Mapped[EntryKind] = mapped_column(str_enum(EntryKind))
    # The goods amount the entry is computed on and the rate it used.
    base_amount: Mapped[int] = mapped_column(BigInteger)
    rate_bp: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"), index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    # accrual:<sub>, cancel:<sub>, refund:<refund>: a replay inserts nothing.
    idempotency_key: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sub_order = relationship("SubOrder")


class Refund(db.Model):
    """Money given back to the buyer for (part of) one sub-order, or, with no sub-order and
    no group, the whole of a payment Midtrans settled after its order had expired or been
    cancelled (a late settlement: no parcel was sold, no group is concerned)."""

    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("goods_amount >= 0 AND shipping_amount >= 0", name="parts_not_negative"),
        CheckConstraint("amount = goods_amount + shipping_amount", name="parts_sum"),
        CheckConstraint("clawback_amount >= 0", name="clawback_not_negative"),
        # A refund of a parcel names its group; a late settlement's refund names neither.
        CheckConstraint("(sub_order_id IS NULL) = (group_id IS NULL)",
                        name="parcel_has_group"),
        Index("ix_refunds_state_completed", "state", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sub_order_id: Mapped[int | None] = mapped_column(ForeignKey("sub_orders.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    goods_amount: Mapped[int] = mapped_column(BigInteger)
    shipping_amount: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(300))
    method: Mapped[RefundMethod] = mapped_column(str_enum(RefundMethod))
    state: Mapped[RefundState] = mapped_column(str_enum(RefundState))
    # Sent to Midtrans as refund_key: the same key twice refunds once.
    refund_key: Mapped[str] = mapped_column(String(50), unique=True)
    midtrans_order_id: Mapped[str] = mapped_column(String(50), default="")
    bank_reference: Mapped[str] = mapped_column(String(80), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    # Part of the refund to recover from the group because it was already paid out.
    clawback_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    sub_order = relationship("SubOrder")
    order = relationship("Order")
    created_by = relationship("User")

    @property
    def late_settlement(self) -> bool:
        """A refund of a whole payment that settled after its order expired or was cancelled."""
        return self.sub_order_id is None


class Payout(db.Model):
    """One bank transfer to a group for a set of sub-orders (and earlier refunds' claw-backs)."""

    __tablename__ = "payouts"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status <> 'paid' OR (bank_reference <> '' AND paid_on IS NOT NULL)",
                        name="paid_has_reference"),
        Index("ix_payouts_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"))
    status: Mapped[PayoutStatus] = mapped_column(str_enum(PayoutStatus),
                                                 default=PayoutStatus.DRAFT)
    cutoff: Mapped[date] = mapped_column(Date)  # delivered on or before this day (WIB)
    amount: Mapped[int] = mapped_column(BigInteger)
    bank_name: Mapped[str] = mapped_column(String(60), default="")
    bank_account_number: Mapped[str] = mapped_column(String(40), default="")
    bank_account_holder: Mapped[str] = mapped_column(String(120), default="")
    bank_reference: Mapped[str] = mapped_column(String(80), default="")
    paid_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    marked_paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group = relationship("ProducerGroup")
    lines: Mapped[list[PayoutLine]] = relationship(
        back_populates="payout", order_by="PayoutLine.id", cascade="all, delete-orphan"
    )


class PayoutLine(db.Model):
    """A sub-order paid out, or a claw-back of a refund made after its sub-order was paid.

    The unique sub_order_id is what keeps a sub-order out of a second payout; a cancelled
    draft gives its sub-orders back by deleting its lines.
    """

    __tablename__ = "payout_lines"
    __table_args__ = (
        CheckConstraint("(sub_order_id IS NULL) <> (refund_id IS NULL)", name="one_source"),
        CheckConstraint(
            "net_amount = goods_amount + shipping_amount - commission_amount - refunded_amount",
            name="net_sum",
        ),
        CheckConstraint("refunded_amount >= 0", name="refunded_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payout_id: Mapped[int] = mapped_column(ForeignKey("payouts.id"), index=True)
    sub_order_id: Mapped[int | None] = mapped_column(ForeignKey("sub_orders.id"), unique=True)
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"), unique=True)
    goods_amount: Mapped[int] = mapped_column(BigInteger)
    shipping_amount: Mapped[int] = mapped_column(BigInteger)
    commission_amount: Mapped[int] = mapped_column(BigInteger)  # net of reversals
    refunded_amount: Mapped[int] = mapped_column(BigInteger)
    net_amount: Mapped[int] = mapped_column(BigInteger)

    payout: Mapped[Payout] = relationship(back_populates="lines")
    sub_order = relationship("SubOrder")
    refund = relationship("Refund")


# --- the database refuses to change the ledger ------------------------------------------
append_only(CommissionEntry.__table__, "commission entries")


class LedgerImmutableError(RuntimeError):
    """Code tried to change or delete a commission entry."""


@event.listens_for(Session, "before_flush")
def _refuse_ledger_changes(session, flush_context, instances) -> None:
    """The ORM refuses too: a changed or deleted entry never reaches the database."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, CommissionEntry) and (
                obj in session.deleted or session.is_modified(obj)):
            raise LedgerImmutableError("commission entries are immutable; add a new entry")
