"""The settlement check's side of our books: payment attempts from the database, and
Midtrans's statuses fetched through its API, as settlement.OurAttempt / MidtransRow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from sqlalchemy import case, func, select

from marketplace.gateways import midtrans
from marketplace.gateways.midtrans_statuses import TOOK_MONEY
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_day_start
from marketplace.ledger.models import Refund, RefundMethod, RefundState
from marketplace.ledger.settlement import (
    AmountError,
    MidtransRow,
    normal_status,
    parse_amount,
)
from marketplace.ledger.settlement_compare import Comparison, OurAttempt, compare
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order

# --- our side, from the database ------------------------------------------------------
_CHUNK = 500


def _attempt_query():
    return (select(PaymentAttempt.midtrans_order_id, Order.number, Order.status,
                   PaymentAttempt.transaction_status, PaymentAttempt.gross_amount,
                   Order.grand_total, Order.paid_at, PaymentAttempt.order_id,
                   PaymentAttempt.attempt_no, PaymentAttempt.late_settled_at)
            .join(Order, Order.id == PaymentAttempt.order_id))


Refunded = Mapping[str, tuple[int, int]]  # Midtrans id -> (through Midtrans, late settlement)


def _build(rows, refunded: Refunded) -> list[tuple[OurAttempt, int, int]]:
    return [(OurAttempt(mid, number or "", str(status), tx or "", amount, total, paid_at,
                        refunded.get(mid, (0, 0))[0], late_at is not None,
                        refunded.get(mid, (0, 0))[1]), order_id, attempt_no)
            for mid, number, status, tx, amount, total, paid_at, order_id, attempt_no, late_at
            in rows]


def _midtrans_refunds(ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Succeeded refunds per attempt: (through Midtrans, of a late settlement by any means)."""
    through_midtrans = func.sum(case((Refund.method == RefundMethod.MIDTRANS, Refund.amount),
                                     else_=0))
    late = func.sum(case((Refund.sub_order_id.is_(None), Refund.amount), else_=0))
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(ids), _CHUNK):
        found.update({mid: (int(total), int(late_total)) for mid, total, late_total in
                      db.session.execute(
            select(Refund.midtrans_order_id, through_midtrans, late)
            .where(Refund.method.in_((RefundMethod.MIDTRANS, RefundMethod.BANK_TRANSFER)),
                   Refund.state == RefundState.SUCCEEDED,
                   Refund.midtrans_order_id.in_(ids[start:start + _CHUNK]))
            .group_by(Refund.midtrans_order_id))})
    return found


def attempts_by_id(ids: Sequence[str]) -> dict[str, OurAttempt]:
    """Our attempts with these Midtrans order ids (a few queries per 500 ids)."""
    ids = sorted(set(ids))
    refunded = _midtrans_refunds(ids)
    found: dict[str, OurAttempt] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = db.session.execute(_attempt_query().where(
            PaymentAttempt.midtrans_order_id.in_(ids[start:start + _CHUNK]))).all()
        found.update({our.midtrans_order_id: our for our, _, _ in _build(rows, refunded)})
    return found


def paid_between(first: date, last: date) -> list[OurAttempt]:
    """The paying attempt of each order paid on these WIB days (one per order)."""
    rows = db.session.execute(_attempt_query().where(
        Order.paid_at >= jakarta_day_start(first),
        Order.paid_at < jakarta_day_start(last + timedelta(days=1)))).all()
    best: dict[int, tuple[tuple[bool, int], OurAttempt]] = {}
    for our, order_id, attempt_no in _build(rows, {}):
        rank = (our.attempt_status in TOOK_MONEY, attempt_no)
        if order_id not in best or rank > best[order_id][0]:
            best[order_id] = (rank, our)
    return sorted((our for _, our in best.values()), key=lambda our: our.midtrans_order_id)


def attempts_created_between(first: date, last: date) -> list[OurAttempt]:
    """Attempts that reached Midtrans, of orders created on these WIB days."""
    rows = db.session.execute(_attempt_query().where(
        PaymentAttempt.state == "redirected",
        Order.created_at >= jakarta_day_start(first),
        Order.created_at < jakarta_day_start(last + timedelta(days=1)))
        .order_by(PaymentAttempt.midtrans_order_id)).all()
    refunded = _midtrans_refunds([row[0] for row in rows])
    return [our for our, _, _ in _build(rows, refunded)]


def fetch_statuses(attempts: Sequence[OurAttempt], client: midtrans.Gateway) -> Comparison:
    """Ask Midtrans for each attempt's status and compare. Hold no transaction meanwhile:
    after Midtrans is unreachable once, the rest are reported as not checked."""
    rows: list[MidtransRow] = []
    missing_paid: list[OurAttempt] = []
    not_started: list[str] = []
    unavailable: list[str] = []
    for our in attempts:
        if unavailable:
            unavailable.append(our.midtrans_order_id)
            continue
        try:
            status = client.status(our.midtrans_order_id)
        except midtrans.TransactionNotFoundError:
            (missing_paid.append(our) if our.paid_here else
             not_started.append(our.midtrans_order_id))
            continue
        except midtrans.MidtransError:
            unavailable.append(our.midtrans_order_id)
            continue
        rows.append(_row_of(status, our.midtrans_order_id))
    result = compare(rows, {our.midtrans_order_id: our for our in attempts}, missing_paid)
    result.not_started, result.unavailable = not_started, unavailable
    return result


def _row_of(status: midtrans.TransactionStatus, asked: str) -> MidtransRow:
    refunded = status.raw.get("refund_amount")
    try:
        refund_amount = None if refunded in (None, "") else parse_amount(str(refunded))
    except AmountError:
        refund_amount = None
    return MidtransRow(order_id=status.order_id or asked, amount=status.gross_amount,
                       status=normal_status(status.transaction_status),
                       fraud_status=status.fraud_status or "", refund_amount=refund_amount)
