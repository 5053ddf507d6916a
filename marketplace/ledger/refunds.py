"""Refunds of (part of) a sub-order: through Midtrans where the payment type allows it,
otherwise recorded as a manual bank refund. Completing a refund reverses commission.

A late settlement (a payment Midtrans settled after its order expired or was cancelled, and
that cannot be revived) is refunded whole, as one refund of the order with no parcel and no
group: no sale was made, no commission accrued, no group is owed anything.

A Midtrans refund is written as *requested* and committed before Midtrans is asked, so
a crash or a timeout leaves evidence; it completes when Midtrans answers, when its
notification arrives, or when `flask payments reconcile` asks. Completion is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from marketplace.gateways.midtrans_statuses import TOOK_MONEY
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError, Money
from marketplace.kernel.statemachine import transition as move
from marketplace.kernel.timeutil import utcnow
from marketplace.ledger.commission import split_refund
from marketplace.ledger.entries import reverse_for_refund
from marketplace.ledger.models import (
    REFUND_TRANSITIONS,
    Payout,
    PayoutLine,
    PayoutStatus,
    Refund,
    RefundMethod,
    RefundState,
)
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.status import (
    ORDER_STATUS_LABELS,
    ORDER_TRANSITIONS,
    OrderStatus,
    transition,
)

# Midtrans refunds these through its API; bank transfers, convenience stores and the
# like must be refunded by the merchant's own bank transfer.
API_REFUNDABLE_TYPES = frozenset(
    {"credit_card", "gopay", "shopeepay", "qris", "akulaku", "kredivo"}
)
# How an admin can give money back; RefundMethod.REVERSAL is Midtrans's doing, not theirs.
ADMIN_METHODS = frozenset({RefundMethod.MIDTRANS, RefundMethod.BANK_TRANSFER})
REFUND_REASON_LIMIT = 300


class RefundError(MessageError):
    """A refund that cannot be made; str(error) is the message for the admin, its `.params`
    the figures (Money, a status label) it names."""


@dataclass(frozen=True)
class RefundRoom:
    """What can still be refunded of a sub-order (requested refunds count as taken)."""

    goods_left: int
    shipping_left: int
    requested: int  # refunds sent to Midtrans and not yet confirmed

    @property
    def total_left(self) -> int:
        return self.goods_left + self.shipping_left


def refund_room(sub: SubOrder) -> RefundRoom:
    goods, shipping, requested = db.session.execute(
        select(
            func.coalesce(func.sum(Refund.goods_amount), 0),
            func.coalesce(func.sum(Refund.shipping_amount), 0),
            func.coalesce(func.sum(Refund.amount).filter(
                Refund.state == RefundState.REQUESTED), 0),
        ).where(Refund.sub_order_id == sub.id,
                Refund.state.in_((RefundState.REQUESTED, RefundState.SUCCEEDED)))
    ).one()
    return RefundRoom(sub.goods_amount - int(goods), sub.shipping_amount - int(shipping),
                      int(requested))


def paid_attempt(order: Order) -> PaymentAttempt | None:
    """The payment attempt Midtrans settled for this order, if any."""
    return db.session.scalar(
        select(PaymentAttempt)
        .where(PaymentAttempt.order_id == order.id,
               PaymentAttempt.transaction_status.in_(sorted(TOOK_MONEY)))
        .order_by(PaymentAttempt.attempt_no.desc()).limit(1)
    )


def midtrans_can_refund(attempt: PaymentAttempt | None) -> bool:
    return attempt is not None and attempt.payment_type in API_REFUNDABLE_TYPES


def refunds_of_order(order: Order) -> list[Refund]:
    return list(db.session.scalars(
        select(Refund).where(Refund.order_id == order.id).order_by(Refund.id)
    ))


def _draft_payout_number(sub: SubOrder) -> str | None:
    return db.session.scalar(
        select(Payout.number).join(PayoutLine, PayoutLine.payout_id == Payout.id)
        .where(PayoutLine.sub_order_id == sub.id, Payout.status == PayoutStatus.DRAFT)
    )


def create_refund(order: Order, sub: SubOrder, amount: int | None, reason: str,
                  method: RefundMethod, bank_reference: str = "", actor=None) -> Refund:
    """Check and write a refund in the caller's write transaction (the order locked).

    A bank refund is complete at once; a Midtrans refund is *requested* and the caller
    commits, then calls `send_to_midtrans`. Raises RefundError with the admin's message.
    """
    reason = (reason or "").strip()
    bank_reference = (bank_reference or "").strip()
    if method not in ADMIN_METHODS:  # a reversal is recorded by the shop, never typed
        raise RefundError(_("Choose how the money goes back to the buyer."))
    if sub.order_id != order.id:
        raise RefundError(_("That parcel is not part of this order."))
    if order.status != OrderStatus.PAID:
        raise RefundError(N_("Only a paid order can be refunded; this one is “%(status)s”."),
                          status=ORDER_STATUS_LABELS.get(order.status, order.status))
    if amount is None or amount <= 0:
        raise RefundError(_("The refund amount must be a whole number of rupiah above zero."))
    if not reason:
        raise RefundError(_("Say why the buyer gets this refund."))
    room = refund_room(sub)
    if amount > room.total_left:
        raise RefundError(N_(
            "At most %(left)s can still be refunded for this parcel; nothing was refunded."),
            left=Money(room.total_left))
    draft = _draft_payout_number(sub)
    if draft:
        raise RefundError(_("This parcel is in draft payout %(number)s. Cancel that payout "
                            "first, then refund.", number=draft))
    attempt = paid_attempt(order)
    if method == RefundMethod.MIDTRANS and not midtrans_can_refund(attempt):
        raise RefundError(_("This payment (%(type)s) cannot be refunded through Midtrans. "
                            "Transfer the money and record a bank refund instead.",
                            type=(attempt.payment_type if attempt else "—") or "—"))
    if method == RefundMethod.BANK_TRANSFER and not bank_reference:
        raise RefundError(_("Enter the reference of the bank transfer that refunded the "
                            "buyer."))
    goods_part, shipping_part = split_refund(amount, room.goods_left, room.shipping_left)
    count = db.session.scalar(select(func.count(Refund.id)).where(Refund.order_id == order.id))
    refund = Refund(
        order_id=order.id, sub_order_id=sub.id, group_id=sub.group_id, amount=amount,
        goods_amount=goods_part, shipping_amount=shipping_part,
        reason=reason[:REFUND_REASON_LIMIT], method=method, state=RefundState.REQUESTED,
        refund_key=f"{order.number}-R{count + 1}",
        midtrans_order_id=attempt.midtrans_order_id if attempt else "",
        bank_reference=bank_reference[:80], created_by_id=getattr(actor, "id", None),
        created_at=utcnow(),
    )
    db.session.add(refund)
    db.session.flush()
    if method == RefundMethod.BANK_TRANSFER:
        complete_refund(order, refund)
    return refund


def complete_refund(order: Order, refund: Refund) -> bool:
    """requested -> succeeded: reverse commission, note any claw-back, and mark the order
    refunded once all of it is. False if the refund was already settled (a replay)."""
    if refund.state != RefundState.REQUESTED:
        return False
    move(refund, REFUND_TRANSITIONS, RefundState.SUCCEEDED, "state")
    refund.completed_at = utcnow()
    db.session.flush()
    if refund.late_settlement:
        # No parcel, no commission, no group: the money goes back and the review is done.
        order.needs_review = False
        db.session.flush()
        return True
    sub = db.session.get(SubOrder, refund.sub_order_id)
    entry = reverse_for_refund(sub, refund)
    reversed_now = -entry.amount if entry is not None else 0
    paid_out = db.session.scalar(
        select(PayoutLine.id).join(Payout, Payout.id == PayoutLine.payout_id)
        .where(PayoutLine.sub_order_id == sub.id, Payout.status == PayoutStatus.PAID)
    )
    if paid_out is not None:
        # The group already received this money: its next payout gives it back.
        refund.clawback_amount = refund.amount - reversed_now
    refunded_total = db.session.scalar(
        select(func.coalesce(func.sum(Refund.amount), 0))
        .where(Refund.order_id == order.id, Refund.state == RefundState.SUCCEEDED)
    )
    if refunded_total >= order.grand_total and order.status == OrderStatus.PAID:
        transition(order, ORDER_TRANSITIONS, OrderStatus.REFUNDED)
    db.session.flush()
    return True


def fail_refund(refund: Refund, error: str) -> bool:
    if refund.state != RefundState.REQUESTED:
        return False
    move(refund, REFUND_TRANSITIONS, RefundState.FAILED, "state")
    refund.error = error[:2000]
    refund.completed_at = utcnow()
    db.session.flush()
    return True


# --- late settlements ----------------------------------------------------------------
LATE_ORDER_STATUSES = (OrderStatus.EXPIRED, OrderStatus.CANCELLED)
ACTIVE_STATES = (RefundState.REQUESTED, RefundState.SUCCEEDED)


@dataclass(frozen=True)
class LateSettlement:
    """A payment Midtrans settled after its order expired or was cancelled, and its refunds."""

    attempt: PaymentAttempt
    refunds: list[Refund]

    @property
    def refund(self) -> Refund | None:
        """The refund that gives (or is giving) the money back; failed ones do not count."""
        return next((r for r in self.refunds if r.state in ACTIVE_STATES), None)

    @property
    def midtrans_ok(self) -> bool:
        return midtrans_can_refund(self.attempt)


def late_settlements(order: Order) -> list[LateSettlement]:
    """The late settlements of an order that was never paid (none once it is revived)."""
    if order.status not in LATE_ORDER_STATUSES or order.paid_at is not None:
        return []
    attempts = db.session.scalars(
        select(PaymentAttempt)
        .where(PaymentAttempt.order_id == order.id, PaymentAttempt.late_settled_at.is_not(None))
        .order_by(PaymentAttempt.attempt_no)
    ).all()
    if not attempts:
        return []
    made = [r for r in refunds_of_order(order) if r.late_settlement]
    return [LateSettlement(a, [r for r in made if r.midtrans_order_id == a.midtrans_order_id])
            for a in attempts]


def late_refund_made(order: Order) -> bool:
    """True once a late settlement of the order is refunded or being refunded: the order
    can no longer be revived."""
    return db.session.scalar(
        select(Refund.id).where(Refund.order_id == order.id, Refund.sub_order_id.is_(None),
                                Refund.state.in_(ACTIVE_STATES)).limit(1)
    ) is not None


def create_late_refund(order: Order, attempt_id: int, reason: str, method: RefundMethod,
                       bank_reference: str = "", actor=None) -> Refund:
    """Refund the whole of a late settlement, in the caller's write transaction (the order
    locked). As `create_refund`: a bank refund completes at once; a Midtrans refund is
    *requested*, the caller commits and then calls `send_to_midtrans`. Raises RefundError."""
    reason = (reason or "").strip()
    bank_reference = (bank_reference or "").strip()
    if method not in ADMIN_METHODS:
        raise RefundError(_("Choose how the money goes back to the buyer."))
    late = next((item for item in late_settlements(order) if item.attempt.id == attempt_id),
                None)
    if late is None:
        raise RefundError(N_("Only a payment that Midtrans settled after its order expired or "
                             "was cancelled can be refunded here; this order is “%(status)s”."),
                          status=ORDER_STATUS_LABELS.get(order.status, order.status))
    if late.refund is not None:
        raise RefundError(_("This payment is already refunded (%(key)s); nothing more was "
                            "refunded.", key=late.refund.refund_key))
    attempt = late.attempt
    if attempt.gross_amount != order.grand_total:
        raise RefundError(N_("This payment (%(paid)s) does not match the order total "
                             "(%(total)s): check it in the Midtrans dashboard."),
                          paid=Money(attempt.gross_amount), total=Money(order.grand_total))
    if not reason:
        raise RefundError(_("Say why the buyer gets this refund."))
    if method == RefundMethod.MIDTRANS and not late.midtrans_ok:
        raise RefundError(_("This payment (%(type)s) cannot be refunded through Midtrans. "
                            "Transfer the money and record a bank refund instead.",
                            type=attempt.payment_type or "—"))
    if method == RefundMethod.BANK_TRANSFER and not bank_reference:
        raise RefundError(_("Enter the reference of the bank transfer that refunded the "
                            "buyer."))
    count = db.session.scalar(select(func.count(Refund.id)).where(Refund.order_id == order.id))
    refund = Refund(
        order_id=order.id, sub_order_id=None, group_id=None, amount=attempt.gross_amount,
        goods_amount=order.goods_amount, shipping_amount=order.shipping_amount,
        reason=reason[:REFUND_REASON_LIMIT], method=method, state=RefundState.REQUESTED,
        refund_key=f"{order.number}-R{count + 1}", midtrans_order_id=attempt.midtrans_order_id,
        bank_reference=bank_reference[:80], created_by_id=getattr(actor, "id", None),
        created_at=utcnow(),
    )
    db.session.add(refund)
    db.session.flush()
    if method == RefundMethod.BANK_TRANSFER:
        complete_refund(order, refund)
    return refund
