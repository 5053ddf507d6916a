"""Sentra, producer groups, categories, products and their images."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.dbtypes import str_enum
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


class Sentra(db.Model):
    __tablename__ = "sentra"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    craft: Mapped[str] = mapped_column(String(80), default="")
    province: Mapped[str] = mapped_column(String(80))
    regency: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(80), default="")
    village: Mapped[str] = mapped_column(String(80), default="")
    story: Mapped[str] = mapped_column(Text, default="")
    established_year: Mapped[int | None] = mapped_column(Integer)
    cover_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    groups: Mapped[list[ProducerGroup]] = relationship(back_populates="sentra")


class ProducerGroup(db.Model):
    __tablename__ = "producer_groups"
    __table_args__ = (
        CheckConstraint("shipping_fee >= 0", name="shipping_fee_not_negative"),
        CheckConstraint(
            "free_shipping_threshold IS NULL OR free_shipping_threshold > 0",
            name="free_shipping_threshold_positive",
        ),
        Index("ix_producer_groups_sentra_status", "sentra_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sentra_id: Mapped[int] = mapped_column(ForeignKey("sentra.id"))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20), default="kelompok")
    village: Mapped[str] = mapped_column(String(80), default="")
    story: Mapped[str] = mapped_column(Text, default="")
    whatsapp: Mapped[str] = mapped_column(String(20), default="")
    shipping_origin: Mapped[str] = mapped_column(String(160), default="")
    # the Kemendagri code of the village parcels are sent from (kernel/regions.py), "" if unset
    origin_village_code: Mapped[str] = mapped_column(String(13), default="", server_default="")
    bank_name: Mapped[str] = mapped_column(String(60), default="")
    bank_account_number: Mapped[str] = mapped_column(String(40), default="")
    bank_account_holder: Mapped[str] = mapped_column(String(120), default="")
    shipping_fee: Mapped[int] = mapped_column(BigInteger, default=0)
    free_shipping_threshold: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[GroupStatus] = mapped_column(
        str_enum(GroupStatus), default=GroupStatus.PENDING, index=True
    )
    cover_key: Mapped[str | None] = mapped_column(String(120))
    # Why it was rejected or suspended, shown to the group's members.
    status_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sentra: Mapped[Sentra] = relationship(back_populates="groups")
    products: Mapped[list[Product]] = relationship(back_populates="group")
    memberships: Mapped[list[GroupMembership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )

    @property
    def ships_from(self) -> str:
        """Where parcels are sent from, as buyers read it: "Dinoyo, Kota Malang" from the
        origin village's code, else the free text the group gave."""
        from marketplace.kernel.regions import place_name

        return place_name(self.origin_village_code) or self.shipping_origin or self.village

    @property
    def whatsapp_digits(self) -> str:
        """The WhatsApp number as wa.me wants it: country code and digits only."""
        digits = "".join(ch for ch in self.whatsapp if ch.isdigit())
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        return digits


class GroupMembership(db.Model):
    __tablename__ = "group_memberships"
    __table_args__ = (UniqueConstraint("group_id", "user_id", name="uq_group_memberships_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[ProducerGroup] = relationship(back_populates="memberships")
    user = relationship("User", back_populates="memberships")


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )

    def display_name(self, locale: str) -> str:
        """The category's name in the reader's language."""
        return self.name_en if str(locale).startswith("en") and self.name_en else self.name


class Product(db.Model):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("weight_grams > 0", name="weight_positive"),
        CheckConstraint("rating_count >= 0 AND rating_sum >= rating_count "
                        "AND rating_sum <= 5 * rating_count", name="rating_within_stars"),
        UniqueConstraint("group_id", "sku", name="uq_products_group_sku"),
        # One index per listing order and filter the catalogue pages use.
        Index("ix_products_status_created", "status", "created_at"),
        Index("ix_products_status_price", "status", "price"),
        Index("ix_products_category_status_created", "category_id", "status", "created_at"),
        Index("ix_products_category_status_price", "category_id", "status", "price"),
        Index("ix_products_group_status_created", "group_id", "status", "created_at"),
        Index("ix_products_group_status_price", "group_id", "status", "price"),
        Index("ix_products_featured_status", "is_featured", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    sku: Mapped[str] = mapped_column(String(40))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    materials: Mapped[str] = mapped_column(String(200), default="")
    price: Mapped[int] = mapped_column(BigInteger)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    weight_grams: Mapped[int] = mapped_column(Integer)
    status: Mapped[ProductStatus] = mapped_column(
        str_enum(ProductStatus), default=ProductStatus.DRAFT
    )
    is_featured: Mapped[bool] = mapped_column(Boolean, default=False)
    # The visible reviews' stars and number (reviews/services.py keeps them, in the same
    # transaction as a review is added, hidden or shown again): cards and search read them.
    rating_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The names of the product's options ("Ukuran", "Warna", "Isi"), "" when unused. A
    # product with a first option sells only through its variants: then `price` is the
    # lowest price of its variants, `stock` the sum of theirs and `weight_grams` the lightest
    # (catalog.variants keeps them so, in the same transaction).
    option1_name: Mapped[str] = mapped_column(String(40), default="", server_default="")
    option2_name: Mapped[str] = mapped_column(String(40), default="", server_default="")
    option3_name: Mapped[str] = mapped_column(String(40), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    group: Mapped[ProducerGroup] = relationship(back_populates="products")
    category: Mapped[Category] = relationship()
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product",
        order_by="ProductImage.position",
        cascade="all, delete-orphan",
    )
    variants: Mapped[list[ProductVariant]] = relationship(
        back_populates="product",
        order_by="ProductVariant.position, ProductVariant.id",
        cascade="all, delete-orphan",
    )

    @property
    def cover(self) -> ProductImage | None:
        """The first image, shown on cards and as the gallery's opening picture."""
        return self.images[0] if self.images else None

    @property
    def option_names(self) -> list[str]:
        """The names of the options in use, in order."""
        return [name for name in (self.option1_name, self.option2_name, self.option3_name)
                if name]

    @property
    def has_variants(self) -> bool:
        return bool(self.option1_name)


class ProductVariant(db.Model):
    """One combination of a product's options, with its own SKU, price, stock and weight."""

    __tablename__ = "product_variants"
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("weight_grams > 0", name="weight_positive"),
        UniqueConstraint("product_id", "sku", name="uq_product_variants_sku"),
        UniqueConstraint("product_id", "option1", "option2", "option3",
                         name="uq_product_variants_options"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    sku: Mapped[str] = mapped_column(String(40))
    option1: Mapped[str] = mapped_column(String(40), default="")
    option2: Mapped[str] = mapped_column(String(40), default="")
    option3: Mapped[str] = mapped_column(String(40), default="")
    price: Mapped[int] = mapped_column(BigInteger)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    weight_grams: Mapped[int] = mapped_column(Integer)
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("product_images.id", ondelete="SET NULL"))
    # False once taken off the listing: kept for the orders and stock history that name it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    product: Mapped[Product] = relationship(back_populates="variants")
    image: Mapped[ProductImage | None] = relationship()

    @property
    def values_all(self) -> tuple[str, str, str]:
        return (self.option1, self.option2, self.option3)

    @property
    def values(self) -> list[str]:
        """The option values, one per option name of the product."""
        return [self.option1, self.option2, self.option3][:len(self.product.option_names)]

    @property
    def label(self) -> str:
        """How the variant is named to a buyer: "L" or "L / Biru"."""
        return " / ".join(value for value in (self.option1, self.option2, self.option3)
                          if value)


class ProductImage(db.Model):
    __tablename__ = "product_images"
    __table_args__ = (Index("ix_product_images_product_position", "product_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    product: Mapped[Product] = relationship(back_populates="images")


class CatalogState(db.Model):
    """One row whose version goes up with every change to what the shop shows.

    Counts and pages cached between requests are keyed by this number, so no worker ever
    serves a listing older than the last committed catalogue change.
    """

    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=1)
