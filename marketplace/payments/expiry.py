"""Expiring unpaid orders, after asking Midtrans about their payments (issue 11.2, 11.6).

An order is never expired blind: a payment Midtrans settled makes it paid (a lost
notification), one still open is ended at Midtrans first, and while Midtrans cannot be
reached the order waits for the next run. Every status goes through `apply_status`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.gateways import midtrans
from marketplace.gateways.midtrans_statuses import payment_outcome
from marketplace.kernel.dbtx import end_read, new_write
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders import services as orders
from marketplace.orders.attempts import AttemptState, PaymentAttempt, latest_attempt
from marketplace.orders.models import Order
from marketplace.orders.status import OrderStatus
from marketplace.payments.client import gateway
from marketplace.payments.outcomes import apply_status
from marketplace.payments.start import ABANDONED, move_attempt, start_bound


def expire_overdue() -> dict[str, int]:
    """Expire pending orders that are due, after asking Midtrans about each one's payments.

    Due: past their expiry time, or placed ORDER_EXPIRY_WITHOUT_PAYMENT_HOURS ago with no
    live payment attempt (none, or all failed). Returns how many orders ended each way:
    expired, paid / cancelled (what Midtrans reported), unreachable (left for the next
    run, never expired blind), held (Midtrans holds a payment an admin must look at),
    starting (a payment is being started right now), unchanged (another run or a
    notification got there first).
    """
    now = utcnow()
    hold = timedelta(hours=current_app.config["ORDER_EXPIRY_WITHOUT_PAYMENT_HOURS"])
    live = select(PaymentAttempt.id).where(
        PaymentAttempt.order_id == Order.id,
        (PaymentAttempt.state == AttemptState.REDIRECTED)
        | ((PaymentAttempt.state == AttemptState.CREATED)
           & (PaymentAttempt.created_at >= now - start_bound())),
    ).exists()
    due = db.session.execute(
        select(Order.id, Order.expires_at)
        .where(Order.status == OrderStatus.PENDING_PAYMENT,
               (Order.expires_at < now) | ((Order.created_at < now - hold) & ~live))
        .order_by(Order.id)
    ).all()
    end_read()
    counts: dict[str, int] = {}
    reachable = True  # once Midtrans fails, the other orders wait for the next run too
    with gateway() as client:
        for order_id, expires_at in due:
            outcome = _expire_one(client if reachable else None, order_id,
                                  overdue=expires_at < now, now=now)
            reachable = reachable and outcome != "unreachable"
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _expire_one(client: midtrans.Gateway | None, order_id: int, overdue: bool,
                now: datetime) -> str:
    """Settle one due order's attempts with Midtrans, then expire it; see expire_overdue.

    `client` None: Midtrans is known to be down, so only an order with nothing to ask about
    is expired.
    """
    rows = db.session.execute(
        select(PaymentAttempt.id, PaymentAttempt.midtrans_order_id, PaymentAttempt.state,
               PaymentAttempt.created_at)
        .where(PaymentAttempt.order_id == order_id).order_by(PaymentAttempt.attempt_no)
    ).all()
    end_read()  # no transaction held while Midtrans answers
    for row in rows:
        if row.state == AttemptState.FAILED:
            continue  # Snap never made a payment page for it: nothing to pay through
        if row.state == AttemptState.CREATED and now - row.created_at <= start_bound():
            return "starting"
        if client is None:
            return "unreachable"
        outcome = _end_attempt(client, order_id, row, overdue)
        if outcome != "ended":
            return outcome
    new_write()
    order = orders.lock_order(order_id)
    if order is None or order.status != OrderStatus.PENDING_PAYMENT:
        outcome = "unchanged"
    elif (latest := latest_attempt(order)) is not None and latest.id not in {r.id for r in rows}:
        outcome = "starting"  # the buyer pressed Pay meanwhile
    else:
        outcome = "expired" if orders.close_unpaid(order, OrderStatus.EXPIRED) else "unchanged"
    db.session.commit()
    return outcome


def _end_attempt(client: midtrans.Gateway, order_id: int, row, overdue: bool) -> str:
    """Make sure nothing can be paid through one attempt of a due order; "ended" if so, else
    what happened to the order instead (see expire_overdue)."""
    try:
        status = client.status(row.midtrans_order_id)
    except midtrans.TransactionNotFoundError:
        # No method chosen, and Snap's page expires with the order: nothing to pay through.
        if row.state == AttemptState.CREATED:
            move_attempt(row.id, AttemptState.FAILED, error=ABANDONED)
        return "ended"
    except midtrans.MidtransError:
        return "unreachable"
    if row.state == AttemptState.CREATED:
        move_attempt(row.id, AttemptState.REDIRECTED)  # Midtrans knows a payment for it
    outcome = _applied_for_expiry(order_id, row.id, status)
    if outcome != "pending":
        return outcome
    if not overdue:
        return "unchanged"  # a live payment after all: the order keeps its full time
    ended = _end_at_midtrans(client, row.midtrans_order_id, status)
    if ended is None:
        return "unreachable"
    outcome = _applied_for_expiry(order_id, row.id, ended)
    return "held" if outcome == "pending" else outcome


def _applied_for_expiry(order_id: int, attempt_id: int, status) -> str:
    """Apply a status Midtrans reported; what it means for expiring the order: the order's
    new status if this changed it, "ended" (nothing to pay through this attempt), "pending"
    (a payment still open at Midtrans), "held" (one an admin must look at), "unchanged"."""
    verdict = apply_status(attempt_id, status)
    order_status = db.session.scalar(select(Order.status).where(Order.id == order_id))
    db.session.commit()
    if order_status != OrderStatus.PENDING_PAYMENT:
        return str(order_status) if verdict == "applied" else "unchanged"
    outcome = payment_outcome(status.transaction_status, status.fraud_status)
    if outcome in ("cancelled", "expired"):
        return "ended"
    if outcome in ("pending", "review") and verdict != "amount_mismatch":
        return "pending"
    return "held"  # money Midtrans reports that the order cannot take: flagged for review


def _end_at_midtrans(client: midtrans.Gateway, midtrans_id: str, status):
    """End a payment still open at Midtrans, so it cannot be paid once the order expired.

    A pending one is expired there (the notification Midtrans then sends agrees with our
    expiry); one held for fraud review is cancelled (Midtrans expires only pending ones).
    Returns what Midtrans reports now; None if it cannot be reached.
    """
    end = client.expire if status.transaction_status == "pending" else client.cancel
    try:
        return end(midtrans_id)
    except midtrans.GatewayUnavailableError:
        return None
    except midtrans.MidtransError:
        pass  # refused: it moved meanwhile (paid a moment ago?); ask what it is now
    try:
        return client.status(midtrans_id)
    except midtrans.MidtransError:
        return None
