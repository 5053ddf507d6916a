"""Small helpers that build valid rows; each takes overrides for what a test cares about."""

from __future__ import annotations

import contextlib
import functools
import itertools
from datetime import timedelta

from werkzeug.security import generate_password_hash

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import (
    Category,
    ProducerGroup,
    Product,
    ProductImage,
    Sentra,
)
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from tests.clock import frozen_at

_seq = itertools.count(1)


def make_sentra(**kw) -> Sentra:
    n = next(_seq)
    sentra = Sentra(
        slug=kw.pop("slug", f"sentra-{n}"),
        name=kw.pop("name", f"Sentra Uji {n}"),
        craft=kw.pop("craft", "Keramik"),
        province=kw.pop("province", "Jawa Timur"),
        regency=kw.pop("regency", "Kota Malang"),
        district=kw.pop("district", "Lowokwaru"),
        village=kw.pop("village", "Dinoyo"),
        story=kw.pop("story", "Cerita sentra."),
        **kw,
    )
    db.session.add(sentra)
    db.session.flush()
    return sentra


def make_group(sentra: Sentra | None = None, **kw) -> ProducerGroup:
    n = next(_seq)
    group = ProducerGroup(
        sentra=sentra or make_sentra(),
        slug=kw.pop("slug", f"kelompok-{n}"),
        name=kw.pop("name", f"Kelompok Uji {n}"),
        village=kw.pop("village", "Dinoyo"),
        story=kw.pop("story", "Cerita kelompok."),
        whatsapp=kw.pop("whatsapp", "+6281234567890"),
        shipping_fee=kw.pop("shipping_fee", 15000),
        status=kw.pop("status", GroupStatus.APPROVED),
        **kw,
    )
    db.session.add(group)
    db.session.flush()
    return group


def make_category(**kw) -> Category:
    n = next(_seq)
    category = Category(
        slug=kw.pop("slug", f"kategori-{n}"),
        name=kw.pop("name", f"Kategori {n}"),
        name_en=kw.pop("name_en", f"Category {n}"),
        **kw,
    )
    db.session.add(category)
    db.session.flush()
    return category


def make_product(group: ProducerGroup | None = None, category: Category | None = None,
                 images: int = 0, **kw) -> Product:
    n = next(_seq)
    product = Product(
        group=group or make_group(),
        category=category or make_category(),
        sku=kw.pop("sku", f"SKU-{n}"),
        slug=kw.pop("slug", f"produk-{n}"),
        name=kw.pop("name", f"Produk Uji {n}"),
        description=kw.pop("description", "Deskripsi produk."),
        price=kw.pop("price", 50_000),
        stock=kw.pop("stock", 10),
        weight_grams=kw.pop("weight_grams", 500),
        status=kw.pop("status", ProductStatus.ACTIVE),
        created_at=kw.pop("created_at", utcnow() - timedelta(minutes=n)),
        **kw,
    )
    for position in range(images):
        product.images.append(
            ProductImage(key=f"products/test-{n}-{position}", position=position, width=800,
                         height=800)
        )
    db.session.add(product)
    db.session.flush()
    return product


@functools.cache
def cheap_hash(password: str) -> str:
    """A fast pbkdf2 hash the real login still checks: scrypt (what set_password uses, and
    what sign-up is tested to store) costs ~80 ms a user, twice per signed-in test."""
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_user(role: Role = Role.BUYER, password: str = "correct horse battery", **kw) -> User:
    n = next(_seq)
    user = User(
        email=kw.pop("email", f"user{n}@pasar.example"),
        name=kw.pop("name", f"Pengguna {n}"),
        role=role,
        **kw,
    )
    user.password_hash = cheap_hash(password)
    db.session.add(user)
    db.session.flush()
    return user


# --- orders and money (issue 6) -------------------------------------------------------
def make_order(parts, shipping: int = 15_000, at=None, **kw):
    """A pending order with one sub-order per (group, goods amount) in `parts`.

    Lines are a single product per group made on the fly; `at` backdates creation.
    """
    from uuid import uuid4

    from marketplace.orders.models import Order, OrderLine, SubOrder

    now = at or utcnow()
    order = Order(
        checkout_key=uuid4().hex, buyer_name=kw.pop("buyer_name", "Rina Wulandari"),
        email=kw.pop("email", f"buyer-{uuid4().hex[:6]}@pasar.example"),
        phone="+6281298765432", street="Jl. Mawar 12", village="Dinoyo",
        district="Lowokwaru", regency="Kota Malang", province="Jawa Timur",
        postal_code="65144", goods_amount=0, shipping_amount=0, grand_total=0,
        created_at=now, expires_at=now + timedelta(hours=24), **kw,
    )
    for group, goods in parts:
        product = make_product(group=group, price=goods, stock=5)
        sub = SubOrder(group_id=group.id, group_name=group.name, goods_amount=goods,
                       shipping_amount=shipping, weight_grams=500, created_at=now)
        sub.lines.append(OrderLine(product_id=product.id, product_name=product.name,
                                   sku=product.sku, unit_price=goods, quantity=1,
                                   weight_grams=500))
        order.sub_orders.append(sub)
        order.goods_amount += goods
        order.shipping_amount += shipping
    order.grand_total = order.goods_amount + order.shipping_amount
    db.session.add(order)
    db.session.flush()
    order.number = f"PS-{now:%Y}-{order.id:06d}"
    db.session.flush()
    return order


def pay(order, at=None, payment_type: str = "bank_transfer"):
    """Mark the order paid the way a settlement does (commission accrued), optionally at
    a past moment; records a settled payment attempt so refunds know how it was paid."""
    from marketplace.orders.attempts import PaymentAttempt
    from marketplace.payments.outcomes import mark_order_paid

    db.session.add(PaymentAttempt(
        order_id=order.id, attempt_no=1, midtrans_order_id=f"{order.number}-1",
        gross_amount=order.grand_total, state="redirected", transaction_status="settlement",
        payment_type=payment_type,
    ))
    with frozen_at(at) if at is not None else contextlib.nullcontext():
        mark_order_paid(order)
    db.session.flush()
    return order


def deliver(sub, at=None):
    """Move a paid sub-order through packing and shipping to delivered (at `at`)."""
    from marketplace.orders.status import SUB_ORDER_TRANSITIONS, SubOrderStatus, transition

    when = at or utcnow()
    for status in (SubOrderStatus.PROCESSING, SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED):
        transition(sub, SUB_ORDER_TRANSITIONS, status)
    sub.processing_at = sub.shipped_at = sub.delivered_at = when
    sub.courier, sub.tracking_number = "JNE", f"JNE{sub.id:08d}"
    db.session.flush()
    return sub


def make_rule(rate_bp: int, effective_from=None, sentra=None, group=None):
    """A commission rule (the default when neither sentra nor group is given)."""
    from datetime import date

    from marketplace.ledger.models import CommissionRule

    scope = "group" if group else "sentra" if sentra else "default"
    key = f"group:{group.id}" if group else f"sentra:{sentra.id}" if sentra else "default"
    rule = CommissionRule(scope=scope, sentra_id=sentra.id if sentra else None,
                          group_id=group.id if group else None, target_key=key,
                          rate_bp=rate_bp, effective_from=effective_from or date(2020, 1, 1))
    db.session.add(rule)
    db.session.flush()
    return rule


def late_settle(order, at=None, payment_type: str = "bank_transfer", expired_at=None):
    """The order expires unpaid (stock back on sale), then Midtrans settles its payment
    anyway, as a late settlement notification records it (at `at`)."""
    from marketplace.orders import services as orders
    from marketplace.orders.attempts import PaymentAttempt
    from marketplace.orders.status import OrderStatus

    with frozen_at(expired_at or utcnow()):
        orders.close_unpaid(order, OrderStatus.EXPIRED)
    attempt = PaymentAttempt(
        order_id=order.id, attempt_no=1, midtrans_order_id=f"{order.number}-1",
        gross_amount=order.grand_total, state="redirected", transaction_status="settlement",
        payment_type=payment_type, late_settled_at=at or utcnow(),
    )
    db.session.add(attempt)
    orders.flag_for_review(order, f"{attempt.midtrans_order_id} settled after the order was "
                                  "expired: re-reserve the stock or refund")
    db.session.flush()
    return attempt
