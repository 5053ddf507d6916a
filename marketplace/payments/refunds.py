"""Refunds through Midtrans: asking for one and applying what Midtrans lists. The ledger
books them (ledger.refunds); this is the part that talks to the gateway."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.gateways import midtrans
from marketplace.kernel.dbtx import end_read, new_write
from marketplace.kernel.extensions import db
from marketplace.ledger.models import Refund, RefundMethod, RefundState
from marketplace.ledger.refunds import complete_refund, fail_refund, refunds_of_order
from marketplace.orders.models import Order
from marketplace.orders.services import flag_for_review, lock_order
from marketplace.payments.client import gateway


def send_to_midtrans(refund_id: int) -> RefundState:
    """Ask Midtrans for a requested refund and settle it with the answer; commits.

    Returns the refund's state afterwards: still *requested* when Midtrans could not be
    reached (its notification or the reconcile command finishes it later).
    """
    refund = db.session.get(Refund, refund_id)
    key, order_id = refund.refund_key, refund.order_id
    midtrans_id, amount, reason = refund.midtrans_order_id, refund.amount, refund.reason
    end_read()  # no transaction held while Midtrans answers
    error = None
    try:
        with gateway() as client:
            client.refund(midtrans_id, amount, reason, key)
    except midtrans.GatewayUnavailableError:
        return RefundState.REQUESTED
    except midtrans.GatewayError as exc:
        error = str(exc)
    new_write()
    order = lock_order(order_id)
    refund = db.session.get(Refund, refund_id, populate_existing=True)
    if error is None:
        complete_refund(order, refund)
    else:
        fail_refund(refund, error)
    db.session.commit()
    return refund.state


def apply_midtrans_refunds(order: Order, status) -> str:
    """A refund status from Midtrans (notification or lookup), with the order locked.

    Completes our requested refunds that Midtrans lists; a refund we never asked for (made
    in the Midtrans dashboard) flags the order for the association. Returns the verdict.
    """
    listed = status.raw.get("refunds") if isinstance(status.raw, dict) else None
    ours = {r.refund_key: r for r in refunds_of_order(order)}
    verdict = "no_change"
    for item in listed if isinstance(listed, list) else []:
        key = str(item.get("refund_key", "")) if isinstance(item, dict) else ""
        refund = ours.get(key)
        if refund is None:
            amount = item.get("refund_amount") if isinstance(item, dict) else "?"
            flag_for_review(order, f"Midtrans lists a refund we did not record "
                                   f"({key or '?'}, {amount})")
            verdict = "flagged"
        elif refund.state == RefundState.REQUESTED and complete_refund(order, refund):
            verdict = "applied" if verdict == "no_change" else verdict
        elif refund.state == RefundState.FAILED:
            flag_for_review(order, f"Midtrans lists refund {key} that we recorded as failed")
            verdict = "flagged"
    if not listed and not any(r.method == RefundMethod.MIDTRANS for r in ours.values()):
        flag_for_review(order, f"Midtrans reports {status.transaction_status} but no refund "
                               "was recorded here")
        verdict = "flagged"
    return verdict


def requested_refund_ids() -> list[int]:
    return list(db.session.scalars(
        select(Refund.id).where(Refund.state == RefundState.REQUESTED,
                                Refund.method == RefundMethod.MIDTRANS).order_by(Refund.id)
    ))
