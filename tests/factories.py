"""Small helpers that build valid rows; each takes overrides for what a test cares about."""

from __future__ import annotations

import itertools
from datetime import timedelta

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import (
    Category,
    ProducerGroup,
    Product,
    ProductImage,
    Sentra,
)
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.extensions import db
from marketplace.timeutil import utcnow

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


def make_user(role: Role = Role.BUYER, password: str = "correct horse battery", **kw) -> User:
    n = next(_seq)
    user = User(
        email=kw.pop("email", f"user{n}@pasar.example"),
        name=kw.pop("name", f"Pengguna {n}"),
        role=role,
        **kw,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
