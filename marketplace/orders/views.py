"""The buyer's order pages: status of every parcel, payment retry, and order history."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..ledger.models import RefundMethod, RefundState
from ..ledger.refunds import refunds_of_order
from ..payments import service as payments
from . import services
from .access import may_view, order_link
from .status import OrderStatus

bp = Blueprint("orders", __name__)


def _order_or_404(number: str):
    order = services.order_by_number(number)
    if order is None or not may_view(order):
        abort(404)
    return order


@bp.get("/pesanan/<number>")
def detail(number: str):
    order = _order_or_404(number)
    # Refunds the buyer should know of: done, or on their way through Midtrans. A payment
    # Midtrans took back is said once, by the page's one message, not parcel by parcel.
    shown = [r for r in refunds_of_order(order)
             if r.state in (RefundState.SUCCEEDED, RefundState.REQUESTED)
             and r.method != RefundMethod.REVERSAL]
    return render_template(
        "orders/detail.html", order=order, attempt=payments.latest_attempt(order),
        payment_failed=request.args.get("payment") == "failed", link=order_link(order),
        refunds=shown,
        refunded_total=sum(r.amount for r in shown if r.state == RefundState.SUCCEEDED),
    )


@bp.get("/pesanan/<number>/selesai")
def finish(number: str):
    """Where Midtrans sends the buyer back: the status shown is ours, not the query string's."""
    order = _order_or_404(number)
    if order.status == OrderStatus.PAID:
        flash(_("Thank you! Your payment is received."), "success")
    elif order.status == OrderStatus.PENDING_PAYMENT:
        flash(_("We are waiting for your payment to be confirmed. This page updates when it "
                "is."), "warning")
    return redirect(url_for("orders.detail", number=order.number))


@bp.post("/pesanan/<number>/bayar")
def pay(number: str):
    """Start (or retry) the payment of a pending order."""
    order = _order_or_404(number)
    if order.status != OrderStatus.PENDING_PAYMENT:
        flash(_("This order is no longer waiting for payment."), "warning")
        return redirect(url_for("orders.detail", number=number))
    try:
        attempt = payments.start_payment(order)
    except payments.PaymentStartError:
        return redirect(url_for("orders.detail", number=number, payment="failed"))
    if attempt is None or not attempt.redirect_url:
        return redirect(url_for("orders.detail", number=number))
    return redirect(attempt.redirect_url)


@bp.get("/akun/pesanan")
@login_required
def history():
    return render_template("orders/history.html", orders=services.orders_of_user(current_user))
