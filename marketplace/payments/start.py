"""Starting a payment: an attempt, a Snap transaction, the link saved; abandoned starts settled."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from marketplace.gateways import midtrans
from marketplace.kernel.dbtx import end_read, new_write
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import JAKARTA, utcnow
from marketplace.orders.attempts import (
    ATTEMPT_TRANSITIONS,
    LIVE_STATES,
    AttemptState,
    PaymentAttempt,
    latest_attempt,
)
from marketplace.orders.models import Order
from marketplace.orders.status import OrderStatus
from marketplace.payments.client import gateway
from marketplace.payments.outcomes import apply_status
from marketplace.payments.progress import pay_by

NAME_LIMIT = 50


ABANDONED = ("the payment start did not finish (its request died between Snap and saving "
             "the payment link) and Midtrans knows no payment for it")


class PaymentStartError(Exception):
    """Snap could not be reached or refused the transaction; the order stays pending."""


def _cut(text: str, limit: int = NAME_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def snap_params(order: Order, attempt: PaymentAttempt, finish_url: str) -> dict:
    """Snap request: one item per line plus one shipping line per group, summing exactly."""
    items = []
    for sub in order.sub_orders:
        for line in sub.lines:
            items.append({
                "id": _cut(line.sku or str(line.product_id)),
                "name": _cut(line.display_name),
                "price": line.unit_price,
                "quantity": line.quantity,
                "merchant_name": _cut(sub.group_name),
            })
        if sub.shipping_amount:
            items.append({
                "id": f"SHIP-{sub.id}",
                "name": _cut(f"Ongkos kirim {sub.group_name}"
                             + (f" ({sub.shipping_label})" if sub.shipping_label else "")),
                "price": sub.shipping_amount,
                "quantity": 1,
                "merchant_name": _cut(sub.group_name),
            })
    assert sum(i["price"] * i["quantity"] for i in items) == order.grand_total  # noqa: S101
    now = utcnow()
    minutes = max(1, int((order.expires_at - now) / timedelta(minutes=1)))
    first, _, last = order.buyer_name.partition(" ")
    return {
        "transaction_details": {"order_id": attempt.midtrans_order_id,
                                "gross_amount": order.grand_total},
        "item_details": items,
        "customer_details": {
            "first_name": _cut(first), "last_name": _cut(last), "email": order.email,
            "phone": order.phone,
            "shipping_address": {
                "first_name": _cut(first), "last_name": _cut(last), "phone": order.phone,
                "address": _cut(f"{order.street}, {order.village}, {order.district}", 200),
                "city": order.regency, "postal_code": order.postal_code,
                "country_code": "IDN",
            },
        },
        "expiry": {"start_time": now.astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M:%S +0700"),
                   "unit": "minute", "duration": minutes},
        "callbacks": {"finish": finish_url},
    }


def start_bound() -> timedelta:
    """How long starting a payment may take before the attempt is taken for abandoned."""
    return timedelta(seconds=current_app.config["PAYMENT_START_STALE_SECONDS"])


def order_pay_by(order: Order, attempt: PaymentAttempt | None) -> datetime:
    """When this unpaid order expires, given its latest attempt (progress.pay_by)."""
    without = timedelta(hours=current_app.config["ORDER_EXPIRY_WITHOUT_PAYMENT_HOURS"])
    return pay_by(order.expires_at, order.created_at, attempt, without)


def start_payment(order: Order) -> PaymentAttempt | None:
    """The attempt to send the buyer to: reuse a live one, else create one with Snap.

    Returns None when another request is creating this order's attempt right now (the
    caller shows the order page). An attempt still "created" after `start_bound()` (its
    request died between Snap and saving the link) is settled with Midtrans first, so a
    fresh one is made. Raises PaymentStartError when Snap (or Midtrans) fails.
    """
    new_write()
    latest = latest_attempt(order)
    if latest is not None and latest.state == AttemptState.CREATED and \
            utcnow() - latest.created_at > start_bound():
        stale_id, stale_name = latest.id, latest.midtrans_order_id
        end_read()  # no transaction held while Midtrans answers
        with gateway() as client:
            verdict = settle_abandoned_start(client, stale_id, stale_name)
        if verdict == "unconfirmed":
            raise PaymentStartError(f"Midtrans could not say what became of {stale_name}")
        new_write()
        if order.status != OrderStatus.PENDING_PAYMENT:
            return None  # Midtrans's answer about it paid or closed the order
        latest = latest_attempt(order)
    if latest is not None and latest.state in LIVE_STATES:
        return latest if latest.redirect_url else None
    number = (latest.attempt_no + 1) if latest else 1
    attempt = PaymentAttempt(
        order_id=order.id, attempt_no=number, gross_amount=order.grand_total,
        midtrans_order_id=f"{order.number}-{number}", state=AttemptState.CREATED,
    )
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    attempt_id = attempt.id
    finish = url_for("orders.finish", number=order.number, _external=True)
    try:
        with gateway() as client:
            snap = client.create_snap(snap_params(order, attempt, finish))
    except midtrans.MidtransError as error:
        move_attempt(attempt_id, AttemptState.FAILED, error=str(error)[:1000])
        current_app.logger.warning("Snap failed for %s: %s", attempt.midtrans_order_id, error)
        raise PaymentStartError(str(error)) from error
    if not _save_link(attempt_id, snap):
        return None  # given up meanwhile: this request outlived start_bound()
    return attempt


def move_attempt(attempt_id: int, new: AttemptState, **values) -> bool:
    """Move an attempt along ATTEMPT_TRANSITIONS by a conditional UPDATE; commits.

    False if the attempt was no longer in a state allowing it (another request or command
    moved it first)."""
    sources = [state for state, targets in ATTEMPT_TRANSITIONS.items() if new in targets]
    new_write()
    moved = db.session.execute(
        update(PaymentAttempt)
        .where(PaymentAttempt.id == attempt_id, PaymentAttempt.state.in_(sources))
        .values(state=new, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return moved == 1


def _save_link(attempt_id: int, snap: midtrans.SnapTransaction) -> bool:
    """Save Snap's payment page on the attempt; False if the attempt was given up meanwhile.

    The database connection can drop between Snap's answer and this write (a restart, a
    failover, a terminated backend): one retry on a fresh connection saves the link, so the
    buyer is sent on rather than left with an attempt that has none.
    """
    values = {"snap_token": snap.token, "redirect_url": snap.redirect_url}
    try:
        return move_attempt(attempt_id, AttemptState.REDIRECTED, **values)
    except (OperationalError, InterfaceError) as error:
        db.session.rollback()
        current_app.logger.warning("saving the payment link of attempt %s failed, retrying: %s",
                                   attempt_id, error)
    try:
        if move_attempt(attempt_id, AttemptState.REDIRECTED, **values):
            return True
        # The first write may have committed before its connection dropped.
        saved = db.session.scalar(select(PaymentAttempt.redirect_url)
                                  .where(PaymentAttempt.id == attempt_id))
        db.session.commit()
        return saved == snap.redirect_url
    except (OperationalError, InterfaceError) as error:
        db.session.rollback()
        raise PaymentStartError("the payment link could not be saved") from error


def settle_abandoned_start(client: midtrans.Gateway, attempt_id: int, midtrans_id: str) -> str:
    """Ask Midtrans about an attempt whose start never finished, and settle it; commits.

    No transaction there (nobody ever had its payment page) → failed, verdict "abandoned";
    a transaction → redirected, and its status applied like any other; Midtrans
    unreachable → left as it is, "unconfirmed".
    """
    try:
        status = client.status(midtrans_id)
    except midtrans.TransactionNotFoundError:
        moved = move_attempt(attempt_id, AttemptState.FAILED, error=ABANDONED)
        return "abandoned" if moved else "no_change"
    except midtrans.MidtransError:
        return "unconfirmed"
    move_attempt(attempt_id, AttemptState.REDIRECTED)
    return apply_status(attempt_id, status)
