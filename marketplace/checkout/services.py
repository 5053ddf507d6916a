"""A cart becoming an order: the cart claimed (locked, its lines taken, at most one order
however many requests race for it), then orders.place_order; and an unpaid order's items
put back in a cart. Checkout sits above cart and orders and is the only one knowing both."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import joinedload

from marketplace.cart import services as carts
from marketplace.cart.models import Cart, CartLine
from marketplace.catalog import variants
from marketplace.catalog.models import Product
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.models import Order
from marketplace.orders.services import OrderError, Wanted, place_order
from marketplace.shipping.quotes import ServiceQuote


class CartChangedError(OrderError):
    """The cart's lines were taken or removed by another request while it was being ordered."""

    def __init__(self) -> None:
        super().__init__(_("Your cart changed while your order was being placed. "
                           "Please check it and order again."))


class CartAlreadyOrderedError(OrderError):
    """The cart became an order moments ago (another tab of the same browser won)."""

    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(_("Your cart has just become order %(number)s.", number=number))


# How long after a cart became an order a checkout of the (now empty) cart is taken for
# another tab of the same checkout and sent to that order.
CART_ORDER_WINDOW = timedelta(minutes=10)


def _claim_cart(cart: Cart) -> list[CartLine]:
    """Lock the cart, read its lines and delete them; the lines, or an OrderError."""
    # FOR NO KEY UPDATE: two checkouts of this cart queue here, while adding a line (which
    # only takes a key-share lock on the cart) is not held up. SQLite: BEGIN IMMEDIATE.
    # populate_existing: what another checkout wrote while this one waited is read too.
    cart_id = inspect(cart).identity[0]  # without reloading the cart before it is locked
    if db.session.scalars(
        select(Cart).where(Cart.id == cart_id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one_or_none() is None:
        raise OrderError(_("Your cart is empty."))  # merged into an account's cart meanwhile
    lines = db.session.scalars(
        select(CartLine)
        .where(CartLine.cart_id == cart_id)
        .options(joinedload(CartLine.product).joinedload(Product.group),
                 joinedload(CartLine.variant))
        .order_by(CartLine.product_id, CartLine.variant_id)
    ).all()
    if not lines:
        ordered = _recent_order_of(cart)
        if ordered is not None:
            raise CartAlreadyOrderedError(ordered.number)
        raise OrderError(_("Your cart is empty."))
    taken = db.session.execute(
        delete(CartLine)
        .where(CartLine.id.in_([line.id for line in lines]))
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != len(lines):
        raise CartChangedError()
    db.session.expire(cart, ["lines"])  # deleted above, outside the ORM
    return lines


def _recent_order_of(cart: Cart) -> Order | None:
    if cart.last_order_id is None or cart.last_ordered_at is None:
        return None
    if utcnow() - cart.last_ordered_at > CART_ORDER_WINDOW:
        return None
    return db.session.get(Order, cart.last_order_id)


def order_cart_just_became(cart: Cart | None) -> Order | None:
    """The order this cart became a few minutes ago, if nothing was put in the cart since."""
    if cart is None:
        return None
    ordered = _recent_order_of(cart)
    if ordered is None:
        return None
    has_lines = db.session.scalar(
        select(CartLine.id).where(CartLine.cart_id == cart.id).limit(1))
    return None if has_lines is not None else ordered


def put_back_in_cart(order: Order, cart: Cart) -> tuple[int, list[str]]:
    """An unpaid order's items back in a cart, as far as they are still for sale.

    Returns how many lines went in and a notice for each one that could not, or not fully.
    Flushes; the caller commits.
    """
    added, notices = 0, []
    for sub in order.sub_orders:
        for line in sub.lines:
            product = carts.buyable_product(line.product_id)
            if product is None:
                notices.append(_("%(name)s is no longer for sale.", name=line.display_name))
                continue
            variant = variants.variant_of(product, line.variant_id) \
                if line.variant_id is not None else None
            if product.has_variants and variant is None:
                notices.append(_("%(name)s is no longer for sale.", name=line.display_name))
                continue
            try:
                notice = carts.add_to_cart(cart, product, line.quantity, variant)
            except carts.CartError as error:
                notices.append(str(error))
                continue
            added += 1
            if notice:
                notices.append(notice)
    return added, notices


def checkout_cart(cart: Cart, address: dict, checkout_key: str, user=None,
                  expected_total: int | None = None,
                  shipping: dict[int, ServiceQuote] | None = None) -> Order:
    """Claim the cart and make it an order, in the caller's (write) transaction.

    The cart's row is locked (PostgreSQL) and its lines are deleted by a statement whose row
    count must match the lines read, so a cart becomes at most one order however many
    requests race for it. A request that finds the cart already ordered gets
    CartAlreadyOrderedError (with that order's number); one that lost some lines to another
    request gets CartChangedError; a product sold out meanwhile, SoldOutError (the caller
    rolls back, so nothing is created or reserved).
    """
    lines = _claim_cart(cart)
    order = place_order([Wanted(line.product, line.quantity, line.variant) for line in lines],
                        address,
                        checkout_key, user, expected_total=expected_total, shipping=shipping)
    cart.last_order_id, cart.last_ordered_at = order.id, order.created_at
    db.session.flush()
    return order
