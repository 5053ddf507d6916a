"""Complaints for the association: the list of those waiting (/admin/komplain), and the
decision on the admin's order page: reject, or refund part or all of the parcel through
the refund flow (ledger.complaint_refunds, the same `create_refund` as a refund made on
the order page). Every decision is audited; a Midtrans refund is sent after the commit.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin.blueprint import bp
from marketplace.admin.order_views import render_order_page
from marketplace.admin.refund_views import AmountError, _flash_midtrans, parse_rupiah
from marketplace.kernel import audit
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import rupiah
from marketplace.kernel.pagination import parse_page
from marketplace.ledger import refunds
from marketplace.ledger.complaint_refunds import refund_for_complaint
from marketplace.ledger.models import RefundMethod
from marketplace.orders import complaint_services as complaints
from marketplace.orders import services as orders
from marketplace.orders.complaints import Complaint
from marketplace.payments import refunds as payment_refunds

DECISIONS = ("reject", "partial", "full")
FIELDS = ("status", "decision_note", "refund_amount", "refund_id")


@bp.context_processor
def complaint_context():
    """The order page's complaints, and a refused decision's typed values and error."""
    return {"order_complaints": complaints.complaints_of_parcel,
            "complaint_typed": g.get("complaint_typed", {}),
            "complaint_error": g.get("complaint_error", {})}


@bp.get("/komplain")
def complaints_list():
    everything = request.args.get("semua") == "1"
    return render_template(
        "admin/complaints.html", everything=everything,
        complaints=complaints.complaint_page(not everything,
                                             parse_page(request.args.get("page"))),
        open_count=complaints.open_count(),
    )


def _typed() -> dict[str, str]:
    form = request.form
    return {"decision": form.get("decision", ""), "amount": form.get("amount", "")[:40],
            "method": form.get("method", ""), "bank_reference": form.get("bank_reference", "")[:80],
            "note": form.get("note", "")[:complaints.NOTE_LIMIT]}


def _refused(order_id: int, complaint_id: int, typed: dict, message: str, status: int = 422):
    db.session.rollback()  # nothing of the refused decision stays, and the locks are let go
    g.complaint_typed = {complaint_id: typed}
    g.complaint_error = {complaint_id: message}
    return render_order_page(order_id, status=status)


@bp.post("/komplain/<int:complaint_id>/putuskan")
def complaint_decide(complaint_id: int):
    """Reject the complaint, or refund part or all of its parcel."""
    typed = _typed()
    begin_write()
    found = db.session.get(Complaint, complaint_id) or abort(404)
    order = orders.lock_order(found.order_id) or abort(404)  # the order first, as refunds do
    complaint = complaints.lock_complaint(complaint_id)
    if typed["decision"] not in DECISIONS:
        return _refused(order.id, complaint_id, typed, _("Choose a decision."))
    before = audit.snapshot(complaint, FIELDS)
    refund = None
    try:
        if typed["decision"] == "reject":
            complaints.reject(complaint, typed["note"], current_user)
        else:
            amount = None
            if typed["decision"] == "partial":
                try:
                    amount = parse_rupiah(typed["amount"])
                except AmountError:
                    return _refused(order.id, complaint_id, typed, _(
                        "Enter the amount in whole rupiah, for example 50.000 (no decimals)."))
            refund = refund_for_complaint(
                order, complaint, typed["decision"] == "full", amount, _method(typed["method"]),
                typed["bank_reference"], typed["note"], actor=current_user)
    except (complaints.ComplaintError, refunds.RefundError) as error:
        return _refused(order.id, complaint_id, typed, str(error))
    after = audit.snapshot(complaint, FIELDS)
    summary = f"{order.number}: complaint {complaint.id} on {complaint.sub_order.group_name} " \
              f"{complaint.status.value}"
    if refund is not None:
        after |= audit.snapshot(refund, ("refund_key", "amount", "method", "state"))
        summary += f", refund {refund.refund_key} of {refund.amount} ({refund.method.value})"
    audit.record("complaint.decide", complaint, summary, before, after)
    order_id = order.id
    refund_id = refund.id if refund is not None else None
    method = refund.method if refund is not None else None
    shown = rupiah(refund.amount) if refund is not None else ""
    db.session.commit()
    if refund_id is None:
        flash(_("The complaint is rejected; the buyer and the group can see why."), "success")
    elif method == RefundMethod.BANK_TRANSFER:
        flash(_("A bank refund of %(amount)s to the buyer is recorded and the complaint is "
                "closed.", amount=shown), "success")
    else:
        _flash_midtrans(payment_refunds.send_to_midtrans(refund_id), refund_id, shown)
    return redirect(url_for("admin.order_review", order_id=order_id)
                    + f"#complaint-{complaint_id}")


def _method(value: str) -> RefundMethod | None:
    try:
        return RefundMethod(value)
    except ValueError:
        return None  # refused by the refund flow with its message
