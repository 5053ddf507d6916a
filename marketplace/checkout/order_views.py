"""The buyer's order pages: status of every parcel, payment retry, and order history."""

from datetime import timedelta

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.cart import services as carts
from marketplace.checkout.paying import go_pay
from marketplace.checkout.services import put_back_in_cart
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.ledger.models import RefundMethod, RefundState
from marketplace.ledger.refunds import refunds_of_order
from marketplace.orders import services
from marketplace.orders.access import may_view, order_link
from marketplace.orders.attempts import latest_attempt
from marketplace.orders.status import OrderStatus
from marketplace.payments.progress import PAYABLE, PaymentStep, payment_step
from marketplace.payments.reconcile import note_buyer_returned, refresh_order_status
from marketplace.payments.start import order_pay_by

bp = Blueprint("orders", __name__)


def _order_or_404(number: str):
    order = services.order_by_number(number)
    if order is None or not may_view(order):
        abort(404)
    return order


# A waiting buyer's page asks Midtrans at most this often (the JSON poll and reloads alike).
CHECK_EVERY = timedelta(seconds=12)
# The finish page always asks, except when reloaded in a burst.
FINISH_CHECK_EVERY = timedelta(seconds=2)


def _step(order) -> tuple[object, PaymentStep]:
    attempt = latest_attempt(order)
    return attempt, payment_step(order.status, attempt, utcnow())


@bp.get("/pesanan/<number>")
def detail(number: str):
    order = _order_or_404(number)
    refresh_order_status(order, CHECK_EVERY)  # a lost notification still resolves
    attempt, step = _step(order)
    # Refunds the buyer should know of: done, or on their way through Midtrans. A payment
    # Midtrans took back is said once, by the page's one message, not parcel by parcel.
    shown = [r for r in refunds_of_order(order)
             if r.state in (RefundState.SUCCEEDED, RefundState.REQUESTED)
             and r.method != RefundMethod.REVERSAL]
    return render_template(
        "orders/detail.html", order=order, attempt=attempt, step=step,
        pay_by=order_pay_by(order, attempt),  # sooner without a payment page
        status_url=url_for("orders.payment_state", number=order.number,
                           t=request.args.get("t")),
        link=order_link(order), refunds=shown,
        refunded_total=sum(r.amount for r in shown if r.state == RefundState.SUCCEEDED),
    )


@bp.get("/pesanan/<number>/status")
def payment_state(number: str):
    """What a waiting order page polls: it reloads when `step` differs from what it shows."""
    order = _order_or_404(number)
    refresh_order_status(order, CHECK_EVERY)
    _attempt, step = _step(order)
    response = jsonify(status=str(order.status), step=str(step))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/pesanan/<number>/selesai")
def finish(number: str):
    """Where Midtrans sends the buyer back: ask Midtrans, apply, then show our own status.

    The query string Midtrans adds is never read; the order page says the one thing that
    matches the order as stored.
    """
    order = _order_or_404(number)
    verdicts = refresh_order_status(order, FINISH_CHECK_EVERY)
    note_buyer_returned(order, verdicts)
    db.session.commit()
    return redirect(url_for("orders.detail", number=order.number, t=request.args.get("t")))


@bp.post("/pesanan/<number>/bayar")
def pay(number: str):
    """Start (or retry) the payment of a pending order, when the page offers it."""
    order = _order_or_404(number)
    _attempt, step = _step(order)
    if step not in PAYABLE:
        # Paid, closed, or a payment being confirmed: the page says which, once.
        return redirect(url_for("orders.detail", number=number))
    return go_pay(order)


@bp.post("/pesanan/<number>/pesan-lagi")
def order_again(number: str):
    """A cancelled or expired order's items back in the cart, to order them again."""
    order = _order_or_404(number)
    if order.status not in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
        return redirect(url_for("orders.detail", number=number))
    added, notices = put_back_in_cart(order, carts.get_or_create_cart())
    db.session.commit()
    for notice in notices:
        flash(notice, "warning")
    if added:
        flash(_("The items of order %(number)s are back in your cart.", number=order.number),
              "success")
    return redirect(url_for("cart.show"))


@bp.get("/akun/pesanan")
@login_required
def history():
    return render_template("orders/history.html", orders=services.orders_of_user(current_user))
