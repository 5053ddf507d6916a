"""Sending the buyer on to pay an order: the one place that starts a payment from a page."""

from __future__ import annotations

from flask import redirect, url_for

from marketplace.orders.access import remember_guest_order
from marketplace.payments.start import PaymentStartError, start_payment


def go_pay(order, *, from_checkout: bool = False):
    """Redirect to the order's Snap payment page, or back to the order page when there is
    none to go to (Snap failed, or another request is making the attempt right now).

    `from_checkout`: this browser has just placed the order, so a guest order is remembered
    here and a Snap failure is marked on the order page's address; a retry from the order
    page (perhaps opened through the emailed link) just shows the order again.
    """
    if from_checkout:
        remember_guest_order(order)
    try:
        attempt = start_payment(order)
    except PaymentStartError:
        if from_checkout:
            return redirect(url_for("orders.detail", number=order.number, payment="failed"))
        return redirect(url_for("orders.detail", number=order.number))
    if attempt is None or not attempt.redirect_url:
        return redirect(url_for("orders.detail", number=order.number))
    return redirect(attempt.redirect_url)
