"""Asking Midtrans again: the reconcile command (pending, recently closed and unconfirmed
orders, unfinished starts, refunds waiting) and the buyer's order page while they wait."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from marketplace.gateways import midtrans
from marketplace.kernel.dbtx import end_read, new_write
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.attempts import (
    AttemptState,
    PaymentAttempt,
    latest_attempt,
)
from marketplace.orders.models import Order
from marketplace.orders.status import OrderStatus
from marketplace.payments.client import gateway
from marketplace.payments.models import PaymentNotification
from marketplace.payments.outcomes import apply_status
from marketplace.payments.refunds import requested_refund_ids, send_to_midtrans
from marketplace.payments.start import settle_abandoned_start, start_bound

# How long reconcile keeps asking about a paid order's notification it could not confirm.
UNCONFIRMED_RECHECK = timedelta(days=7)


# Transaction statuses Midtrans never moves on from to a payment: not asked about again.
ENDED_AT_MIDTRANS = frozenset({"expire", "cancel", "deny", "failure"})


def reconcile_pending() -> dict[str, int]:
    """Ask Midtrans about every attempt of every pending order, about paid orders' attempts
    whose recent notification could not be confirmed (a deny or a chargeback after
    settlement), and about orders expired or cancelled in the last RECONCILE_LOOKBACK_DAYS
    (a settlement that came too late is flagged for review); apply the answers. Payment
    starts that never finished are settled first (`settle_abandoned_start`)."""
    counts: dict[str, int] = {}
    now = utcnow()
    unconfirmed = (
        select(PaymentNotification.id)
        .where(PaymentNotification.midtrans_order_id == PaymentAttempt.midtrans_order_id,
               PaymentNotification.verdict == "unconfirmed",
               PaymentNotification.received_at >= now - UNCONFIRMED_RECHECK)
        .exists()
    )
    lookback = timedelta(days=current_app.config["RECONCILE_LOOKBACK_DAYS"])
    recently_closed = (Order.status.in_((OrderStatus.EXPIRED, OrderStatus.CANCELLED))
                       & (Order.closed_at >= now - lookback)
                       & PaymentAttempt.transaction_status.not_in(ENDED_AT_MIDTRANS))
    abandoned = db.session.execute(
        select(PaymentAttempt.id, PaymentAttempt.midtrans_order_id)
        .where(PaymentAttempt.state == AttemptState.CREATED,
               PaymentAttempt.created_at < now - start_bound())
        .order_by(PaymentAttempt.id)
    ).all()
    attempts = db.session.execute(
        select(PaymentAttempt.id, PaymentAttempt.midtrans_order_id)
        .join(Order, Order.id == PaymentAttempt.order_id)
        .where(PaymentAttempt.state == AttemptState.REDIRECTED,
               (Order.status == OrderStatus.PENDING_PAYMENT)
               | ((Order.status == OrderStatus.PAID) & unconfirmed)
               | recently_closed)
        .order_by(PaymentAttempt.id)
    ).all()
    end_read()
    with gateway() as client:
        for attempt_id, midtrans_id in abandoned:
            verdict = settle_abandoned_start(client, attempt_id, midtrans_id)
            counts[verdict] = counts.get(verdict, 0) + 1
        for attempt_id, midtrans_id in attempts:
            try:
                status = client.status(midtrans_id)
            except midtrans.TransactionNotFoundError:
                verdict = "not_started"  # no method chosen yet; the expiry job covers it
            except midtrans.MidtransError:
                verdict = "unconfirmed"
            else:
                verdict = apply_status(attempt_id, status)
            counts[verdict] = counts.get(verdict, 0) + 1
    return counts


# The buyer is waiting for the page: a slow Midtrans must not hold it long.
REFRESH_TIMEOUT = 2.0


LIVE_ATTEMPTS = 3  # the newest attempts of an order worth asking about


def refresh_order_status(order: Order, min_interval: timedelta = timedelta(0)) -> dict[int, str]:
    """Ask Midtrans about a pending order's live attempts and apply what it confirms.

    The same status API and `apply_status` as `reconcile_pending`, so a late or lost
    notification does not leave the buyer looking at "waiting for payment". At most once
    per `min_interval` per order, claimed in the database so that every worker agrees.
    Returns each attempt's verdict ("not_started": no method chosen yet; "unconfirmed":
    Midtrans did not answer); {} when there was nothing to ask or it was too soon. Commits.
    """
    if order.status != OrderStatus.PENDING_PAYMENT:
        return {}
    rows = db.session.execute(
        select(PaymentAttempt.id, PaymentAttempt.midtrans_order_id,
               PaymentAttempt.status_checked_at)
        .where(PaymentAttempt.order_id == order.id, PaymentAttempt.state == "redirected")
        .order_by(PaymentAttempt.attempt_no.desc())
        .limit(LIVE_ATTEMPTS)
    ).all()
    end_read()  # no transaction held while Midtrans answers
    if not rows or not _claim_status_check(rows[0].id, rows[0].status_checked_at, min_interval):
        return {}
    config = midtrans.config_from_app(current_app.config)
    config = replace(config, timeout=min(config.timeout, REFRESH_TIMEOUT))
    verdicts: dict[int, str] = {}
    with midtrans.gateway_from_config(config) as client:
        for attempt_id, midtrans_id, _checked in rows:
            try:
                status = client.status(midtrans_id)
            except midtrans.TransactionNotFoundError:
                verdicts[attempt_id] = "not_started"
            except midtrans.GatewayUnavailableError:
                verdicts[attempt_id] = "unconfirmed"
                break  # down: the next attempt would only make the buyer wait again
            except midtrans.MidtransError:
                verdicts[attempt_id] = "unconfirmed"
            else:
                verdicts[attempt_id] = apply_status(attempt_id, status)
    return verdicts


def _claim_status_check(attempt_id: int, checked_at, min_interval: timedelta) -> bool:
    """Take this order's turn to ask Midtrans; False if another request asked too recently."""
    now = utcnow()
    if checked_at is not None and now - checked_at < min_interval:
        return False  # decided without a write: most polls end here
    new_write()
    claimed = db.session.execute(
        update(PaymentAttempt)
        .where(PaymentAttempt.id == attempt_id,
               PaymentAttempt.status_checked_at.is_(None)
               | (PaymentAttempt.status_checked_at <= now - min_interval))
        # updated_at stays: it tells when the payment changed, not when we looked
        .values(status_checked_at=now, updated_at=PaymentAttempt.updated_at)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def note_buyer_returned(order: Order, verdicts: dict[int, str]) -> None:
    """The buyer is back from Snap: the page says "confirming" for a while, not "Pay now".

    Not when Midtrans just said no method was chosen: the buyer left without paying.
    Flushes; the caller commits.
    """
    attempt = latest_attempt(order)
    if attempt is None or attempt.state != "redirected" or \
            verdicts.get(attempt.id) == "not_started":
        return
    new_write()
    db.session.execute(
        update(PaymentAttempt).where(PaymentAttempt.id == attempt.id)
        .values(returned_at=utcnow(), updated_at=PaymentAttempt.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()


def reconcile_refunds() -> dict[str, int]:
    """Send every refund still waiting for Midtrans again (same refund_key: refunds once)."""
    counts: dict[str, int] = {}
    for refund_id in requested_refund_ids():
        state = str(send_to_midtrans(refund_id))
        counts[state] = counts.get(state, 0) + 1
    return counts
