"""The cart: prices and availability always come from the database, never from the form."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.cart.models import Cart, CartLine
from marketplace.catalog.models import ProducerGroup, Product, ProductVariant
from marketplace.catalog.pricing import Item, Parcel, ShippingTerms, split_into_parcels, totals
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import parse_int
from marketplace.kernel.messages import N_, Message, Money
from marketplace.shipping.services import ships_by_courier

COOKIE = "cart"
MAX_QUANTITY = 999


class CartError(Exception):
    """A cart action that cannot be done; str(error) is the message for the buyer."""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="guest-cart")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def guest_token() -> str | None:
    """The guest cart token from the signed cookie, if it is genuine."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        token = _serializer().loads(raw)
    except BadSignature:
        return None
    return token if isinstance(token, str) and len(token) < 100 else None


def find_cart() -> Cart | None:
    """The cart of this buyer or guest browser, if it has one."""
    if "cart" in g:
        return g.cart
    cart = None
    if current_user.is_authenticated:
        cart = db.session.scalar(select(Cart).where(Cart.user_id == current_user.id))
    else:
        token = guest_token()
        if token:
            cart = db.session.scalar(select(Cart).where(Cart.token_hash == _hash(token)))
    g.cart = cart
    return cart


def get_or_create_cart() -> Cart:
    cart = find_cart()
    if cart is not None:
        return cart
    if current_user.is_authenticated:
        cart = Cart(user_id=current_user.id)
    else:
        token = secrets.token_urlsafe(24)
        cart = Cart(token_hash=_hash(token))
        g.new_cart_cookie = _serializer().dumps(token)
    db.session.add(cart)
    db.session.flush()
    g.cart = cart
    return cart


def set_cart_cookie(response):
    """after_request: hand a new guest its signed cart cookie."""
    value = g.get("new_cart_cookie")
    if value:
        response.set_cookie(
            COOKIE, value, max_age=30 * 24 * 3600, httponly=True, samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response


def parse_quantity(raw) -> int:
    """A quantity from a form: a whole number from 1 to MAX_QUANTITY, or CartError."""
    quantity = parse_int(raw, clamp=True)
    if quantity is None:
        raise CartError(_("Enter the quantity as a whole number."))
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    if quantity > MAX_QUANTITY:
        raise CartError(_("At most %(n)d of one product per order.", n=MAX_QUANTITY))
    return quantity


def buyable_product(product_id) -> Product | None:
    """An active product of an approved group, by id (anything else: None)."""
    product_id = parse_int(product_id)
    if product_id is None:
        return None
    return db.session.scalar(
        select(Product)
        .join(Product.group)
        .where(
            Product.id == product_id,
            Product.status == ProductStatus.ACTIVE,
            ProducerGroup.status == GroupStatus.APPROVED,
        )
    )


def item_name(product: Product, variant: ProductVariant | None) -> str:
    """The name a buyer knows the item by: "Kemeja batik (L)"."""
    return f"{product.name} ({variant.label})" if variant is not None else product.name


def add_to_cart(cart: Cart, product: Product, quantity: int,
                variant: ProductVariant | None = None) -> str | None:
    """Add `quantity` of `product` (in `variant`, which a product with options needs);
    returns a notice if the quantity had to be lowered."""
    if product.has_variants and (variant is None or variant.product_id != product.id
                                 or not variant.active):
        raise CartError(_("Choose a variant of %(name)s first.", name=product.name))
    if not product.has_variants:
        variant = None
    sellable = variant if variant is not None else product
    name = item_name(product, variant)
    if sellable.stock <= 0:
        raise CartError(_("%(name)s is sold out.", name=name))
    variant_id = variant.id if variant is not None else None
    line = next((line for line in cart.lines
                 if line.product_id == product.id and line.variant_id == variant_id), None)
    wanted = quantity + (line.quantity if line else 0)
    allowed = min(wanted, sellable.stock, MAX_QUANTITY)
    if line is None:
        line = CartLine(product_id=product.id, variant_id=variant_id, quantity=allowed,
                        price_seen=sellable.price)
        cart.lines.append(line)
    else:
        line.quantity = allowed
        line.price_seen = sellable.price
    db.session.flush()
    if allowed < wanted:
        return _("Only %(n)d of %(name)s are in stock; your cart holds %(n)d.",
                 n=allowed, name=name)
    return None


def set_quantity(cart: Cart, line_id, quantity: int) -> str | None:
    line = _line(cart, line_id)
    stock = line.sellable.stock
    name = item_name(line.product, line.variant)
    if stock <= 0:
        raise CartError(_("%(name)s is sold out.", name=name))
    line.quantity = min(quantity, stock)
    db.session.flush()
    if line.quantity < quantity:
        return _("Only %(n)d of %(name)s are in stock; your cart holds %(n)d.",
                 n=line.quantity, name=name)
    return None


def remove_line(cart: Cart, line_id) -> None:
    cart.lines.remove(_line(cart, line_id))
    db.session.flush()


def _line(cart: Cart, line_id) -> CartLine:
    line_id = parse_int(line_id)
    line = next((line for line in cart.lines if line.id == line_id), None)
    if line is None:
        raise CartError(_("That item is no longer in your cart."))
    return line


@dataclass
class CartRow:
    line: CartLine
    product: Product
    problem: str | None = None  # why it cannot be ordered now
    notice: Message | None = None  # it can, but the buyer should know (price changed)

    @property
    def variant(self) -> ProductVariant | None:
        return self.line.variant if self.line.variant_id is not None else None

    @property
    def unit_price(self) -> int:
        return self.line.sellable.price

    @property
    def name(self) -> str:
        return item_name(self.product, self.variant)

    @property
    def line_total(self) -> int:
        return self.unit_price * self.line.quantity


@dataclass
class ParcelView:
    group: ProducerGroup
    rows: list[CartRow]
    parcel: Parcel
    # Priced per courier service at checkout, for the buyer's address (its fee here: 0).
    by_courier: bool = False


@dataclass
class CartView:
    parcels: list[ParcelView] = field(default_factory=list)
    blocked: list[CartRow] = field(default_factory=list)
    goods: int = 0
    shipping: int = 0

    @property
    def grand_total(self) -> int:
        return self.goods + self.shipping

    @property
    def shipping_at_checkout(self) -> bool:
        """Some parcel's shipping is priced at checkout, once the address is known."""
        return any(parcel.by_courier for parcel in self.parcels)

    @property
    def count(self) -> int:
        return sum(row.line.quantity for p in self.parcels for row in p.rows)

    @property
    def can_checkout(self) -> bool:
        return bool(self.parcels) and not self.blocked

    @property
    def is_empty(self) -> bool:
        return not self.parcels and not self.blocked


def view_cart(cart: Cart | None) -> CartView:
    """The cart as it stands now: current prices, stock and visibility from the database."""
    view = CartView()
    if cart is None or not cart.lines:
        return view
    lines = db.session.scalars(
        select(CartLine)
        .where(CartLine.cart_id == cart.id)
        .options(joinedload(CartLine.product).joinedload(Product.group),
                 joinedload(CartLine.variant))
        .order_by(CartLine.id)
    ).all()
    rows: list[CartRow] = []
    for line in lines:
        product, sellable = line.product, line.sellable
        row = CartRow(line, product)
        if product.status != ProductStatus.ACTIVE or product.group.status != GroupStatus.APPROVED \
                or product.has_variants != (line.variant_id is not None) \
                or (line.variant is not None and not line.variant.active):
            row.problem = _("No longer for sale. Remove it to continue.")
        elif sellable.stock <= 0:
            row.problem = _("Sold out. Remove it to continue.")
        elif line.quantity > sellable.stock:
            row.problem = _("Only %(n)d left: lower the quantity to continue.", n=sellable.stock)
        elif sellable.price != line.price_seen:
            row.notice = Message(N_("The price changed from %(old)s to %(new)s since you "
                                    "added it."),
                                 old=Money(line.price_seen), new=Money(sellable.price))
        rows.append(row)
    view.blocked = [row for row in rows if row.problem]
    good = [row for row in rows if not row.problem]
    items = [
        Item(r.product.id, r.product.group_id, r.product.name, r.unit_price,
             r.line.quantity, r.line.sellable.weight_grams, variant_id=r.line.variant_id)
        for r in good
    ]
    groups = {r.product.group_id: r.product.group for r in good}
    by_courier = {gid for gid, grp in groups.items() if ships_by_courier(grp)}
    terms = {gid: ShippingTerms(0) if gid in by_courier
             else ShippingTerms(grp.shipping_fee, grp.free_shipping_threshold)
             for gid, grp in groups.items()}
    for parcel in split_into_parcels(items, terms):
        parcel_rows = [r for r in good if r.product.group_id == parcel.group_id]
        view.parcels.append(ParcelView(groups[parcel.group_id], parcel_rows, parcel,
                                       by_courier=parcel.group_id in by_courier))
    total = totals(p.parcel for p in view.parcels)
    view.goods, view.shipping = total.goods, total.shipping
    return view


def merge_guest_cart(user, token: str | None) -> None:
    """At sign-in, move a guest cart's lines into the buyer's cart (quantities add up)."""
    if not token:
        return
    guest = db.session.scalar(select(Cart).where(Cart.token_hash == _hash(token)))
    if guest is None or not guest.lines:
        return
    own = db.session.scalar(select(Cart).where(Cart.user_id == user.id))
    if own is None:
        guest.user_id, guest.token_hash = user.id, None
    else:
        for line in list(guest.lines):
            mine = next((m for m in own.lines if m.product_id == line.product_id
                         and m.variant_id == line.variant_id), None)
            if mine is None:
                own.lines.append(CartLine(product_id=line.product_id, quantity=line.quantity,
                                          variant_id=line.variant_id,
                                          price_seen=line.price_seen))
            else:
                mine.quantity = min(mine.quantity + line.quantity, MAX_QUANTITY,
                                    max(line.sellable.stock, 1))
        db.session.delete(guest)
    db.session.flush()
    g.pop("cart", None)
