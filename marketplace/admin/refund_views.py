"""Refunding (part of) a parcel from the admin's order page: through Midtrans where the
payment type allows it, otherwise recorded as a manual bank transfer."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin.blueprint import bp
from marketplace.admin.order_views import render_order_page
from marketplace.kernel import audit
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import parse_int
from marketplace.kernel.messages import rupiah
from marketplace.ledger import refunds
from marketplace.ledger.models import Refund, RefundMethod, RefundState
from marketplace.orders import services as orders
from marketplace.orders.models import SubOrder
from marketplace.payments import refunds as payment_refunds

MAX_DIGITS = 15
# "50000", "50.000", "50,000", "Rp 50.000", "IDR 50,000", "Rp50.000,-" (and a leading minus,
# so a negative amount gets its own message rather than "not a number").
_AMOUNT = re.compile(
    r"(?P<sign>-?)\s*(?:rp\.?|idr)?\s*(?P<sign2>-?)\s*"
    r"(?P<digits>\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)\s*(?:,-)?",
    re.IGNORECASE | re.ASCII,
)


class AmountError(ValueError):
    """Text that is not a whole number of rupiah."""


def parse_rupiah(text: str | None) -> int:
    """Whole rupiah typed by a person; may be zero or negative (the refund rules say why
    that is refused). AmountError for decimals and anything that is not an amount."""
    cleaned = (text or "").replace("\xa0", " ").strip()
    match = _AMOUNT.fullmatch(cleaned)
    if not match or (match["sign"] and match["sign2"]):
        raise AmountError(cleaned)
    digits = re.sub(r"[.,]", "", match["digits"])
    if len(digits) > MAX_DIGITS:
        raise AmountError(cleaned)
    amount = int(digits)
    return -amount if match["sign"] or match["sign2"] else amount


def _typed() -> dict[str, str]:
    form = request.form
    return {
        "amount": form.get("amount", "")[:40],
        "reason": form.get("reason", "")[:refunds.REFUND_REASON_LIMIT],
        "method": form.get("method", ""),
        "bank_reference": form.get("bank_reference", "")[:80],
    }


def _refused(order_id: int, sub_id: int, typed: dict, message: str, status: int = 422):
    db.session.rollback()  # nothing of the refused refund stays, and the lock is let go
    return render_order_page(order_id, typed={sub_id: typed}, errors={sub_id: message},
                             status=status)


def _stale(sub: SubOrder) -> bool:
    """The form showed another "left to refund" than there is now: a double click, or a
    refund recorded meanwhile in another tab. Forms without the field are not checked."""
    seen = request.form.get("expected_left")
    if seen is None:
        return False
    return parse_int(seen, minimum=0) != refunds.refund_room(sub).total_left


@bp.post("/pesanan/<int:order_id>/paket/<int:sub_id>/pengembalian-dana")
def refund_create(order_id: int, sub_id: int):
    """Refund part or all of one parcel; a Midtrans refund is sent after the commit."""
    typed = _typed()
    begin_write()
    order = orders.lock_order(order_id) or abort(404)
    sub = db.session.get(SubOrder, sub_id)
    if sub is None or sub.order_id != order.id:
        abort(404)
    if _stale(sub):
        return _refused(order_id, sub_id, typed, _(
            "This parcel changed since the page was opened (another refund was recorded). "
            "Check what is left and send the form again."), status=409)
    try:
        amount = parse_rupiah(typed["amount"])
    except AmountError:
        return _refused(order_id, sub_id, typed, _(
            "Enter the amount in whole rupiah, for example 50.000 (no decimals)."))
    try:
        method = RefundMethod(typed["method"])
    except ValueError:
        return _refused(order_id, sub_id, typed,
                        _("Choose how the money goes back to the buyer."))
    before = {"order_status": str(order.status),
              "left_to_refund": refunds.refund_room(sub).total_left}
    try:
        refund = refunds.create_refund(order, sub, amount, typed["reason"], method,
                                       typed["bank_reference"], actor=current_user)
    except refunds.RefundError as error:
        return _refused(order_id, sub_id, typed, str(error))
    after = {**audit.snapshot(refund, ("refund_key", "amount", "goods_amount",
                                       "shipping_amount", "method", "state",
                                       "bank_reference", "reason")),
             "order_status": str(order.status),
             "left_to_refund": refunds.refund_room(sub).total_left}
    audit.record("refund.create", refund,
                 f"{order.number}: refund {refund.refund_key} of {refund.amount} "
                 f"({method.value}) for {sub.group_name}", before, after)
    refund_id, shown = refund.id, rupiah(refund.amount)
    db.session.commit()
    if method == RefundMethod.BANK_TRANSFER:
        flash(_("A bank refund of %(amount)s to the buyer is recorded.", amount=shown),
              "success")
    else:
        _flash_midtrans(payment_refunds.send_to_midtrans(refund_id), refund_id, shown)
    return redirect(url_for("admin.order_review", order_id=order_id))


@bp.post("/pesanan/<int:order_id>/pembayaran/<int:attempt_id>/pengembalian-dana")
def late_refund_create(order_id: int, attempt_id: int):
    """Refund the whole of a payment that settled after its order expired or was cancelled
    (revive impossible); a Midtrans refund is sent after the commit."""
    typed = {key: value for key, value in _typed().items() if key != "amount"}
    begin_write()
    order = orders.lock_order(order_id) or abort(404)
    before = audit.snapshot(order, ("status", "needs_review"))
    try:
        refund = refunds.create_late_refund(order, attempt_id, typed["reason"],
                                            _method(typed["method"]), typed["bank_reference"],
                                            actor=current_user)
    except refunds.RefundError as error:
        db.session.rollback()
        # A second click finds the first one's refund: 409, the page shows what was done.
        conflict = refunds.late_refund_made(order)
        return render_order_page(order_id, typed={"late": typed}, errors={"late": str(error)},
                                 status=409 if conflict else 422)
    after = {**audit.snapshot(refund, ("refund_key", "amount", "method", "state",
                                       "midtrans_order_id", "bank_reference", "reason")),
             **audit.snapshot(order, ("status", "needs_review"))}
    audit.record("refund.late_settlement", refund,
                 f"{order.number}: late settlement {refund.midtrans_order_id} refunded whole, "
                 f"{refund.refund_key} of {refund.amount} ({refund.method.value})", before, after)
    refund_id, method, shown = refund.id, refund.method, rupiah(refund.amount)
    db.session.commit()
    if method == RefundMethod.BANK_TRANSFER:
        flash(_("A bank refund of %(amount)s to the buyer is recorded.", amount=shown),
              "success")
    else:
        _flash_midtrans(payment_refunds.send_to_midtrans(refund_id), refund_id, shown)
    return redirect(url_for("admin.order_review", order_id=order_id))


def _method(value: str) -> RefundMethod | None:
    try:
        return RefundMethod(value)
    except ValueError:
        return None  # refused by the service with its message


def _flash_midtrans(state: RefundState, refund_id: int, shown: str) -> None:
    if state == RefundState.SUCCEEDED:
        flash(_("Midtrans refunded %(amount)s to the buyer.", amount=shown), "success")
    elif state == RefundState.FAILED:
        refund = db.session.get(Refund, refund_id)
        flash(_("Midtrans refused the refund: %(error)s", error=refund.error), "error")
    else:
        flash(_("Midtrans did not answer; the refund is waiting and `flask payments "
                "reconcile` or Midtrans's notification will finish it."), "warning")
