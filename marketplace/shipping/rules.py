"""Shipping arithmetic as couriers do it, in whole rupiah: plain functions, no Flask, no
database.

Couriers charge whole kilograms: a parcel is rounded up to the next kilogram unless it is
over a whole kilogram by no more than a tolerance (JNE, J&T and others: 300 g), and never
less than 1 kg. The table price is the first kilogram plus each further one; the buyer pays
that plus the group's packing fee, or nothing once the goods reach the group's
free-shipping threshold.
"""

from __future__ import annotations

GRAMS_PER_KG = 1000
DEFAULT_TOLERANCE_GRAMS = 300
MAX_TOLERANCE_GRAMS = 999
SERVICE_SEPARATOR = ":"


def charged_kilograms(weight_grams: int, tolerance_grams: int = DEFAULT_TOLERANCE_GRAMS) -> int:
    """The whole kilograms a courier charges for `weight_grams` (at least 1).

    1.3 kg with a 300 g tolerance is charged as 1 kg, 1.301 kg as 2 kg; with no tolerance
    every gram over a kilogram starts the next one.
    """
    if not 0 <= tolerance_grams <= MAX_TOLERANCE_GRAMS:
        raise ValueError(f"tolerance {tolerance_grams} g is outside 0..{MAX_TOLERANCE_GRAMS}")
    whole, rest = divmod(max(int(weight_grams), 0), GRAMS_PER_KG)
    if rest > tolerance_grams:
        whole += 1
    return max(whole, 1)


def charged_weight_grams(weight_grams: int,
                         tolerance_grams: int = DEFAULT_TOLERANCE_GRAMS) -> int:
    """The charged weight in grams: a whole number of kilograms, at least 1000."""
    return charged_kilograms(weight_grams, tolerance_grams) * GRAMS_PER_KG


def table_price(first_kg_price: int, next_kg_price: int, kilograms: int) -> int:
    """First kilogram plus each further kilogram: the rate table's price for a parcel."""
    if kilograms < 1:
        raise ValueError("a parcel is charged at least 1 kg")
    return int(first_kg_price) + int(next_kg_price) * (int(kilograms) - 1)


def is_free_shipping(goods_amount: int, free_shipping_threshold: int | None) -> bool:
    """Whether the goods reach the group's free-shipping threshold (None: never free)."""
    return free_shipping_threshold is not None and goods_amount >= free_shipping_threshold


def buyer_price(rate: int, packing_fee: int, goods_amount: int,
                free_shipping_threshold: int | None) -> int:
    """What the buyer pays to ship the parcel: the rate plus the packing fee, or 0 when
    the goods reach the free-shipping threshold (the group then bears both)."""
    if rate < 0 or packing_fee < 0:
        raise ValueError("a rate and a packing fee are never negative")
    if is_free_shipping(goods_amount, free_shipping_threshold):
        return 0
    return int(rate) + int(packing_fee)


# --- "courier:service" codes, as a group's settings store them ------------------------
def service_key(courier_code: str, service_code: str) -> str:
    """'jne', 'reg' -> 'jne:reg'."""
    return f"{courier_code}{SERVICE_SEPARATOR}{service_code}"


def split_service_key(key: str) -> tuple[str, str]:
    """'jne:reg' -> ('jne', 'reg'); ValueError for anything else."""
    courier, sep, service = (key or "").partition(SERVICE_SEPARATOR)
    if not sep or not courier or not service or SERVICE_SEPARATOR in service:
        raise ValueError(f"not a courier:service code: {key!r}")
    return courier, service


def split_service_codes(text: str | None) -> tuple[str, ...]:
    """'jne:reg, jnt:ez' -> ('jne:reg', 'jnt:ez'): trimmed, lower case, each once, in order."""
    seen: dict[str, None] = {}
    for part in (text or "").split(","):
        code = part.strip().lower()
        if code:
            seen.setdefault(code)
    return tuple(seen)


def join_service_codes(codes) -> str:
    """The stored form of a group's services: codes comma-separated, each once."""
    return ",".join(split_service_codes(",".join(codes)))


def option_order(price: int, etd_min_days: int, etd_max_days: int, code: str) -> tuple:
    """How options are listed: cheapest first, then the fastest, then by code."""
    return (price, etd_max_days, etd_min_days, code)
