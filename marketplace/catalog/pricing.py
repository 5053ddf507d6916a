"""Splitting a cart into one parcel per producer group, with shipping and totals (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """One cart line as priced now, from the database."""

    product_id: int
    group_id: int
    name: str
    unit_price: int
    quantity: int
    weight_grams: int
    variant_id: int | None = None

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class ShippingTerms:
    """A group's flat fee per parcel, free from a goods subtotal if it sets one."""

    flat_fee: int
    free_from: int | None = None

    def fee_for(self, subtotal: int) -> int:
        if self.free_from is not None and subtotal >= self.free_from:
            return 0
        return self.flat_fee


@dataclass
class Parcel:
    group_id: int
    items: list[Item] = field(default_factory=list)
    shipping_fee: int = 0

    @property
    def subtotal(self) -> int:
        return sum(item.line_total for item in self.items)

    @property
    def weight_grams(self) -> int:
        return sum(item.weight_grams * item.quantity for item in self.items)

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping_fee


@dataclass(frozen=True)
class Totals:
    goods: int
    shipping: int

    @property
    def grand_total(self) -> int:
        return self.goods + self.shipping


def split_into_parcels(items: Iterable[Item], terms: dict[int, ShippingTerms]) -> list[Parcel]:
    """Group items by producer group (in first-seen order) and price each parcel's shipping."""
    parcels: dict[int, Parcel] = {}
    for item in items:
        if item.quantity <= 0 or item.unit_price <= 0:
            raise ValueError("items need a positive quantity and price")
        parcels.setdefault(item.group_id, Parcel(item.group_id)).items.append(item)
    for parcel in parcels.values():
        parcel.shipping_fee = terms[parcel.group_id].fee_for(parcel.subtotal)
    return list(parcels.values())


def totals(parcels: Iterable[Parcel]) -> Totals:
    parcels = list(parcels)
    return Totals(
        goods=sum(p.subtotal for p in parcels), shipping=sum(p.shipping_fee for p in parcels)
    )
