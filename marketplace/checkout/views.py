"""Checkout: the address, the review of each group's parcel, then the order and payment."""

import secrets

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from marketplace.cart import services as cart_services
from marketplace.checkout import services as checkout
from marketplace.checkout.forms import AddressForm, usable_saved_address
from marketplace.checkout.paying import go_pay
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import parse_int
from marketplace.orders import services as orders
from marketplace.orders.access import remember_guest_order
from marketplace.orders.status import OrderStatus

bp = Blueprint("checkout", __name__, url_prefix="/checkout")
SESSION_KEY = "checkout_address"


def _cart_or_redirect():
    view = cart_services.view_cart(cart_services.find_cart())
    if view.is_empty:
        flash(_("Your cart is empty."), "warning")
        return None, redirect(url_for("cart.show"))
    if not view.can_checkout:
        flash(_("Remove or change the items marked above to check out."), "warning")
        return None, redirect(url_for("cart.show"))
    return view, None


@bp.route("", methods=["GET", "POST"])
def address():
    view, bounce = _cart_or_redirect()
    if bounce:
        return bounce
    saved = usable_saved_address(session.get(SESSION_KEY))[0]
    if not saved and current_user.is_authenticated:
        saved = {"name": current_user.name, "email": current_user.email,
                 "phone": current_user.phone}
    form = AddressForm(data=saved)
    if form.validate_on_submit():
        session[SESSION_KEY] = form.address()
        return redirect(url_for("checkout.review"))
    return render_template("checkout/address.html", form=form, cart=view)


@bp.get("/tinjau")
def review():
    view, bounce = _cart_or_redirect()
    if bounce:
        return bounce
    address = session.get(SESSION_KEY)
    if not address:
        return redirect(url_for("checkout.address"))
    return render_template("checkout/review.html", cart=view, address=address,
                           checkout_key=secrets.token_urlsafe(24))


@bp.post("/pesan")
def place():
    """Create the order (once per review form, however often it is sent) and go to pay."""
    key = (request.form.get("checkout_key") or "")[:64]
    existing = orders.order_by_checkout_key(key) if len(key) >= 16 else None
    if existing is not None:
        # the same form again: the same order, the same payment
        return go_pay(existing, from_checkout=True)
    cart = cart_services.find_cart()
    ordered = checkout.order_cart_just_became(cart)
    if ordered is not None:
        return _go_pay_cart_order(ordered)  # another tab of this checkout placed it
    address = session.get(SESSION_KEY)
    if len(key) < 16 or not address:
        flash(_("Please review your order once more."), "warning")
        return redirect(url_for("checkout.review"))
    address, usable = usable_saved_address(address)
    if not usable:  # saved before today's checks: never written into an order as it is
        session[SESSION_KEY] = address
        flash(_("Please check your address once more."), "warning")
        return redirect(url_for("checkout.address"))
    if cart is None:
        flash(_("Your cart is empty."), "warning")
        return redirect(url_for("cart.show"))
    # the total the buyer reviewed: only compared, never charged
    expected = parse_int(request.form.get("expected_total"), default=-1)
    begin_write()
    try:
        buyer = current_user if current_user.is_authenticated else None
        order = checkout.checkout_cart(cart, address, key, buyer, expected_total=expected)
        db.session.commit()
    except checkout.CartAlreadyOrderedError as error:
        db.session.rollback()  # another tab of this checkout won the cart a moment ago
        return _go_pay_cart_order(orders.order_by_number(error.number))
    except orders.OrderError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("cart.show"))
    except IntegrityError:
        db.session.rollback()  # the same form, sent twice at once: the other one won
        existing = orders.order_by_checkout_key(key)
        if existing is None:
            raise
        return go_pay(existing, from_checkout=True)
    session.pop(SESSION_KEY, None)
    return go_pay(order, from_checkout=True)


def _go_pay_cart_order(order):
    """This browser's cart became `order` in another tab: go on to pay it, remembered here."""
    session.pop(SESSION_KEY, None)
    if order.status != OrderStatus.PENDING_PAYMENT:  # paid (or closed) since: just show it
        remember_guest_order(order)
        return redirect(url_for("orders.detail", number=order.number))
    return go_pay(order, from_checkout=True)
