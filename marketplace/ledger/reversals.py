"""A settled payment that Midtrans takes back: deny, cancel or chargeback after settlement.

MIDTRANS.md: the order is then no longer paid. `reverse_payment` (called by payments with a
status confirmed through the status API, the order locked) moves the order to
payment_reversed, puts its unshipped parcels on hold with their stock returned
(orders.reverse_paid), and records what went back to the buyer as one refund per parcel of
method `reversal`, for what was left to refund of it. Completing those refunds is the refund
flow's own work, so the same rules hold as for any refund: the commission reversal is its own
ledger entry, a parcel already paid out gets a claw-back in its group's next payout, and the
reconciliation identity of docs/money.md stays true. It acts only on a paid order, so a
replayed notification or a second reconcile changes nothing. Services flush; callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from marketplace.gateways.midtrans_statuses import REVERSAL_STATUSES
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.ledger import payouts
from marketplace.ledger.models import (
    CommissionEntry,
    Payout,
    PayoutLine,
    PayoutStatus,
    Refund,
    RefundMethod,
    RefundState,
)
from marketplace.ledger.refunds import complete_refund, refund_room
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.services import flag_for_review, reverse_paid
from marketplace.orders.status import OrderStatus, SubOrderStatus

SHIPPED = (SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED, SubOrderStatus.COMPLETED)


def reverse_payment(order: Order, attempt: PaymentAttempt, transaction_status: str) -> str:
    """Undo the payment of a paid order (the order locked); returns the verdict:
    "reversed", or "no_change" when the order is not paid (already reversed, say)."""
    if order.status != OrderStatus.PAID:
        return "no_change"
    held = reverse_paid(order)
    drafts = _cancel_drafts(order)
    made = [refund for position, sub in enumerate(order.sub_orders, start=1)
            if (refund := _record(order, sub, position, attempt, transaction_status))]
    flag_for_review(order, _note(order, attempt, transaction_status, held, made, drafts))
    return "reversed"


def _cancel_drafts(order: Order) -> list[str]:
    """Cancel the draft payouts holding a parcel of the order: their amounts counted money
    the buyer now has back. Returns their numbers (the admin creates them again)."""
    ids = db.session.scalars(
        select(Payout.id).join(PayoutLine, PayoutLine.payout_id == Payout.id)
        .join(SubOrder, SubOrder.id == PayoutLine.sub_order_id)
        .where(SubOrder.order_id == order.id, Payout.status == PayoutStatus.DRAFT)
        .distinct().order_by(Payout.id)
    ).all()
    cancelled = []
    for payout_id in ids:
        payout = payouts.lock_payout(payout_id)
        if payout.status == PayoutStatus.DRAFT:  # marked paid meanwhile: a claw-back then
            payouts.cancel(payout)
            cancelled.append(payout.number)
    return cancelled


def _record(order: Order, sub: SubOrder, position: int, attempt: PaymentAttempt,
            transaction_status: str) -> Refund | None:
    """The parcel's money back with the buyer: a refund of what was left, completed now."""
    key = f"{order.number}-RV{position}"
    if db.session.scalar(select(Refund.id).where(Refund.refund_key == key)) is not None:
        return None
    room = refund_room(sub)
    if room.total_left <= 0:
        return None
    refund = Refund(
        order_id=order.id, sub_order_id=sub.id, group_id=sub.group_id,
        amount=room.total_left, goods_amount=room.goods_left,
        shipping_amount=room.shipping_left, reason=transaction_status,
        method=RefundMethod.REVERSAL, state=RefundState.REQUESTED, refund_key=key,
        midtrans_order_id=attempt.midtrans_order_id, created_at=utcnow(),
    )
    db.session.add(refund)
    db.session.flush()
    complete_refund(order, refund)  # commission reversal, claw-back; never "refunded"
    return refund


def _note(order: Order, attempt: PaymentAttempt, status: str, held: list[SubOrder],
          made: list[Refund], drafts: list[str]) -> str:
    """The review note (English, like every note payments write)."""
    units = sum(line.quantity for sub in held for line in sub.lines)
    parts = [f"{attempt.midtrans_order_id} became {status} after payment: the order is no "
             f"longer paid. {len(held)} parcel(s) on hold, {units} unit(s) back in stock; "
             f"{sum(r.amount for r in made)} recorded as taken back by Midtrans."]
    shipped = [sub.group_name for sub in order.sub_orders if sub.status in SHIPPED]
    if shipped:
        parts.append(f"Already shipped: {', '.join(shipped)}.")
    clawback = sum(r.clawback_amount for r in made)
    if clawback:
        parts.append(f"Claw-back from next payouts: {clawback}.")
    if drafts:
        parts.append(f"Draft payout(s) {', '.join(drafts)} cancelled: create them again.")
    waiting = refund_room_waiting(order)
    if waiting:
        parts.append(f"{waiting} of refunds still wait for Midtrans.")
    return " ".join(parts)


def refund_room_waiting(order: Order) -> int:
    """Rupiah of the order's refunds sent to Midtrans and not yet confirmed."""
    return int(db.session.scalar(
        select(func.coalesce(func.sum(Refund.amount), 0))
        .where(Refund.order_id == order.id, Refund.state == RefundState.REQUESTED)
    ))


# --- reading it back for the admin's review page ------------------------------------------
@dataclass(frozen=True)
class ParcelReversal:
    """One parcel after its order's payment was reversed."""

    sub: SubOrder
    taken_back: int  # what the reversal refund recorded for it
    commission_reversed: int  # by that refund's ledger entry
    clawback: int  # to take back from the group's next payout (already paid out)
    units_returned: int  # back in stock (parcels put on hold)

    @property
    def on_hold(self) -> bool:
        return self.sub.status == SubOrderStatus.ON_HOLD

    @property
    def shipped(self) -> bool:
        return self.sub.status in SHIPPED


@dataclass(frozen=True)
class Reversal:
    """What happened to a payment_reversed order, for the admin."""

    midtrans_order_id: str
    transaction_status: str
    at: datetime | None
    parcels: list[ParcelReversal]
    waiting: int  # the order's refunds still waiting for Midtrans

    @property
    def held(self) -> list[ParcelReversal]:
        return [p for p in self.parcels if p.on_hold]

    @property
    def shipped(self) -> list[ParcelReversal]:
        return [p for p in self.parcels if p.shipped]

    @property
    def units_returned(self) -> int:
        return sum(p.units_returned for p in self.parcels)

    @property
    def taken_back(self) -> int:
        return sum(p.taken_back for p in self.parcels)

    @property
    def commission_reversed(self) -> int:
        return sum(p.commission_reversed for p in self.parcels)

    @property
    def clawback(self) -> int:
        return sum(p.clawback for p in self.parcels)

    @property
    def chargeback(self) -> bool:
        return self.transaction_status == "chargeback"


def reversal_of(order: Order) -> Reversal | None:
    """The reversal of a payment_reversed order (None for any other order)."""
    if order.status != OrderStatus.PAYMENT_REVERSED:
        return None
    attempt = db.session.scalar(
        select(PaymentAttempt)
        .where(PaymentAttempt.order_id == order.id,
               PaymentAttempt.transaction_status.in_(REVERSAL_STATUSES))
        .order_by(PaymentAttempt.attempt_no.desc()).limit(1)
    )
    refunds = {r.sub_order_id: r for r in db.session.scalars(
        select(Refund).where(Refund.order_id == order.id,
                             Refund.method == RefundMethod.REVERSAL))}
    reversed_by = dict(db.session.execute(
        select(CommissionEntry.refund_id, func.sum(CommissionEntry.amount))
        .where(CommissionEntry.refund_id.in_([r.id for r in refunds.values()]))
        .group_by(CommissionEntry.refund_id)
    ).all())
    parcels = []
    for sub in order.sub_orders:
        refund = refunds.get(sub.id)
        parcels.append(ParcelReversal(
            sub=sub,
            taken_back=refund.amount if refund else 0,
            commission_reversed=-int(reversed_by.get(refund.id, 0)) if refund else 0,
            clawback=refund.clawback_amount if refund else 0,
            units_returned=(sum(line.quantity for line in sub.lines)
                            if sub.status == SubOrderStatus.ON_HOLD else 0),
        ))
    times = [r.completed_at for r in refunds.values() if r.completed_at]
    return Reversal(
        midtrans_order_id=attempt.midtrans_order_id if attempt else "",
        transaction_status=attempt.transaction_status if attempt else "",
        at=min(times) if times else (attempt.updated_at if attempt else None),
        parcels=parcels, waiting=refund_room_waiting(order),
    )
