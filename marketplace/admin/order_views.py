"""Orders that need the association: late settlements, amount mismatches, fraud reviews."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..dbtx import begin_write
from ..extensions import db
from ..orders import services as orders
from ..orders.models import Order, SubOrder
from ..orders.status import OrderStatus
from ..payments.models import PaymentAttempt, PaymentNotification
from . import audit
from .blueprint import bp

FIELDS = ("status", "needs_review", "stock_released_at", "paid_at")


@bp.get("/pesanan")
def orders_review():
    flagged = db.session.scalars(
        select(Order).where(Order.needs_review.is_(True)).order_by(Order.id.desc())
        .options(selectinload(Order.sub_orders))
    ).all()
    return render_template("admin/orders_review.html", orders=flagged)


@bp.get("/pesanan/<int:order_id>")
def order_review(order_id: int):
    order = db.session.scalar(
        select(Order).where(Order.id == order_id)
        .options(selectinload(Order.sub_orders).selectinload(SubOrder.lines))
    ) or abort(404)
    attempts = db.session.scalars(
        select(PaymentAttempt).where(PaymentAttempt.order_id == order.id)
        .order_by(PaymentAttempt.attempt_no)
    ).all()
    notifications = db.session.scalars(
        select(PaymentNotification)
        .where(PaymentNotification.midtrans_order_id.in_([a.midtrans_order_id for a in attempts]))
        .order_by(PaymentNotification.id)
    ).all()
    return render_template("admin/order_review.html", order=order, attempts=attempts,
                           notifications=notifications)


@bp.post("/pesanan/<int:order_id>/pulihkan")
def order_revive(order_id: int):
    """A payment settled after the order expired: take the stock again and mark it paid."""
    begin_write()
    order = orders.lock_order(order_id) or abort(404)
    before = audit.snapshot(order, FIELDS)
    paid = db.session.scalar(select(PaymentAttempt.id).where(
        PaymentAttempt.order_id == order.id,
        PaymentAttempt.transaction_status.in_(("settlement", "capture"))))
    if order.status not in (OrderStatus.EXPIRED, OrderStatus.CANCELLED) or paid is None:
        flash(_("Only an expired or cancelled order that Midtrans settled can be revived."),
              "error")
        return redirect(url_for("admin.order_review", order_id=order_id))
    if order.stock_released_at is not None and not orders.reserve_again(order):
        db.session.rollback()
        flash(_("Not enough stock left to fill this order again. Refund the buyer instead."),
              "error")
        return redirect(url_for("admin.order_review", order_id=order_id))
    orders.mark_paid(order)
    order.needs_review = False
    audit.record("order.revive", order, f"{order.number}: stock reserved again, marked paid",
                 before, audit.snapshot(order, FIELDS))
    db.session.commit()
    from ..orders.notices import send_paid_notices

    send_paid_notices(order.id)
    flash(_("Order %(number)s is paid; its groups have been told.", number=order.number),
          "success")
    return redirect(url_for("admin.order_review", order_id=order_id))


@bp.post("/pesanan/<int:order_id>/selesai-ditinjau")
def order_reviewed(order_id: int):
    """The association dealt with it outside the shop (e.g. refunded by bank transfer)."""
    begin_write()
    order = orders.lock_order(order_id) or abort(404)
    before = audit.snapshot(order, FIELDS)
    order.needs_review = False
    audit.record("order.reviewed", order, f"{order.number}: review closed", before,
                 audit.snapshot(order, FIELDS))
    db.session.commit()
    flash(_("The review of order %(number)s is closed.", number=order.number), "success")
    return redirect(url_for("admin.orders_review"))
