"""Starting payments and applying what Midtrans says, idempotently and in order.

`apply_status` is the single place an order changes because of a payment: the
notification endpoint and the reconcile command both call it with a status confirmed
through Midtrans's status API, never with what a notification body claims.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from marketplace.gateways import midtrans
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import NUL, without_nul
from marketplace.kernel.timeutil import JAKARTA, utcnow
from marketplace.orders import services as orders
from marketplace.orders.models import Order
from marketplace.orders.status import REVERSAL_STATUSES, OrderStatus, payment_outcome
from marketplace.payments.models import PaymentAttempt, PaymentNotification
from marketplace.payments.progress import pay_by
from marketplace.payments.status import ATTEMPT_TRANSITIONS, LIVE_STATES, AttemptState

NAME_LIMIT = 50
# What an attempt records once Midtrans took its money (ledger/settlement.py has the same).
PAID_HERE = frozenset({"settlement", "capture", "partial_refund", "refund"})
AFTER_PAYMENT = (OrderStatus.PAID, OrderStatus.REFUNDED, OrderStatus.PAYMENT_REVERSED)
# How long reconcile keeps asking about a paid order's notification it could not confirm.
UNCONFIRMED_RECHECK = timedelta(days=7)
# Transaction statuses Midtrans never moves on from to a payment: not asked about again.
ENDED_AT_MIDTRANS = frozenset({"expire", "cancel", "deny", "failure"})
ABANDONED = ("the payment start did not finish (its request died between Snap and saving "
             "the payment link) and Midtrans knows no payment for it")


class PaymentStartError(Exception):
    """Snap could not be reached or refused the transaction; the order stays pending."""


def gateway() -> midtrans.Gateway:
    return midtrans.gateway_from_config(midtrans.config_from_app(current_app.config))


def server_key() -> str:
    return midtrans.config_from_app(current_app.config).server_key


def latest_attempt(order: Order) -> PaymentAttempt | None:
    return db.session.scalar(
        select(PaymentAttempt)
        .where(PaymentAttempt.order_id == order.id)
        .order_by(PaymentAttempt.attempt_no.desc())
        .limit(1)
    )


def _cut(text: str, limit: int = NAME_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def snap_params(order: Order, attempt: PaymentAttempt, finish_url: str) -> dict:
    """Snap request: one item per line plus one shipping line per group, summing exactly."""
    items = []
    for sub in order.sub_orders:
        for line in sub.lines:
            items.append({
                "id": _cut(line.sku or str(line.product_id)),
                "name": _cut(line.product_name),
                "price": line.unit_price,
                "quantity": line.quantity,
                "merchant_name": _cut(sub.group_name),
            })
        if sub.shipping_amount:
            items.append({
                "id": f"SHIP-{sub.id}",
                "name": _cut(f"Ongkos kirim {sub.group_name}"),
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
    begin_write()
    latest = latest_attempt(order)
    if latest is not None and latest.state == AttemptState.CREATED and \
            utcnow() - latest.created_at > start_bound():
        stale_id, stale_name = latest.id, latest.midtrans_order_id
        db.session.commit()  # no transaction held while Midtrans answers
        with gateway() as client:
            verdict = settle_abandoned_start(client, stale_id, stale_name)
        if verdict == "unconfirmed":
            raise PaymentStartError(f"Midtrans could not say what became of {stale_name}")
        begin_write()
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
    begin_write()
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


# --- notifications and reconciliation ------------------------------------------------
def record_notification(raw_body: bytes, remote_addr: str) -> tuple[int, str]:
    """Store, check, confirm and apply one HTTP notification; returns (HTTP status, verdict).

    The body is stored first, byte for byte, whatever it holds. Anything that then fails
    unexpectedly is recorded on that row and answered 503, so Midtrans sends it again
    (and the reconcile command can finish the job); this never answers 500.
    """
    try:
        begin_write()
        row = PaymentNotification(raw_body=bytes(raw_body),
                                  remote_addr=without_nul(remote_addr or "")[:45])
        db.session.add(row)
        db.session.commit()  # kept whatever happens next
        row_id = row.id
    except Exception:  # noqa: BLE001 - the database is away: Midtrans must try again
        db.session.rollback()
        current_app.logger.exception("payment notification could not be stored")
        return 503, "error"
    try:
        verdict, status, detail, fields = _handle(raw_body)
    except Exception as error:  # noqa: BLE001 - see the docstring
        db.session.rollback()
        current_app.logger.exception("payment notification %s failed", row_id)
        verdict, status, detail, fields = (
            "error", 503, f"failed after it was stored: {type(error).__name__}", ("", ""))
    try:
        begin_write()
        row = db.session.get(PaymentNotification, row_id)
        row.midtrans_order_id, row.transaction_status = (without_nul(f) for f in fields)
        row.verdict, row.detail = verdict, without_nul(detail)[:2000]
        db.session.commit()
    except Exception:  # noqa: BLE001 - the raw row is kept; the verdict could not be
        db.session.rollback()
        current_app.logger.exception("verdict of payment notification %s not stored", row_id)
        return 503, "error"
    return status, verdict


def _claimed(payload: dict, name: str, limit: int) -> str:
    """A field as the body claims it, as text for our columns ("" if it is not a scalar)."""
    value = payload.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value)[:limit]


def _holds_nul(payload) -> bool:
    """True if any key or string value, however deep, holds a NUL (no recursion: a body
    may nest as deep as the JSON parser allows)."""
    pending = [payload]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if NUL in value:
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _handle(raw_body: bytes) -> tuple[str, int, str, tuple[str, str]]:
    """(verdict, HTTP status, detail, (order id, status) as the body claimed)."""
    try:
        payload = json.loads(raw_body)
    except (ValueError, RecursionError) as error:  # bad UTF-8 or JSON, or nested too deep
        return "bad_json", 400, f"body is not JSON ({type(error).__name__})", ("", "")
    if not isinstance(payload, dict):
        return "bad_json", 400, "body is not a JSON object", ("", "")
    fields = (_claimed(payload, "order_id", 100),
              _claimed(payload, "transaction_status", 40).lower())
    if _holds_nul(payload):  # Midtrans never sends one, and PostgreSQL refuses it in text
        return "bad_json", 400, "body holds a NUL character (\\u0000)", fields
    if not midtrans.verify_signature(payload, server_key()):
        return "bad_signature", 403, "signature_key does not match", fields
    attempt_id = db.session.scalar(
        select(PaymentAttempt.id).where(PaymentAttempt.midtrans_order_id == fields[0])
    )
    db.session.commit()  # no transaction held while Midtrans answers
    if attempt_id is None:
        return "unknown_order", 200, "no payment attempt has this order_id", fields
    try:
        with gateway() as client:
            status = client.status(fields[0])
    except (midtrans.GatewayUnavailableError, midtrans.TransactionNotFoundError) as error:
        return "unconfirmed", 503, f"status API: {error}", fields
    except midtrans.GatewayError as error:
        return "unconfirmed", 503, f"status API refused: {error}", fields
    verdict = apply_status(attempt_id, status)
    return verdict, 200, f"{status.transaction_status} confirmed", fields


def apply_status(attempt_id: int, status: midtrans.TransactionStatus) -> str:
    """Apply a confirmed transaction status to its order; commits. Returns the verdict."""
    begin_write()
    attempt = db.session.get(PaymentAttempt, attempt_id, populate_existing=True)
    order = orders.lock_order(attempt.order_id)
    previous = attempt.transaction_status
    attempt.transaction_status = status.transaction_status
    attempt.payment_type = status.payment_type or attempt.payment_type
    verdict = _decide(order, attempt, status, previous)
    if verdict == "applied" and order.status == OrderStatus.PAID:
        from marketplace.orders.notices import queue_paid_notices

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
            orders.mark_paid(order)
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
            from marketplace.ledger.refunds import apply_midtrans_refunds

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
    paid_through_it = previous in PAID_HERE
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
        from marketplace.ledger.reversals import reverse_payment

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
    db.session.commit()
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


# --- the buyer's order page: the truth while they wait ------------------------------
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
    db.session.commit()  # no transaction held while Midtrans answers
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
    begin_write()
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
    begin_write()
    db.session.execute(
        update(PaymentAttempt).where(PaymentAttempt.id == attempt.id)
        .values(returned_at=utcnow(), updated_at=PaymentAttempt.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()


def reconcile_refunds() -> dict[str, int]:
    """Send every refund still waiting for Midtrans again (same refund_key: refunds once)."""
    from marketplace.ledger.refunds import requested_refund_ids, send_to_midtrans

    counts: dict[str, int] = {}
    for refund_id in requested_refund_ids():
        state = str(send_to_midtrans(refund_id))
        counts[state] = counts.get(state, 0) + 1
    return counts
