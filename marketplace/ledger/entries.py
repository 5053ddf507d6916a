"""Writing the commission ledger: accruals at payment, reversals on cancellation or refund.

Entries are only ever inserted; each has an idempotency key, so applying the same event
twice (a replayed notification, a retried command) adds nothing. Services flush only.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from marketplace.catalog.models import ProducerGroup
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import commission
from marketplace.ledger.commission import Rule
from marketplace.ledger.models import (
    CommissionEntry,
    CommissionRule,
    EntryKind,
    Refund,
    RefundMethod,
    RefundState,
)
from marketplace.orders.status import SubOrderStatus


def all_rules() -> list[Rule]:
    """Every commission rule as a plain value (the table holds a few dozen rows)."""
    return [
        Rule(r.id, r.scope, r.sentra_id if r.scope == "sentra" else r.group_id,
             r.rate_bp, r.effective_from)
        for r in db.session.scalars(select(CommissionRule))
    ]


def rate_for(group_id: int, sentra_id: int, moment: datetime,
             rules: list[Rule] | None = None) -> tuple[int, int | None]:
    """(rate in basis points, rule id) in force for a group at a moment."""
    rule = commission.rate_in_force(
        all_rules() if rules is None else rules, group_id, sentra_id, jakarta_date(moment)
    )
    if rule is None:
        return current_app.config["COMMISSION_DEFAULT_BP"], None
    return rule.rate_bp, rule.id


def _append(entry: CommissionEntry) -> CommissionEntry | None:
    """Insert unless an entry with this idempotency key exists; returns what was added."""
    exists = db.session.scalar(
        select(CommissionEntry.id).where(CommissionEntry.idempotency_key == entry.idempotency_key)
    )
    if exists is not None:
        return None
    db.session.add(entry)
    db.session.flush()
    return entry


def accrue_commission(sub_order, paid_at: datetime, rules: list[Rule] | None = None):
    """Copy the rate in force onto the sub-order and book its commission (once)."""
    if sub_order.commission_rate_bp is not None:
        return None  # already accrued: a rate copied at payment is history
    sentra_id = db.session.scalar(
        select(ProducerGroup.sentra_id).where(ProducerGroup.id == sub_order.group_id)
    )
    rate_bp, rule_id = rate_for(sub_order.group_id, sentra_id, paid_at, rules)
    amount = commission.commission_for(sub_order.goods_amount, rate_bp)
    sub_order.commission_rate_bp = rate_bp
    sub_order.commission_rule_id = rule_id
    sub_order.commission_amount = amount
    return _append(CommissionEntry(
        sub_order_id=sub_order.id, group_id=sub_order.group_id, kind=EntryKind.ACCRUAL,
        base_amount=sub_order.goods_amount, rate_bp=rate_bp, amount=amount,
        idempotency_key=f"accrual:{sub_order.id}", created_at=paid_at,
        reason="paid",
    ))


def reversed_so_far(sub_order_id: int) -> int:
    """Commission already given back for a sub-order (a positive number)."""
    return -int(db.session.scalar(
        select(func.coalesce(func.sum(CommissionEntry.amount), 0)).where(
            CommissionEntry.sub_order_id == sub_order_id,
            CommissionEntry.kind == EntryKind.REVERSAL,
        )
    ))


def goods_refunded(sub_order_id: int) -> int:
    """Goods rupiah of the sub-order's completed refunds."""
    return int(db.session.scalar(
        select(func.coalesce(func.sum(Refund.goods_amount), 0)).where(
            Refund.sub_order_id == sub_order_id, Refund.state == RefundState.SUCCEEDED,
        )
    ))


def _reverse(sub_order, key: str, base: int, reason: str, refund_id: int | None,
             cancelled: bool) -> CommissionEntry | None:
    if sub_order.commission_rate_bp is None:
        return None  # never accrued (the order was not paid): nothing to reverse
    target = commission.reversal_target(
        sub_order.commission_amount, sub_order.goods_amount,
        goods_refunded(sub_order.id), cancelled,
    )
    amount = target - reversed_so_far(sub_order.id)
    if amount <= 0:
        return None
    return _append(CommissionEntry(
        sub_order_id=sub_order.id, group_id=sub_order.group_id, kind=EntryKind.REVERSAL,
        base_amount=base, rate_bp=sub_order.commission_rate_bp, amount=-amount,
        refund_id=refund_id, idempotency_key=key, reason=reason[:300], created_at=utcnow(),
    ))


def reverse_for_cancellation(sub_order) -> CommissionEntry | None:
    """The group cancelled its parcel: all of its commission is given back."""
    return _reverse(sub_order, f"cancel:{sub_order.id}", sub_order.goods_amount,
                    "cancelled by group", None, cancelled=True)


def reverse_for_refund(sub_order, refund: Refund) -> CommissionEntry | None:
    """A completed refund gives back commission in proportion to the goods refunded."""
    reason = (f"payment reversed by Midtrans ({refund.reason}) {refund.refund_key}"
              if refund.method == RefundMethod.REVERSAL else f"refund {refund.refund_key}")
    return _reverse(sub_order, f"refund:{refund.id}", refund.goods_amount, reason, refund.id,
                    cancelled=sub_order.status == SubOrderStatus.CANCELLED_BY_GROUP)
