"""The cart page and its actions (add, change quantity, remove)."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, user_logged_in

from marketplace.cart import services
from marketplace.catalog import variants
from marketplace.kernel.extensions import db
from marketplace.kernel.urls import safe_next

bp = Blueprint("cart", __name__, url_prefix="/keranjang")


@bp.after_app_request
def cart_cookie(response):
    if g.get("drop_cart_cookie"):
        response.delete_cookie(services.COOKIE)
    return services.set_cart_cookie(response)


@bp.app_context_processor
def cart_context():
    """The header's cart link: cart_count() in any template, queried only when shown."""
    return {"cart_count": cart_count}


def cart_count() -> int:
    """Units in this visitor's cart (no query for a visitor without a cart)."""
    if not current_user.is_authenticated and services.COOKIE not in request.cookies:
        return 0
    cart = services.find_cart()
    return sum(line.quantity for line in cart.lines) if cart else 0


@user_logged_in.connect
def _merge_on_login(sender, user, **extra):
    """A guest's cart follows them into their account when they sign in."""
    token = services.guest_token()
    if token:
        services.merge_guest_cart(user, token)
        g.drop_cart_cookie = True


@bp.get("")
def show():
    view = services.view_cart(services.find_cart())
    return render_template("cart/show.html", cart=view)


@bp.post("/tambah")
def add():
    back = safe_next(request.form.get("next"), url_for("cart.show"))
    product = services.buyable_product(request.form.get("product_id"))
    if product is None:
        flash(_("That product is not for sale."), "error")
        return redirect(back)
    variant = variants.variant_of(product, request.form.get("variant_id"))
    try:
        quantity = services.parse_quantity(request.form.get("quantity", "1"))
        notice = services.add_to_cart(services.get_or_create_cart(), product, quantity, variant)
    except services.CartError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    flash(notice or _("%(name)s is in your cart.", name=services.item_name(product, variant)),
          "warning" if notice else "success")
    return redirect(url_for("cart.show"))


@bp.post("/<int:line_id>/ubah")
def update(line_id: int):
    cart = services.find_cart()
    try:
        if cart is None:
            raise services.CartError(_("Your cart is empty."))
        quantity = services.parse_quantity(request.form.get("quantity"))
        notice = services.set_quantity(cart, line_id, quantity)
    except services.CartError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(notice or _("Quantity updated."), "warning" if notice else "success")
    return redirect(url_for("cart.show"))


@bp.post("/<int:line_id>/hapus")
def remove(line_id: int):
    cart = services.find_cart()
    try:
        if cart is None:
            raise services.CartError(_("Your cart is empty."))
        services.remove_line(cart, line_id)
    except services.CartError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Removed from your cart."), "success")
    return redirect(url_for("cart.show"))
