"""The association decides a complaint with a refund: part or all of what is left of the
parcel, through the same refund flow as the admin's order page (ledger.refunds:
`create_refund`, commission reversed on completion, claw-back after a payout), then the
complaint is closed with its event (orders.complaint_services.record_refund).

Flushes only, in the caller's write transaction with the order locked. A Midtrans refund
is *requested* here; the view commits, then sends it (payments.refunds.send_to_midtrans).
"""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.kernel.messages import N_, Money
from marketplace.ledger.models import Refund, RefundMethod
from marketplace.ledger.refunds import REFUND_REASON_LIMIT, create_refund, refund_room
from marketplace.orders.complaint_services import ComplaintError, check_decidable, record_refund
from marketplace.orders.complaints import Complaint
from marketplace.orders.models import Order


def refund_for_complaint(order: Order, complaint: Complaint, full: bool, amount: int | None,
                         method: RefundMethod | None, bank_reference: str, note: str,
                         actor=None) -> Refund:
    """Refund the complaint's parcel in full (what is left of it) or in part (`amount`, less
    than what is left). Raises ComplaintError or ledger.refunds.RefundError."""
    if complaint.order_id != order.id:
        raise ComplaintError(_("That complaint is not about this order."))
    note = check_decidable(complaint, note)
    sub = complaint.sub_order
    left = refund_room(sub).total_left
    if full:
        amount = left
    elif amount is not None and 0 < left <= amount:
        raise ComplaintError(N_("A partial refund is less than what is left of the parcel "
                                "(%(left)s). To give all of it back, choose a full refund."),
                             left=Money(left))
    refund = create_refund(order, sub, amount, note[:REFUND_REASON_LIMIT], method,
                           bank_reference, actor=actor)
    record_refund(complaint, refund, full, note, actor)
    return refund
