"""Studio order pages: the group's paid sub-orders, and moving each one to the buyer.

Every sub-order comes from orders.fulfilment.suborders_for_group(g.group): another group's id is
a 404. Status changes lock the row, apply the transition table and commit once.
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import parse_page
from marketplace.ledger.parcels import cancel_parcel
from marketplace.orders import fulfilment
from marketplace.orders.notices import queue_delivered_notice, queue_shipped_notice
from marketplace.studio.blueprint import bp

PER_PAGE = 30


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button that moves the sub-order on: only the CSRF token is checked."""


class ShipForm(FlaskForm):
    courier = StringField(_l("Courier"), filters=[_strip], validators=[
        DataRequired(_l("Enter the courier that carries the parcel.")),
        Length(min=2, max=60, message=_l("The courier must be 2 to 60 characters long."))])
    tracking_number = StringField(_l("Tracking number"), filters=[_strip], validators=[
        DataRequired(_l("Enter the parcel's tracking number.")),
        Length(min=2, max=60,
               message=_l("The tracking number must be 2 to 60 characters long."))])


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[_strip], validators=[
        DataRequired(_l("Tell the buyer why the order is cancelled.")),
        Length(max=500, message=_l("Keep the reason under 500 characters."))])


@bp.context_processor
def order_context():
    """The dashboard's count of new orders, queried only where a template asks for it."""
    group = g.get("group")
    return {"new_order_count": lambda: fulfilment.status_counts(group)["new"]}


@bp.get("/<group_slug>/pesanan", endpoint="orders")
def orders_page(group_slug: str):
    status = request.args.get("status")
    status = status if status in fulfilment.VISIBLE_STATUSES else None
    return render_template(
        "studio/orders.html",
        sub_orders=fulfilment.order_page(g.group, status,
                                            parse_page(request.args.get("page")), PER_PAGE),
        status=status,
        counts=fulfilment.status_counts(g.group),
    )


@bp.get("/<group_slug>/pesanan/<int:sub_order_id>")
def order_detail(group_slug: str, sub_order_id: int):
    sub = fulfilment.sub_order_for_group(g.group, sub_order_id) or abort(404)
    return _detail_page(sub)


def _detail_page(sub, ship_form=None, cancel_form=None):
    return render_template(
        "studio/order_detail.html", sub=sub, order=sub.order,
        action_form=ActionForm(formdata=None),
        # the courier the buyer chose and paid for, proposed
        ship_form=ship_form or ShipForm(formdata=None, data={
            "courier": sub.shipping_label if sub.shipping_service != "flat" else ""}),
        cancel_form=cancel_form or CancelForm(formdata=None),
    )


def _change(sub_order_id: int, action, success: str, *args) -> bool:
    """Lock the sub-order, apply `action`, commit; flash the outcome. True if it changed."""
    try:
        sub = fulfilment.lock_sub_order(g.group, sub_order_id)
        if sub is None:
            abort(404)
        action(sub, *args)
    except fulfilment.SubOrderError as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    except Exception:
        db.session.rollback()
        raise
    number = sub.order.number
    db.session.commit()
    flash(success % {"number": number}, "success")
    return True


def _back(sub_order_id: int):
    return redirect(url_for("studio.order_detail", sub_order_id=sub_order_id))


def _form_or_404(form_class, sub_order_id: int):
    """The posted form; a sub-order outside the group is a 404 before anything is read."""
    sub = fulfilment.sub_order_for_group(g.group, sub_order_id) or abort(404)
    form = form_class()
    if not form.validate_on_submit() and form.csrf_token.errors:
        abort(400)
    return sub, form


@bp.post("/<group_slug>/pesanan/<int:sub_order_id>/kemas")
def order_process(group_slug: str, sub_order_id: int):
    _form_or_404(ActionForm, sub_order_id)
    _change(sub_order_id, fulfilment.start_processing,
            _("Order %(number)s is being packed."))
    return _back(sub_order_id)


@bp.post("/<group_slug>/pesanan/<int:sub_order_id>/kirim")
def order_ship(group_slug: str, sub_order_id: int):
    sub, form = _form_or_404(ShipForm, sub_order_id)
    if form.errors:
        return _detail_page(sub, ship_form=form)
    _change(sub_order_id, _ship_and_tell_buyer,
            _("Order %(number)s is shipped. We emailed the buyer the tracking number."),
            form.courier.data, form.tracking_number.data)
    return _back(sub_order_id)


def _ship_and_tell_buyer(sub, courier: str, tracking_number: str) -> None:
    """Shipped, with the buyer's email queued in the same transaction: the outbox delivers
    it after the response, so a failing mail server never undoes the shipment."""
    fulfilment.ship(sub, courier, tracking_number)
    queue_shipped_notice(sub)


@bp.post("/<group_slug>/pesanan/<int:sub_order_id>/diterima")
def order_deliver(group_slug: str, sub_order_id: int):
    _form_or_404(ActionForm, sub_order_id)
    _change(sub_order_id, _deliver_and_tell_buyer,
            _("Order %(number)s is marked as delivered."))
    return _back(sub_order_id)


def _deliver_and_tell_buyer(sub) -> None:
    """Delivered, with the buyer's email queued in the same transaction (as for shipping)."""
    fulfilment.mark_delivered(sub)
    queue_delivered_notice(sub)


@bp.post("/<group_slug>/pesanan/<int:sub_order_id>/batal")
def order_cancel(group_slug: str, sub_order_id: int):
    sub, form = _form_or_404(CancelForm, sub_order_id)
    if form.errors:
        return _detail_page(sub, cancel_form=form)
    _change(sub_order_id, cancel_parcel,
            _("Order %(number)s is cancelled. Its items are back in stock and the buyer "
              "will be refunded."),
            form.reason.data, current_user.id)
    return _back(sub_order_id)
