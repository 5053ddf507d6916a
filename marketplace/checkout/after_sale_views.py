"""The buyer after the sale, on the order page: "Pesanan diterima" (the parcel arrived) and
complaints with photos. Guests reach these through their order's signed link (`t`), as
they reach the order page; the links keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.checkout.order_views import _order_or_404, bp
from marketplace.kernel.extensions import db
from marketplace.orders import complaint_services as complaints
from marketplace.orders import receipt
from marketplace.orders.complaint_status import COMPLAINT_REASON_LABELS, ComplaintReason
from marketplace.orders.complaints import Complaint
from marketplace.orders.status import SubOrderStatus


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ComplaintForm(FlaskForm):
    reason = RadioField(_l("What went wrong?"), choices=[
        SelectChoice(reason.value, COMPLAINT_REASON_LABELS[reason])
        for reason in ComplaintReason],
        validators=[DataRequired(_l("Choose what went wrong."))])
    description = TextAreaField(_l("Tell us more"), filters=[_strip], validators=[
        DataRequired(_l("Describe what went wrong, so the group can answer.")),
        Length(max=complaints.DESCRIPTION_LIMIT,
               message=_l("Keep the description under %(max)d characters.",
                          max=complaints.DESCRIPTION_LIMIT))],
        description=_l("What you received, what is wrong with it, and what you would like."))
    photos = MultipleFileField(_l("Photos (optional)"), id="complaint-photos",
                               description=_l("Up to %(max)d JPEG, PNG or WebP pictures, at "
                                              "least 200 pixels on each side.",
                                              max=complaints.MAX_PHOTOS))


@dataclass
class AfterSale:
    """One parcel's after-sale state as the buyer's order page shows it."""

    complaints: list[Complaint]
    can_confirm: bool
    can_complain: bool
    deadline: datetime | None


def _token() -> str | None:
    return request.args.get("t") or None


def _back(order):
    return redirect(url_for("orders.detail", number=order.number, t=_token()))


def after_sale(order) -> dict[int, AfterSale]:
    """Per parcel: its complaints, and what the buyer may do now (worked out once per
    request: the order page asks for each parcel)."""
    cache = g.setdefault("after_sale", {})
    if order.id not in cache:
        cache[order.id] = _after_sale(order)
    return cache[order.id]


def _after_sale(order) -> dict[int, AfterSale]:
    listed = complaints.complaints_of_order(order)
    states = {}
    for sub in order.sub_orders:
        own = [c for c in listed if c.sub_order_id == sub.id]
        held = any(c.is_open for c in own)
        states[sub.id] = AfterSale(
            complaints=own,
            can_confirm=(order.status in ("paid", "refunded") and not held
                         and sub.status in receipt.COMPLETABLE),
            can_complain=complaints.may_complain(order, sub),
            deadline=complaints.complaint_deadline(sub)
            if sub.status in (SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED) else None,
        )
    return states


@bp.context_processor
def after_sale_context():
    """The order page asks for its parcels' after-sale state (only where it is shown)."""
    return {"after_sale": after_sale}


@bp.post("/pesanan/<number>/paket/<int:sub_id>/diterima")
def parcel_received(number: str, sub_id: int):
    """"Pesanan diterima": the buyer confirms the parcel arrived; it is completed."""
    order = _order_or_404(number)
    try:
        changed = receipt.confirm_receipt(order, sub_id)
    except LookupError:
        abort(404)
    except receipt.ReceiptError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(order)
    group = next(s.group_name for s in order.sub_orders if s.id == sub_id)
    db.session.commit()
    if changed:
        flash(_("Thank you! The parcel from %(group)s is marked as received.", group=group),
              "success")
    else:
        flash(_("The parcel from %(group)s was already marked as received.", group=group),
              "info")
    return _back(order)


def _parcel_or_404(order, sub_id: int):
    sub = next((s for s in order.sub_orders if s.id == sub_id), None)
    return sub or abort(404)


# One rule for both methods: a huge id then fails its converter alike for GET and POST (404)
@bp.route("/pesanan/<number>/paket/<int:sub_id>/komplain", methods=["GET", "POST"])
def complaint_new(number: str, sub_id: int):
    """The complaint form (GET), and sending it (POST)."""
    if request.method == "POST":
        return _complaint_create(number, sub_id)
    order = _order_or_404(number)
    sub = _parcel_or_404(order, sub_id)
    why = complaints.refusal(order, sub)
    if why:
        flash(_(why), "warning")  # the msgids are marked with N_ in refusal()
        return _back(order)
    return _form_page(order, sub, ComplaintForm(formdata=None))


def _form_page(order, sub, form, status: int = 200, error: str = ""):
    return render_template(
        "orders/complaint_new.html", order=order, sub=sub, form=form, token=_token(),
        deadline=complaints.complaint_deadline(sub), max_photos=complaints.MAX_PHOTOS,
        error=error,
    ), status


def _complaint_create(number: str, sub_id: int):
    """Open a complaint with its photos; what was typed stays when something is refused."""
    order = _order_or_404(number)
    _parcel_or_404(order, sub_id)
    form = ComplaintForm()
    if not form.validate():
        return _form_page(order, _parcel_or_404(order, sub_id), form, 422)
    sub = complaints.lock_parcel(order, sub_id) or abort(404)
    why = complaints.refusal(order, sub)
    if why:
        db.session.rollback()
        flash(_(why), "error")
        return _back(order)
    stored = []
    try:
        stored = complaints.store_photos(form.photos.data)
        complaints.open_complaint(order, sub, form.reason.data, form.description.data, stored,
                                  user_id=current_user.id if current_user.is_authenticated
                                  else None)
        db.session.commit()
    except complaints.ComplaintError as error:
        db.session.rollback()
        complaints.discard([s.key for s in stored])
        if error.messages:  # photos refused: said file by file, under the field
            form.photos.errors = list(error.messages)
        return _form_page(order, sub, form, 422, error="" if error.messages else str(error))
    except Exception:
        db.session.rollback()
        complaints.discard([s.key for s in stored])
        raise
    flash(_("Your complaint about the parcel from %(group)s is sent. The group answers first, "
            "then the association decides.", group=sub.group_name), "success")
    return _back(order)
