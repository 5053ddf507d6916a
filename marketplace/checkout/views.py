"""Checkout: the address, the review of each group's parcel, then the order and payment."""

import secrets

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from marketplace.accounts import address_book
from marketplace.cart import services as cart_services
from marketplace.checkout import services as checkout
from marketplace.checkout import shipping
from marketplace.checkout.forms import NEW_ADDRESS, CheckoutAddressForm, usable_saved_address
from marketplace.checkout.paying import go_pay
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import parse_int
from marketplace.kernel.messages import rupiah
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
    signed_in = current_user.is_authenticated
    book = address_book.addresses_for(current_user) if signed_in else []
    form = CheckoutAddressForm(data=_address_shown(book), book=book)
    if form.is_region_step():  # a "Choose" button (no JavaScript): the next list, nothing saved
        form.reload_regions()
        form.saved_address.data = NEW_ADDRESS
    elif form.validate_on_submit():
        entry = form.chosen_entry()
        if entry is not None:
            chosen, usable = usable_saved_address(entry.as_checkout_address(current_user.email))
            if usable:
                session[SESSION_KEY] = chosen
                return redirect(url_for("checkout.review"))
            form.saved_address.errors = [_("This saved address needs checking: edit it in "
                                           "your address book, or enter a new one.")]
        else:
            session[SESSION_KEY] = form.address()
            if signed_in and form.save_to_book.data:
                _save_to_book(form.address())
            return redirect(url_for("checkout.review"))
    return render_template("checkout/address.html", form=form, cart=view)


def _address_shown(book) -> dict:
    """What the address form starts with: the address given before in this checkout, else
    the account's contact details and its default address."""
    saved = usable_saved_address(session.get(SESSION_KEY))[0]
    if saved:
        # the book entry this address is (the email is the account's, whatever was typed)
        same = [entry for entry in book
                if entry.as_checkout_address(saved.get("email", "")) == saved]
        return {**saved, "saved_address": str(same[0].id) if same else NEW_ADDRESS}
    if not current_user.is_authenticated:
        return {}
    default = next((entry for entry in book if entry.is_default), None)
    return {"name": current_user.name, "email": current_user.email,
            "phone": current_user.phone,
            "saved_address": str(default.id) if default else NEW_ADDRESS}


def _save_to_book(address: dict) -> None:
    """Keep a new checkout address in the buyer's address book (unless it is there already)."""
    try:
        address_book.add_from_checkout(current_user, address)
        db.session.commit()
    except address_book.AddressBookError as error:
        db.session.rollback()
        flash(str(error), "warning")


@bp.get("/tinjau")
def review():
    view, bounce = _cart_or_redirect()
    if bounce:
        return bounce
    address, usable = usable_saved_address(session.get(SESSION_KEY))
    if not usable:
        return redirect(url_for("checkout.address"))
    choices = {choice.quotes.group_id: choice for choice in shipping.quote_cart(view, address)}
    shipping_total = sum(choice.chosen.price for choice in choices.values())
    return render_template("checkout/review.html", cart=view, address=address,
                           choices=choices, shipping_total=shipping_total,
                           grand_total=view.goods + shipping_total,
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
    shipping.remember_choices(request.form)
    if request.form.get("update"):  # "Update total" (without JavaScript): show it again
        return redirect(url_for("checkout.review"))
    view = cart_services.view_cart(cart)
    chosen = shipping.shown_choices(view, address, request.form)
    if chosen is None:  # the parcels changed, or the prices shown are too old
        flash(_("Shipping prices were updated. Check them, then place your order."),
              "warning")
        return redirect(url_for("checkout.review"))
    # the total the buyer reviewed: only compared, never charged
    expected = parse_int(request.form.get("expected_total"), default=-1)
    total = view.goods + sum(quote.price for quote in chosen.values())
    if view.can_checkout and expected != total:  # another courier ticked, total not seen
        flash(_("With the courier services you chose, the total is %(total)s. Check it, then "
                "place your order.", total=rupiah(total)), "warning")
        return redirect(url_for("checkout.review"))
    begin_write()
    try:
        buyer = current_user if current_user.is_authenticated else None
        # the page's language goes with the order: the buyer's emails are written in it
        order = checkout.checkout_cart(cart, {**address, "locale": str(get_locale())}, key,
                                       buyer, expected_total=expected, shipping=chosen)
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
    shipping.forget()
    return go_pay(order, from_checkout=True)


def _go_pay_cart_order(order):
    """This browser's cart became `order` in another tab: go on to pay it, remembered here."""
    session.pop(SESSION_KEY, None)
    if order.status != OrderStatus.PENDING_PAYMENT:  # paid (or closed) since: just show it
        remember_guest_order(order)
        return redirect(url_for("orders.detail", number=order.number))
    return go_pay(order, from_checkout=True)
