"""Orders of a chosen product, carried to a completed parcel, and reviews of their lines."""

from __future__ import annotations

import io
from datetime import timedelta
from uuid import uuid4

from PIL import Image

from marketplace.catalog.models import Product
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.models import Order, OrderLine, SubOrder
from marketplace.orders.status import SUB_ORDER_TRANSITIONS, SubOrderStatus, transition
from marketplace.reviews import services as reviews
from tests.factories import deliver, pay


def order_of(product: Product, user=None, buyer_name: str = "Rina Wulandari",
             variant_label: str = "", quantity: int = 1) -> Order:
    """A pending order of `quantity` of `product` (one parcel, one line)."""
    now = utcnow()
    goods = product.price * quantity
    order = Order(
        checkout_key=uuid4().hex, user_id=user.id if user else None, buyer_name=buyer_name,
        email=user.email if user else f"guest-{uuid4().hex[:6]}@pasar.example",
        phone="+6281298765432", street="Jl. Mawar 12", village="Dinoyo",
        district="Lowokwaru", regency="Kota Malang", province="Jawa Timur",
        postal_code="65144", goods_amount=goods, shipping_amount=15_000,
        grand_total=goods + 15_000, created_at=now, expires_at=now + timedelta(hours=24),
    )
    sub = SubOrder(group_id=product.group_id, group_name=product.group.name,
                   goods_amount=goods, shipping_amount=15_000, weight_grams=500,
                   created_at=now)
    sub.lines.append(OrderLine(product_id=product.id, product_name=product.name,
                               variant_label=variant_label, sku=product.sku,
                               unit_price=product.price, quantity=quantity, weight_grams=500))
    order.sub_orders.append(sub)
    db.session.add(order)
    db.session.flush()
    order.number = f"PS-{now:%Y}-{order.id:06d}"
    db.session.flush()
    return order


def complete(sub: SubOrder) -> SubOrder:
    """The buyer confirmed that the (delivered) parcel arrived."""
    transition(sub, SUB_ORDER_TRANSITIONS, SubOrderStatus.COMPLETED)
    sub.completed_at = sub.received_at = utcnow()
    db.session.flush()
    return sub


def completed_order(product: Product, user=None, **kw) -> tuple[Order, OrderLine]:
    """A paid, delivered and completed order of `product`; returns it and its line."""
    order = pay(order_of(product, user, **kw))
    sub = order.sub_orders[0]
    complete(deliver(sub))
    return order, sub.lines[0]


def delivered_order(product: Product, user=None, **kw) -> tuple[Order, OrderLine]:
    """Paid and delivered, not yet completed."""
    order = pay(order_of(product, user, **kw))
    deliver(order.sub_orders[0])
    return order, order.sub_orders[0].lines[0]


def review(product: Product, stars: int, text: str = "", user=None, **kw):
    """A completed order of `product` and its buyer's review (flushed, not committed)."""
    order, line = completed_order(product, user, **kw)
    return reviews.add_review(line, stars, text, [], order.user_id)


def picture(size: int = 300, fmt: str = "PNG", name: str = "foto.png"):
    """An uploadable picture (the upload check wants at least MIN_IMAGE_SIDE pixels)."""
    data = io.BytesIO()
    Image.new("RGB", (size, size), (180, 90, 40)).save(data, fmt)
    data.seek(0)
    return data, name


def review_url(order: Order, line: OrderLine, token: str | None = None) -> str:
    url = f"/pesanan/{order.number}/ulasan/{line.id}"
    return f"{url}?t={token}" if token else url
