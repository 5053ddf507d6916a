"""Who may see an order: its signed-in buyer, or anyone holding its signed link."""

from __future__ import annotations

from flask import current_app, request, session, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from marketplace.orders.models import Order


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="order-link")


def order_token(order: Order) -> str:
    return _signer().dumps(order.number)


def order_link(order: Order, external: bool = False) -> str:
    """The order page with its signed token: what guests get by email."""
    return url_for("orders.detail", number=order.number, t=order_token(order),
                   _external=external)


def remember_guest_order(order: Order) -> None:
    """This browser placed a guest order: let it see the order without the emailed link.

    Only guest orders: the list lives in the signed client-side cookie, which a sign-out
    cannot take back, so an account's orders are shown only to that account (or the link).
    """
    if order.user_id is not None:
        return
    numbers = session.get("orders", [])[-19:]
    if order.number not in numbers:
        session["orders"] = [*numbers, order.number]


def may_view(order: Order) -> bool:
    if current_user.is_authenticated and order.user_id == current_user.id:
        return True
    if order.user_id is None and order.number in session.get("orders", []):
        return True
    token = request.args.get("t", "")
    try:
        return _signer().loads(token) == order.number
    except BadSignature:
        return False
