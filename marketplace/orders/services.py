"""Placing orders and moving them through their lives. Services flush; callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from marketplace.catalog import stock, variants
from marketplace.catalog.cache import bump_catalog_version
from marketplace.catalog.models import Product, ProductVariant
from marketplace.catalog.pricing import Item, ShippingTerms, split_into_parcels, totals
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import without_nul
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.models import Order, OrderLine, SubOrder
from marketplace.orders.status import (
    ORDER_TRANSITIONS,
    SUB_ORDER_TRANSITIONS,
    OrderStatus,
    SubOrderStatus,
    transition,
)
from marketplace.shipping.quotes import ServiceQuote


class OrderError(Exception):
    """An order action that cannot be done; str(error) is the message for the user."""


class SoldOutError(OrderError):
    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            _("Sorry, sold out before you could order: %(names)s. Nothing was charged.",
              names=", ".join(names))
        )


def order_by_checkout_key(key: str) -> Order | None:
    return db.session.scalar(select(Order).where(Order.checkout_key == key))


def order_by_number(number: str) -> Order | None:
    return db.session.scalar(
        select(Order)
        .where(Order.number == number)
        .options(selectinload(Order.sub_orders).selectinload(SubOrder.lines))
    )


@dataclass(frozen=True)
class Wanted:
    """One product (in one variant, when it has them) and how many of it the buyer is
    ordering (a claimed cart line)."""

    product: Product
    quantity: int
    variant: ProductVariant | None = None

    @property
    def product_id(self) -> int:
        return self.product.id

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.product.id, self.variant.id if self.variant is not None else 0)

    @property
    def sellable(self):
        """What is priced, weighed and counted: the variant, or the product itself."""
        return self.variant if self.variant is not None else self.product

    @property
    def display_name(self) -> str:
        if self.variant is None:
            return self.product.name
        return f"{self.product.name} ({self.variant.label})"


def _reserve(line: Wanted) -> bool:
    """Take the line's units with conditional UPDATEs: the product's row first, then its
    variant's (the order every writer of both rows follows, so none deadlock)."""
    product = line.product
    if product.has_variants != (line.variant is not None):
        return False  # options added or removed since the buyer chose
    reserved = db.session.execute(
        update(Product)
        .where(
            Product.id == product.id,
            Product.status == ProductStatus.ACTIVE,
            Product.stock >= line.quantity,
            # re-read after any lock wait: a listing given options (or losing them) meanwhile
            (Product.option1_name != "") if line.variant is not None
            else (Product.option1_name == ""),
        )
        .values(stock=Product.stock - line.quantity)
        .execution_options(synchronize_session=False)
    ).rowcount
    if reserved != 1 or line.variant is None:
        return reserved == 1
    return db.session.execute(
        update(ProductVariant)
        .where(
            ProductVariant.id == line.variant.id,
            ProductVariant.product_id == product.id,
            ProductVariant.active.is_(True),
            ProductVariant.stock >= line.quantity,
        )
        .values(stock=ProductVariant.stock - line.quantity)
        .execution_options(synchronize_session=False)
    ).rowcount == 1


def _known_locale(code: str | None) -> str:
    """The checkout page's language if the shop has it, else the shop's own language."""
    config = current_app.config
    return code if code in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def place_order(lines: list[Wanted], address: dict, checkout_key: str, user=None,
                expected_total: int | None = None,
                shipping: dict[int, ServiceQuote] | None = None) -> Order:
    """Create the order for `lines` in the caller's (write) transaction.

    Stock is reserved with one conditional UPDATE per product (and one per variant), in
    product-id then variant-id order so two carts never deadlock; if any product cannot be
    reserved, SoldOutError is raised and the caller rolls the whole transaction back, so
    nothing is created or reserved. The lines come from a claimed cart
    (checkout.services.checkout_cart); orders knows no cart.
    """
    lines = sorted(lines, key=lambda line: line.sort_key)
    sold_out: list[str] = []
    for line in lines:
        product = line.product
        if product.group.status != GroupStatus.APPROVED or line.quantity <= 0 \
                or not _reserve(line):
            sold_out.append(line.display_name)
    if sold_out:
        raise SoldOutError(sold_out)

    items = [
        Item(line.product_id, line.product.group_id, line.product.name, line.sellable.price,
             line.quantity, line.sellable.weight_grams,
             variant_id=line.variant.id if line.variant is not None else None)
        for line in lines
    ]
    groups = {line.product.group_id: line.product.group for line in lines}
    shipping = shipping or {}
    parcels = split_into_parcels(
        items,
        {gid: ShippingTerms(shipping[gid].price) if gid in shipping
         else ShippingTerms(grp.shipping_fee, grp.free_shipping_threshold)
         for gid, grp in groups.items()},
    )
    total = totals(parcels)
    if expected_total is not None and expected_total != total.grand_total:
        raise OrderError(_("Prices or shipping changed while you were reviewing. "
                           "Please check the new total."))
    now = utcnow()
    order = Order(
        checkout_key=checkout_key,
        user_id=getattr(user, "id", None),
        buyer_name=address["name"],
        email=address["email"].lower(),
        phone=address["phone"],
        street=address["street"],
        village=address["village"],
        district=address["district"],
        regency=address["regency"],
        province=address["province"],
        postal_code=address["postal_code"],
        province_code=address.get("province_code", ""),
        regency_code=address.get("regency_code", ""),
        district_code=address.get("district_code", ""),
        village_code=address.get("village_code", ""),
        locale=_known_locale(address.get("locale")),
        goods_amount=total.goods,
        shipping_amount=total.shipping,
        grand_total=total.grand_total,
        created_at=now,
        expires_at=now + timedelta(hours=current_app.config["ORDER_EXPIRY_HOURS"]),
    )
    by_item = {(line.product_id, line.variant.id if line.variant else None): line
                for line in lines}
    for parcel in parcels:
        sub = SubOrder(
            group_id=parcel.group_id,
            group_name=groups[parcel.group_id].name,
            goods_amount=parcel.subtotal,
            shipping_amount=parcel.shipping_fee,
            weight_grams=parcel.weight_grams,
        )
        chosen = shipping.get(parcel.group_id)
        if chosen is not None:
            sub.shipping_service, sub.shipping_label = chosen.code, chosen.label
            sub.shipping_etd_min_days = chosen.etd_min_days
            sub.shipping_etd_max_days = chosen.etd_max_days
            sub.shipping_rate_source = chosen.source
        for item in parcel.items:
            wanted = by_item[(item.product_id, item.variant_id)]
            sub.lines.append(OrderLine(
                product_id=item.product_id, product_name=item.name,
                variant_id=item.variant_id,
                variant_label=wanted.variant.label if wanted.variant is not None else "",
                sku=wanted.sellable.sku, unit_price=item.unit_price,
                quantity=item.quantity, weight_grams=item.weight_grams,
            ))
        order.sub_orders.append(sub)
    db.session.add(order)
    db.session.flush()
    order.number = f"PS-{now:%Y}-{order.id:06d}"
    stock.record([
        stock.movement(line.product_id, -line.quantity, stock.StockReason.RESERVE,
                       order_id=order.id, sub_order_id=sub.id, user_id=order.user_id, at=now,
                       variant_id=line.variant_id)
        for sub in order.sub_orders for line in sub.lines
    ])
    bump_catalog_version(db.session.connection())  # stock changed outside the ORM
    db.session.flush()
    return order


def release_stock(order: Order) -> bool:
    """Give the order's reserved units back, exactly once; True if this call did it."""
    claimed = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.stock_released_at.is_(None))
        .values(stock_released_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return False
    for sub in order.sub_orders:
        release_sub_order_stock(sub)  # skips a parcel its group already cancelled
    return True


def release_sub_order_stock(sub: SubOrder, user_id: int | None = None) -> bool:
    """Give one parcel's units back, exactly once (claimed by a conditional UPDATE)."""
    claimed = db.session.execute(
        update(SubOrder)
        .where(SubOrder.id == sub.id, SubOrder.stock_released_at.is_(None))
        .values(stock_released_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return False
    for line in sorted(sub.lines, key=lambda line: (line.product_id, line.variant_id or 0)):
        db.session.execute(
            update(Product)
            .where(Product.id == line.product_id)
            .values(stock=Product.stock + line.quantity)
            .execution_options(synchronize_session=False)
        )
        if line.variant_id is not None:
            db.session.execute(
                update(ProductVariant)
                .where(ProductVariant.id == line.variant_id)
                .values(stock=ProductVariant.stock + line.quantity)
                .execution_options(synchronize_session=False)
            )
    now = utcnow()
    stock.record([
        stock.movement(line.product_id, line.quantity, stock.StockReason.RELEASE,
                       order_id=sub.order_id, sub_order_id=sub.id, user_id=user_id, at=now,
                       variant_id=line.variant_id)
        for line in sub.lines
    ])
    variants.clear_retired(line.variant_id for line in sub.lines if line.variant_id)
    bump_catalog_version(db.session.connection())  # stock changed outside the ORM
    return True


def reserve_again(order: Order, user_id: int | None = None) -> bool:
    """Take the stock of a released order again (an admin reviving a late payment)."""
    now, movements = utcnow(), []
    for sub in order.sub_orders:
        for line in sub.lines:
            taken = db.session.execute(
                update(Product)
                .where(Product.id == line.product_id, Product.stock >= line.quantity)
                .values(stock=Product.stock - line.quantity)
                .execution_options(synchronize_session=False)
            ).rowcount
            if taken == 1 and line.variant_id is not None:
                taken = db.session.execute(
                    update(ProductVariant)
                    .where(ProductVariant.id == line.variant_id,
                           ProductVariant.stock >= line.quantity)
                    .values(stock=ProductVariant.stock - line.quantity)
                    .execution_options(synchronize_session=False)
                ).rowcount
            if taken != 1:
                return False
            movements.append(stock.movement(
                line.product_id, -line.quantity, stock.StockReason.REVIVE, order_id=order.id,
                sub_order_id=sub.id, user_id=user_id, at=now, variant_id=line.variant_id))
    order.stock_released_at = None
    for sub in order.sub_orders:
        # Its units are out again: a later cancellation by the group, or a reversed
        # payment, must be able to give them back.
        sub.stock_released_at = None
    stock.record(movements)
    bump_catalog_version(db.session.connection())
    return True


def stock_shortfall(order: Order) -> list[tuple[str, int, int]]:
    """(product name, units needed, units in stock) for each line `reserve_again` could not
    take now; [] when the order could be filled again. Reads only."""
    needed: dict[int, tuple[str, int]] = {}
    for sub in order.sub_orders:
        for line in sub.lines:
            name, quantity = needed.get(line.product_id, (line.product_name, 0))
            needed[line.product_id] = (name, quantity + line.quantity)
    if not needed:
        return []
    stock = dict(db.session.execute(
        select(Product.id, Product.stock).where(Product.id.in_(list(needed)))).all())
    return [(name, quantity, stock.get(pid, 0)) for pid, (name, quantity) in needed.items()
            if stock.get(pid, 0) < quantity]


def lock_order(order_id: int) -> Order | None:
    """Load an order for a status change, locked on PostgreSQL until the transaction ends."""
    return db.session.scalar(
        select(Order)
        .where(Order.id == order_id)
        .options(selectinload(Order.sub_orders).selectinload(SubOrder.lines))
        .with_for_update(of=Order)
        .execution_options(populate_existing=True)
    )


def mark_paid(order: Order) -> list[SubOrder]:
    """pending (or a flagged expired/cancelled) -> paid; returns the sub-orders now new.

    The commission is booked by the caller (payments.outcomes.mark_order_paid)."""
    transition(order, ORDER_TRANSITIONS, OrderStatus.PAID)
    order.paid_at = utcnow()
    fresh = []
    for sub in order.sub_orders:
        if sub.status in (SubOrderStatus.AWAITING_PAYMENT, SubOrderStatus.CANCELLED):
            transition(sub, SUB_ORDER_TRANSITIONS, SubOrderStatus.NEW)
            fresh.append(sub)
    db.session.flush()
    return fresh


def close_unpaid(order: Order, status: OrderStatus) -> bool:
    """pending -> cancelled or expired, releasing stock once; False if not pending."""
    if order.status != OrderStatus.PENDING_PAYMENT:
        return False
    transition(order, ORDER_TRANSITIONS, status)
    order.closed_at = utcnow()
    for sub in order.sub_orders:
        if sub.status == SubOrderStatus.AWAITING_PAYMENT:
            transition(sub, SUB_ORDER_TRANSITIONS, SubOrderStatus.CANCELLED)
    release_stock(order)
    return True


def reverse_paid(order: Order) -> list[SubOrder]:
    """paid -> payment_reversed: every parcel not yet shipped goes on hold and its units go
    back on sale (exactly once); returns the parcels put on hold. The order must be locked."""
    transition(order, ORDER_TRANSITIONS, OrderStatus.PAYMENT_REVERSED)
    # Lock the parcels too: a group shipping one right now either finishes first (and its
    # parcel stays shipped) or waits and then finds it on hold.
    subs = db.session.scalars(
        select(SubOrder).where(SubOrder.order_id == order.id).order_by(SubOrder.id)
        .with_for_update().execution_options(populate_existing=True)
    ).all()
    held = []
    for sub in subs:
        if sub.status in (SubOrderStatus.NEW, SubOrderStatus.PROCESSING):
            transition(sub, SUB_ORDER_TRANSITIONS, SubOrderStatus.ON_HOLD)
            release_sub_order_stock(sub)
            held.append(sub)
    db.session.flush()
    return held


def flag_for_review(order: Order, reason: str) -> bool:
    """Flag the order for an admin with a dated note; False (and nothing changes) if the
    same note is already there, so a replayed notification or a second reconcile run
    neither adds it twice nor reopens a review an admin has closed."""
    reason = " ".join(without_nul(reason).split())  # one line per note
    if any(line.partition(" UTC: ")[2] == reason
           for line in (order.review_reason or "").splitlines()):
        return False
    order.needs_review = True
    note = f"{utcnow():%Y-%m-%d %H:%M} UTC: {reason}"
    order.review_reason = f"{order.review_reason}\n{note}".strip()
    return True


def orders_of_user(user) -> list[Order]:
    return list(db.session.scalars(
        select(Order).where(Order.user_id == user.id).order_by(Order.id.desc())
        .options(selectinload(Order.sub_orders))
    ))


