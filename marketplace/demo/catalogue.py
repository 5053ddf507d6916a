"""`flask seed-demo`: the five sentra, their groups, ~120 products and a login per role."""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from functools import cache

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalog import stock, variants
from marketplace.catalog.models import (
    Category,
    GroupMembership,
    ProducerGroup,
    Product,
    ProductImage,
    Sentra,
)
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.demo import images as demo_images
from marketplace.demo.loader import load
from marketplace.kernel.extensions import db
from marketplace.kernel.media import image_exists, store_image
from marketplace.kernel.timeutil import utcnow


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def _stable_seed(text: str) -> int:
    return zlib.crc32(text.encode())


def _get_or_new(model, **keys):
    obj = db.session.scalar(select(model).filter_by(**keys))
    if obj is None:
        obj = model(**keys)
        db.session.add(obj)
        return obj, True
    return obj, False


def seed_demo(image_size: int = 800, with_images: bool = True) -> SeedReport:
    """Create or refresh the demo catalogue; running it again adds nothing twice."""
    report = SeedReport()
    now = utcnow()
    demo = load()  # records; copied below as dicts, field by field

    categories: dict[str, Category] = {}
    for data in map(asdict, demo.categories):  # parents come before children in the data
        category, created = _get_or_new(Category, slug=data["slug"])
        category.name, category.name_en = data["name"], data["name_en"]
        category.position = data["position"]
        category.parent = categories.get(data["parent"]) if data["parent"] else None
        categories[data["slug"]] = category
        if created:
            report.count("categories")

    sentra: dict[str, Sentra] = {}
    for data in map(asdict, demo.sentra):
        row, created = _get_or_new(Sentra, slug=data["slug"])
        for key in ("name", "craft", "province", "regency", "district", "village", "story",
                    "established_year"):
            setattr(row, key, data[key])
        if with_images and (not row.cover_key or not image_exists(row.cover_key)):
            picture = demo_images.draw_cover_image(
                row.name, data["color"], _stable_seed(row.slug),
                width=image_size * 2, height=max(image_size * 3 // 4, 64),
            )
            row.cover_key = store_image(picture, "covers", f"covers/sentra-{row.slug}").key
        sentra[data["slug"]] = row
        if created:
            report.count("sentra")

    groups: dict[str, ProducerGroup] = {}
    colours = {data.slug: data.color for data in demo.sentra}
    for data in map(asdict, demo.groups):  # the ones waiting for approval last
        group, created = _get_or_new(ProducerGroup, slug=data["slug"])
        group.sentra = sentra[data["sentra"]]
        for key in ("name", "kind", "village", "story", "whatsapp", "shipping_origin",
                    "origin_village_code", "bank_name", "bank_account_number",
                    "bank_account_holder", "shipping_fee", "free_shipping_threshold"):
            setattr(group, key, data[key])
        if created:
            group.status = data.get("status", GroupStatus.APPROVED)
            group.approved_at = now if group.status == GroupStatus.APPROVED else None
            report.count("groups")
        if with_images and (not group.cover_key or not image_exists(group.cover_key)):
            picture = demo_images.draw_cover_image(
                group.name, colours[data["sentra"]], _stable_seed(group.slug),
                width=image_size * 2, height=max(image_size * 3 // 4, 64),
            )
            group.cover_key = store_image(picture, "covers", f"covers/group-{group.slug}").key
        owner = _user(data["owner_email"], data["owner_name"], Role.ARTISAN, report)
        db.session.flush()
        membership, _ = _get_or_new(GroupMembership, group_id=group.id, user_id=owner.id)
        membership.role = "owner"
        groups[data["slug"]] = group

    _user(demo.logins.admin.email, demo.logins.admin.name, Role.ADMIN, report)
    _user(demo.logins.buyer.email, demo.logins.buyer.name, Role.BUYER, report)
    db.session.flush()

    products = [asdict(p) for p in demo.products]  # the ones the shop hides last
    stock_before: dict[Product, int | None] = {}  # before this run (None: new product)
    with_variants: list[tuple[Product, dict]] = []
    for index, data in enumerate(products):
        group = groups[data["group"]]
        product = db.session.scalar(
            select(Product).where(Product.group_id == group.id, Product.sku == data["sku"])
        )
        before = product.stock if product is not None else None
        if product is None:
            product = Product(group=group, sku=data["sku"])
            # Spread creation times so "newest" has a meaningful order.
            product.created_at = now - timedelta(hours=7 * (len(products) - index))
            product.status = data.get("status", ProductStatus.ACTIVE)
            db.session.add(product)
            report.count("products")
        product.slug = data["slug"]
        product.category = categories[data["category"]]
        sold_as_one = not data["variants"]
        if not sold_as_one:  # its variants' figures, written by save_variants below
            data = {**data, "price": min(v["price"] for v in data["variants"]),
                    "weight_grams": min(v["weight_grams"] for v in data["variants"]),
                    "stock": product.stock or 0}
        stock_before[product] = before
        for key in ("name", "description", "materials", "price", "stock", "weight_grams"):
            setattr(product, key, data[key])
        if not sold_as_one:
            with_variants.append((product, data))
        product.is_featured = data["featured"]
        if with_images:
            _ensure_images(product, data, image_size, report)
    db.session.flush()
    stock.record([
        stock.movement(product.id, product.stock - (before or 0),
                       stock.StockReason.INITIAL if before is None else stock.StockReason.EDIT)
        for product, before in stock_before.items()
    ])
    for product, data in with_variants:
        _seed_variants(product, data)
    return report


def _seed_variants(product: Product, data: dict) -> None:
    """The product's variants as the data gives them (the stock set, as for products)."""
    known = {v.sku: v for v in product.variants}
    rows = [variants.VariantRow(
        values=tuple(v["values"]), sku=v["sku"], price=v["price"], stock=v["stock"],
        weight_grams=v["weight_grams"],
        id=known[v["sku"]].id if v["sku"] in known else None) for v in data["variants"]]
    variants.save_variants(product, list(data["options"]), rows)


def _ensure_images(product: Product, data: dict, image_size: int, report: SeedReport) -> None:
    wanted = 3 if data["featured"] else 2
    seed = _stable_seed(data["sku"])
    for variant in range(wanted):
        key = f"products/demo-{data['sku'].lower()}-{variant}"
        existing = next((i for i in product.images if i.key == key), None)
        if existing is not None and image_exists(key):
            continue
        picture = demo_images.draw_product_image(
            data["motif"], data["color"], seed, variant=variant, size=image_size
        )
        stored = store_image(picture, "products", key)
        if existing is None:
            product.images.append(
                ProductImage(key=stored.key, position=variant, width=stored.width,
                             height=stored.height)
            )
            report.count("images")


def _user(email: str, name: str, role: Role, report: SeedReport) -> User:
    password = load().logins.password
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, role=role)
        user.password_hash = _password_hash(password)
        db.session.add(user)
        report.count("users")
    if (role.value, email, password) not in report.logins:
        report.logins.append((role.value, email, password))
    return user


@cache
def _password_hash(password: str) -> str:
    """One scrypt hash for every demo login: they share a published password, and hashing
    it for each of them took a third of the seed's time."""
    hasher = User()  # never added to the session
    hasher.set_password(password)
    return hasher.password_hash

