"""`flask seed-demo`: the five sentra, their groups, ~120 products and a login per role."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from .accounts.models import Role, User
from .catalog import demo_data, demo_images, stock
from .catalog.models import (
    Category,
    GroupMembership,
    ProducerGroup,
    Product,
    ProductImage,
    Sentra,
)
from .catalog.status import GroupStatus, ProductStatus
from .extensions import db
from .media import image_exists, store_image
from .timeutil import utcnow

DEMO_PASSWORD = "sentra-demo-2026"  # noqa: S105 - printed for the demo, never used in production
ADMIN_EMAIL = "admin@pasarsentra.example"
BUYER_EMAIL = "pembeli@pasarsentra.example"

# A group still waiting for approval and listings that are not for sale: the demo shows
# that none of them reach the shop.
PENDING_GROUP = {
    "slug": "gerabah-tanah-merah",
    "sentra": "keramik-dinoyo",
    "name": "Kelompok Gerabah Tanah Merah",
    "kind": "kelompok",
    "village": "Dinoyo",
    "story": "Kelompok baru yang sedang menunggu persetujuan asosiasi.",
    "whatsapp": "+6281330001999",
    "shipping_origin": "Kota Malang, Jawa Timur",
    "bank_name": "BRI",
    "bank_account_number": "001201999888",
    "bank_account_holder": "Kelompok Gerabah Tanah Merah",
    "shipping_fee": 20000,
    "free_shipping_threshold": None,
    "owner_name": "Slamet Riyadi",
    "owner_email": "slamet@tanahmerah.example",
    "status": GroupStatus.PENDING,
}


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

    categories: dict[str, Category] = {}
    for data in demo_data.CATEGORIES:  # parents come before children in the data
        category, created = _get_or_new(Category, slug=data["slug"])
        category.name, category.name_en = data["name"], data["name_en"]
        category.position = data["position"]
        category.parent = categories.get(data["parent"]) if data["parent"] else None
        categories[data["slug"]] = category
        if created:
            report.count("categories")

    sentra: dict[str, Sentra] = {}
    for data in demo_data.SENTRA:
        row, created = _get_or_new(Sentra, slug=data["slug"])
        for key in ("name", "craft", "province", "regency", "district", "village", "story",
                    "established_year"):
            setattr(row, key, data[key])
        if with_images and (not row.cover_key or not image_exists(row.cover_key)):
            picture = demo_images.draw_cover_image(
                row.name, _sentra_colour(data["slug"]), _stable_seed(row.slug),
                width=image_size * 2, height=max(image_size * 3 // 4, 64),
            )
            row.cover_key = store_image(picture, "covers", f"covers/sentra-{row.slug}").key
        sentra[data["slug"]] = row
        if created:
            report.count("sentra")

    groups: dict[str, ProducerGroup] = {}
    for data in [*demo_data.GROUPS, PENDING_GROUP]:
        group, created = _get_or_new(ProducerGroup, slug=data["slug"])
        group.sentra = sentra[data["sentra"]]
        for key in ("name", "kind", "village", "story", "whatsapp", "shipping_origin",
                    "bank_name", "bank_account_number", "bank_account_holder", "shipping_fee",
                    "free_shipping_threshold"):
            setattr(group, key, data[key])
        if created:
            group.status = data.get("status", GroupStatus.APPROVED)
            group.approved_at = now if group.status == GroupStatus.APPROVED else None
            report.count("groups")
        if with_images and (not group.cover_key or not image_exists(group.cover_key)):
            picture = demo_images.draw_cover_image(
                group.name, _sentra_colour(data["sentra"]), _stable_seed(group.slug),
                width=image_size * 2, height=max(image_size * 3 // 4, 64),
            )
            group.cover_key = store_image(picture, "covers", f"covers/group-{group.slug}").key
        owner = _user(data["owner_email"], data["owner_name"], Role.ARTISAN, report)
        db.session.flush()
        membership, _ = _get_or_new(GroupMembership, group_id=group.id, user_id=owner.id)
        membership.role = "owner"
        groups[data["slug"]] = group

    _user(ADMIN_EMAIL, "Admin Asosiasi", Role.ADMIN, report)
    _user(BUYER_EMAIL, "Dewi Lestari", Role.BUYER, report)
    db.session.flush()

    products = list(demo_data.PRODUCTS) + _hidden_products()
    stock_before: dict[Product, int | None] = {}  # before this run (None: new product)
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
        stock_before[product] = before
        product.slug = data["slug"]
        product.category = categories[data["category"]]
        for key in ("name", "description", "materials", "price", "stock", "weight_grams"):
            setattr(product, key, data[key])
        product.is_featured = data["featured"]
        if with_images:
            _ensure_images(product, data, image_size, report)
    db.session.flush()
    stock.record([
        stock.movement(product.id, product.stock - (before or 0),
                       stock.StockReason.INITIAL if before is None else stock.StockReason.EDIT)
        for product, before in stock_before.items()
    ])
    return report


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
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, role=role)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        report.count("users")
    if (role.value, email, DEMO_PASSWORD) not in report.logins:
        report.logins.append((role.value, email, DEMO_PASSWORD))
    return user


def _hidden_products() -> list[dict]:
    """A draft, an archived product and the pending group's listings: never shown."""
    base = {"category": demo_data.CATEGORIES[0]["slug"], "materials": "Tanah liat",
            "stock": 5, "weight_grams": 900, "featured": False, "motif": "pot",
            "color": "#a0522d", "description": "Produk contoh yang tidak tampil di toko."}
    first_group = demo_data.GROUPS[0]["slug"]
    return [
        {**base, "sku": "DEMO-DRAFT-1", "slug": "pot-draf-belum-terbit", "group": first_group,
         "name": "Pot Draf Belum Terbit", "price": 50000, "status": ProductStatus.DRAFT},
        {**base, "sku": "DEMO-ARCH-1", "slug": "pot-lama-diarsipkan", "group": first_group,
         "name": "Pot Lama Diarsipkan", "price": 45000, "status": ProductStatus.ARCHIVED},
        {**base, "sku": "GTM-001", "slug": "gerabah-tanah-merah-kendi", "group":
         PENDING_GROUP["slug"], "name": "Kendi Gerabah Tanah Merah", "price": 60000},
    ]


def _sentra_colour(slug: str) -> str:
    return {
        "keramik-dinoyo": "#b5651d",
        "tempe-sanan": "#c9a227",
        "perak-celuk": "#7d8a96",
        "batik-mojokerto": "#6b3e26",
        "kendedes-singosari": "#4f7942",
    }.get(slug, "#8b5a2b")
