"""Plausible demo rates for the embedded rate table: plain data and functions, no database.

A route's price grows with the sea between its provinces: within one province, within one
island group, to a neighbouring island group, then one price step per further crossing
(Java to Papua crosses four). Services differ from the courier's regular service by a
share of its price and a delivery estimate: next-day services (JNE YES, SiCepat BEST,
AnterAja Next Day) cost more and arrive sooner, economy ones (JNE OKE, Pos Reguler) cost
less and take longer. Figures are in the range Indonesian couriers published for a 1 kg
parcel in 2024-2025; they are demo data, which the association edits in /admin/ongkir.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache

# Kemendagri province codes by island group.
ISLAND_OF: dict[str, str] = {
    **dict.fromkeys(("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"), "sumatra"),
    **dict.fromkeys(("31", "32", "33", "34", "35", "36"), "java"),
    **dict.fromkeys(("51", "52", "53"), "nusa_tenggara"),
    **dict.fromkeys(("61", "62", "63", "64", "65"), "kalimantan"),
    **dict.fromkeys(("71", "72", "73", "74", "75", "76"), "sulawesi"),
    **dict.fromkeys(("81", "82"), "maluku"),
    **dict.fromkeys(("91", "92", "93", "94", "95", "96"), "papua"),
}
PROVINCE_CODES: tuple[str, ...] = tuple(sorted(ISLAND_OF))

# Island groups with a direct sea or air link couriers price as "neighbouring".
_NEIGHBOURS = {
    ("sumatra", "java"), ("sumatra", "kalimantan"), ("java", "nusa_tenggara"),
    ("java", "kalimantan"), ("nusa_tenggara", "sulawesi"), ("kalimantan", "sulawesi"),
    ("sulawesi", "maluku"), ("maluku", "papua"), ("nusa_tenggara", "maluku"),
}

# Per zone: the regular service's price for the first kilogram and its estimate in days.
SAME_PROVINCE, SAME_ISLAND = 0, 1  # then 2 = neighbouring, 3 = two crossings, 4 = farther
ZONE_PRICE = {0: 9_000, 1: 18_000, 2: 36_000, 3: 62_000, 4: 98_000}
ZONE_DAYS = {0: (1, 2), 1: (2, 3), 2: (3, 5), 3: (4, 6), 4: (5, 8)}
FAST_DAYS = {0: (1, 1), 1: (1, 1), 2: (1, 2), 3: (2, 3), 4: (2, 4)}
ROUND_TO = 500


@dataclass(frozen=True)
class ServiceProfile:
    """A service's price as a percentage of the courier's regular one, the share of it a
    further kilogram costs, and its speed: "fast" (next day), "regular" or extra days."""

    price_percent: int
    next_kg_percent: int = 100
    speed: str = "regular"
    extra_days: int = 0


PROFILES: dict[str, ServiceProfile] = {
    "jne:reg": ServiceProfile(100),
    "jne:yes": ServiceProfile(170, speed="fast"),
    "jne:oke": ServiceProfile(80, extra_days=2),
    "jnt:ez": ServiceProfile(98),
    "sicepat:reg": ServiceProfile(95),
    "sicepat:best": ServiceProfile(160, speed="fast"),
    "pos:kilat": ServiceProfile(92, next_kg_percent=90, extra_days=1),
    "pos:reguler": ServiceProfile(85, next_kg_percent=90, extra_days=3),
    "anteraja:reg": ServiceProfile(97),
    "anteraja:next_day": ServiceProfile(165, speed="fast"),
}
REGULAR = ServiceProfile(100)


@dataclass(frozen=True)
class DefaultRate:
    origin_province_code: str
    destination_province_code: str
    courier_code: str
    service_code: str
    first_kg_price: int
    next_kg_price: int
    etd_min_days: int
    etd_max_days: int


@cache
def _crossings(start: str, end: str) -> int:
    """How many island groups a parcel crosses (breadth-first over _NEIGHBOURS)."""
    links: dict[str, set[str]] = {}
    for one, two in _NEIGHBOURS:
        links.setdefault(one, set()).add(two)
        links.setdefault(two, set()).add(one)
    seen, frontier, steps = {start}, {start}, 0
    while end not in frontier:
        frontier = {n for island in frontier for n in links.get(island, ())} - seen
        if not frontier:
            return 99
        seen |= frontier
        steps += 1
    return steps


def zone(origin_province_code: str, destination_province_code: str) -> int:
    """0 same province, 1 same island group, 2 neighbouring, 3 two crossings, 4 farther."""
    if origin_province_code == destination_province_code:
        return SAME_PROVINCE
    one = ISLAND_OF.get(origin_province_code)
    two = ISLAND_OF.get(destination_province_code)
    if one is None or two is None:
        return 4
    return min(4, 1 + _crossings(one, two))


def _round(amount: int) -> int:
    return max(ROUND_TO, (amount + ROUND_TO // 2) // ROUND_TO * ROUND_TO)


def default_rate(origin: str, destination: str, courier_code: str,
                 service_code: str) -> DefaultRate:
    """The demo rate of one service on one route (the same every time it is asked)."""
    where = zone(origin, destination)
    # A route's own few thousand rupiah, so the table does not read as one flat price.
    spread = 0 if where == SAME_PROVINCE else (
        zlib.crc32(f"{min(origin, destination)}-{max(origin, destination)}".encode()) % 4
    ) * 1_000
    profile = PROFILES.get(f"{courier_code}:{service_code}", REGULAR)
    first = _round((ZONE_PRICE[where] + spread) * profile.price_percent // 100)
    following = _round(first * profile.next_kg_percent // 100)
    low, high = FAST_DAYS[where] if profile.speed == "fast" else ZONE_DAYS[where]
    return DefaultRate(origin, destination, courier_code, service_code, first, following,
                       low + profile.extra_days, high + profile.extra_days)


def default_rates(services: list[tuple[str, str]],
                  provinces: tuple[str, ...] = PROVINCE_CODES) -> list[DefaultRate]:
    """Every route between `provinces` (both ways and within each) for each service."""
    return [default_rate(origin, destination, courier, service)
            for origin in provinces for destination in provinces
            for courier, service in services]
