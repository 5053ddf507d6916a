"""The one place an order changes because of a payment: given a status confirmed through
Midtrans's status API (never what a notification body claims), drive the order (its state)
and the ledger (accrual, reversal, refunds). Used by the notification endpoint, the
reconcile command, the finish page, the expiry job and the admin's revive action."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.gateways import midtrans
from marketplace.gateways.midtrans_statuses import REVERSAL_STATUSES, TOOK_MONEY, payment_outcome
from marketplace.kernel.dbtx import new_write
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.ledger.entries import accrue_commission, all_rules
from marketplace.ledger.refunds import late_refund_made
from marketplace.ledger.reversals import reverse_payment
from marketplace.orders import services as orders
from marketplace.orders.attempts import (
    PaymentAttempt,
    latest_attempt,
)
from marketplace.orders.invoices import issue_invoice
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.notices import queue_paid_notices
from marketplace.orders.status import OrderStatus
from marketplace.payments.refunds import apply_midtrans_refunds

AFTER_PAYMENT = (OrderStatus.PAID, OrderStatus.REFUNDED, OrderStatus.PAYMENT_REVERSED)


def mark_order_paid(order: Order) -> list[SubOrder]:
    """The order paid: its state (orders), then each parcel's commission at the rate in force
    now, copied once (ledger). Returns the sub-orders now new. Flushes."""
    fresh = orders.mark_paid(order)
    rules = all_rules()
    for sub in order.sub_orders:
        accrue_commission(sub, order.paid_at, rules)
    issue_invoice(order)  # numbered in the paying transaction: a rollback leaves no gap
    db.session.flush()
    return fresh


def apply_status(attempt_id: int, status: midtrans.TransactionStatus) -> str:
    """Apply a confirmed transaction status to its order; commits. Returns the verdict."""
    new_write()
    attempt = db.session.get(PaymentAttempt, attempt_id, populate_existing=True)
    order = orders.lock_order(attempt.order_id)
    previous = attempt.transaction_status
    attempt.transaction_status = status.transaction_status
    attempt.payment_type = status.payment_type or attempt.payment_type
    verdict = _decide(order, attempt, status, previous)
    if verdict == "applied" and order.status == OrderStatus.PAID:
        queue_paid_notices(order)  # committed with the payment, or not at all
    db.session.commit()
    return verdict


def _decide(order: Order, attempt: PaymentAttempt, status, previous: str = "") -> str:
    """The verdict for a confirmed status; `previous` is what the attempt had before it."""
    outcome = payment_outcome(status.transaction_status, status.fraud_status)
    if outcome in ("paid", "pending", "review") and status.gross_amount != order.grand_total:
        orders.flag_for_review(order, f"{attempt.midtrans_order_id}: Midtrans amount "
                               f"{status.gross_amount} differs from the order total "
                               f"{order.grand_total}; not marked paid")
        return "amount_mismatch"
    if order.status in AFTER_PAYMENT and (status.transaction_status in REVERSAL_STATUSES
                                          or status.transaction_status == "partial_chargeback"):
        return _taken_back(order, attempt, status.transaction_status, previous)
    is_latest = attempt.id == latest_attempt(order).id
    if outcome == "paid":
        if order.status == OrderStatus.PAID:
            if attempt.transaction_status and not is_latest and _other_paid(order, attempt):
                orders.flag_for_review(order, f"{attempt.midtrans_order_id} paid too: "
                                       "the order was already paid; refund one payment")
                return "flagged"
            return "no_change"
        if order.status == OrderStatus.PENDING_PAYMENT:
            mark_order_paid(order)
            return "applied"
        if order.status in (OrderStatus.EXPIRED, OrderStatus.CANCELLED) and \
                attempt.late_settled_at is None:
            attempt.late_settled_at = utcnow()  # the buyer's money, held for no sale
        orders.flag_for_review(order, f"{attempt.midtrans_order_id} settled after the order "
                               f"was {order.status}: re-reserve the stock or refund")
        return "flagged"
    if outcome == "pending":
        return "no_change"  # never undoes a later state
    if outcome == "review":
        orders.flag_for_review(order, f"{attempt.midtrans_order_id}: "
                               f"{status.transaction_status}/{status.fraud_status}")
        return "flagged"
    if outcome in ("cancelled", "expired"):
        if order.status in AFTER_PAYMENT:
            return "no_change"  # deny and cancel after payment were handled above
        if not is_latest:
            return "no_change"  # an older attempt failing does not end a newer one
        target = OrderStatus.EXPIRED if outcome == "expired" else OrderStatus.CANCELLED
        return "applied" if orders.close_unpaid(order, target) else "no_change"
    if outcome == "refunded":
        # A late settlement is refunded although its order was never paid.
        if order.status in (OrderStatus.PAID, OrderStatus.REFUNDED) or \
                attempt.late_settled_at is not None:
            return apply_midtrans_refunds(order, status)
        orders.flag_for_review(order, f"{attempt.midtrans_order_id} reports "
                               f"{status.transaction_status} for an order that is {order.status}")
        return "flagged"
    return "no_change"


def _taken_back(order: Order, attempt: PaymentAttempt, tx: str, previous: str) -> str:
    """Midtrans takes back (some of) a payment it had settled: deny, cancel, chargeback,
    partial_chargeback. Only the payment that paid the order reverses it, once."""
    if order.status == OrderStatus.PAYMENT_REVERSED or tx == previous:
        return "no_change"  # already applied: a replayed notification, a second reconcile
    paid_through_it = previous in TOOK_MONEY
    if not paid_through_it and tx != "chargeback" and tx != "partial_chargeback":
        return "no_change"  # a payment that never went through failing ends nothing
    name = attempt.midtrans_order_id
    if tx == "partial_chargeback":
        reason = (f"{name}: partial_chargeback: the buyer's bank took back part of the "
                  "payment; the order stays paid. Record what went back as a refund of the "
                  "parcels concerned, or contest it in the Midtrans dashboard")
    elif order.status == OrderStatus.REFUNDED:
        reason = (f"{name} became {tx} after the order was refunded in full: the buyer may "
                  "get the money twice; contest it in the Midtrans dashboard")
    elif not paid_through_it or _other_paid(order, attempt):
        reason = (f"{name} became {tx}; the order is paid through another payment and "
                  "stays paid: check both payments in the Midtrans dashboard")
    else:
        return reverse_payment(order, attempt, tx)
    orders.flag_for_review(order, reason)
    return "flagged"


def _other_paid(order: Order, attempt: PaymentAttempt) -> bool:
    return bool(db.session.scalar(
        select(PaymentAttempt.id).where(
            PaymentAttempt.order_id == order.id,
            PaymentAttempt.id != attempt.id,
            PaymentAttempt.transaction_status.in_(("settlement", "capture")),
        )
    ))


class ReviveError(Exception):
    """Why an order cannot be revived: "not_settled", "refunded" or "no_stock"."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def revive(order: Order, user_id: int | None = None) -> None:
    """A payment Midtrans settled after the order expired or was cancelled: take the stock
    again and mark the order paid (commission booked, groups told). The order is locked by
    the caller; flushes. Raises ReviveError, after which the caller rolls back."""
    paid = db.session.scalar(select(PaymentAttempt.id).where(
        PaymentAttempt.order_id == order.id,
        PaymentAttempt.transaction_status.in_(("settlement", "capture"))))
    if order.status not in (OrderStatus.EXPIRED, OrderStatus.CANCELLED) or paid is None:
        raise ReviveError("not_settled")
    if late_refund_made(order):
        raise ReviveError("refunded")
    if order.stock_released_at is not None and not orders.reserve_again(order, user_id=user_id):
        raise ReviveError("no_stock")
    mark_order_paid(order)
    order.needs_review = False
    queue_paid_notices(order)
    db.session.flush()
