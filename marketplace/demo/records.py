"""What the demo data files hold, as plain immutable records (read by loader.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marketplace.catalog.status import GroupStatus, ProductStatus


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    name_en: str
    position: int
    parent: str | None = None


@dataclass(frozen=True)
class Sentra:
    slug: str
    name: str
    craft: str
    province: str
    regency: str
    district: str
    village: str
    color: str  # of the banners of the sentra and its groups
    story: str
    established_year: int | None = None


@dataclass(frozen=True)
class Group:
    slug: str
    name: str
    kind: str
    village: str
    whatsapp: str
    shipping_origin: str
    shipping_fee: int
    bank_name: str
    bank_account_number: str
    bank_account_holder: str
    owner_name: str
    owner_email: str
    story: str
    sentra: str  # the file's sentra
    free_shipping_threshold: int | None = None
    origin_village_code: str = ""  # Kemendagri code of the village parcels leave from
    status: GroupStatus = GroupStatus.APPROVED  # or pending: waiting for approval


@dataclass(frozen=True)
class Variant:
    """One of a product's variants: its option values, in the order of the product's options."""

    values: tuple[str, ...]
    sku: str
    price: int
    stock: int
    weight_grams: int


@dataclass(frozen=True)
class Product:
    sku: str
    slug: str
    name: str
    category: str
    price: int
    stock: int
    weight_grams: int
    materials: str
    featured: bool
    motif: str  # what its pictures show, and in which colour
    color: str
    description: str
    group: str  # the group it is listed under in its file
    status: ProductStatus = ProductStatus.ACTIVE  # or draft, archived: not for sale
    # Sizes, packs...: the options' names and the variants (their price, stock and weight
    # then replace the product's own, which the file still gives for reference).
    options: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True)
class Person:
    email: str
    name: str


@dataclass(frozen=True)
class Logins:
    password: str
    admin: Person
    buyer: Person


@dataclass(frozen=True)
class Address:
    phone: str
    street: str
    village: str
    district: str
    regency: str
    province: str
    postal_code: str


@dataclass(frozen=True)
class Guest:
    name: str
    email: str
    phone: str
    street: str
    village: str
    district: str
    regency: str
    province: str
    postal_code: str


@dataclass(frozen=True)
class Courier:
    name: str
    prefix: str


@dataclass(frozen=True)
class CommissionRule:
    scope: str  # default, sentra or group
    rate_bp: int
    note: str
    target: str | None = None  # the sentra's or group's slug
    effective_from: date | None = None
    days_before_now: int | None = None  # starts the first of that month instead


@dataclass(frozen=True)
class History:
    """The knobs of the demo history (history.toml)."""

    seed: int
    days: int
    orders: int
    recent_orders: int
    expired_orders: int
    abandoned_orders: int
    group_cancellations: int
    refunds: int
    draft_payout_groups: tuple[str, ...]
    payment_types: tuple[str, ...]
    partial_refund_reasons: tuple[str, ...]
    full_refund_reasons: tuple[str, ...]
    group_cancel_reasons: tuple[str, ...]
    commission_rules: tuple[CommissionRule, ...]
    account_address: Address
    guests: tuple[Guest, ...]
    couriers: tuple[Courier, ...]
    # After the sale: the share of delivered parcels whose buyer confirms receipt (the
    # others are completed by the auto-complete command), and the two complaints as
    # (reason, description, the group's answer[, the association's note]).
    confirmed_receipts_percent: int = 0
    open_complaint: tuple[str, ...] = ()
    resolved_complaint: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoData:
    """Everything in the seed's order: groups waiting for approval and products the shop
    hides come after the others (so the rows keep the ids they always had)."""

    categories: tuple[Category, ...]
    sentra: tuple[Sentra, ...]
    groups: tuple[Group, ...]
    products: tuple[Product, ...]
    logins: Logins
    history: History

    def for_sale(self) -> list[Product]:
        """The products the shop lists: active, of an approved group."""
        approved = {g.slug for g in self.groups if g.status == GroupStatus.APPROVED}
        return [p for p in self.products
                if p.status == ProductStatus.ACTIVE and p.group in approved]
