"""Shipping rates from Biteship's Rates API: the only module that speaks to it.

What this relies on, from Biteship's documentation (biteship.com/docs/api/rates/retrieve,
/docs/api/authentication, /docs/errors) and the answers public integrations record:

- ``POST {base}/v1/rates/couriers`` with the API key as the whole ``authorization`` header
  (keys start ``biteship_live.`` or ``biteship_test.``) and a JSON body:
  ``origin_postal_code`` and ``destination_postal_code`` (numbers), ``couriers`` (codes
  joined by commas: ``"jne,jnt,sicepat"``) and ``items``, each ``{name, value (rupiah),
  weight (grams), quantity}``.
- The answer: ``{"success": true, "object": "courier_pricing", "origin": {...},
  "destination": {...}, "pricing": [...]}``; each pricing entry carries ``courier_code``,
  ``courier_name``, ``courier_service_code``, ``courier_service_name``, ``price`` (whole
  rupiah), ``duration`` ("1 - 2 days"), ``shipment_duration_range`` ("1 - 2", "1" or
  "0") and ``shipment_duration_unit`` ("days" or "hours").
- Errors: a 4xx/5xx status with ``{"success": false, "error": "...", "code": 40101001}``;
  401 for a missing or wrong key.

We send one item standing for the whole parcel (its weight and goods value): the rate
depends on the weight and places, not on how the parcel is split into items. A service
quoted in hours (instant couriers) counts as one day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import requests

DEFAULT_TIMEOUT = 5.0
RATES_PATH = "/v1/rates/couriers"

_POSTAL = re.compile(r"[0-9]{5}", re.ASCII)
_RANGE = re.compile(r"\s*([0-9]+)\s*(?:-\s*([0-9]+)\s*)?", re.ASCII)
_CODE = re.compile(r"[a-z0-9_]{1,40}", re.ASCII)


class RateError(Exception):
    """Rates could not be had; str() is a short reason (timeout, unreachable, HTTP 503, ...)."""


@dataclass(frozen=True)
class Rate:
    """One courier service's price and delivery estimate for a parcel."""

    courier_code: str
    courier_name: str
    service_code: str
    service_name: str
    price: int
    etd_min_days: int
    etd_max_days: int


class BiteshipClient:
    """Biteship's Rates API at `base_url` (https://api.biteship.com, or the simulator)."""

    def __init__(self, base_url: str, api_key: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = float(timeout)

    def __repr__(self) -> str:  # never the key
        return f"BiteshipClient({self.base_url!r}, timeout={self.timeout})"

    def rates(
        self,
        *,
        origin_postal_code: str,
        destination_postal_code: str,
        couriers: list[str],
        weight_grams: int,
        value: int,
    ) -> list[Rate]:
        """Every service the couriers offer between two postal codes for this parcel."""
        body = rates_request(origin_postal_code, destination_postal_code, couriers,
                             weight_grams, value)
        try:
            response = requests.post(
                self.base_url + RATES_PATH,
                json=body,
                headers={"authorization": self.api_key, "accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            raise RateError("timeout") from exc
        except requests.RequestException as exc:
            raise RateError("unreachable") from exc
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not 200 <= response.status_code < 300:
            detail = answer.get("error") if isinstance(answer, dict) else None
            reason = f"HTTP {response.status_code}"
            raise RateError(f"{reason}: {str(detail)[:120]}" if detail else reason)
        if answer is None:
            raise RateError("bad answer: not JSON")
        return parse_rates(answer)


def rates_request(
    origin_postal_code: str,
    destination_postal_code: str,
    couriers: list[str],
    weight_grams: int,
    value: int,
) -> dict[str, Any]:
    """The JSON body Biteship expects; refuses what it would refuse anyway."""
    origin, destination = str(origin_postal_code).strip(), str(destination_postal_code).strip()
    for postal in (origin, destination):
        if not _POSTAL.fullmatch(postal):
            raise RateError(f"bad request: postal code {postal!r}")
    codes = [code.strip().lower() for code in couriers if code and code.strip()]
    if not codes or not all(_CODE.fullmatch(code) for code in codes):
        raise RateError("bad request: couriers")
    if isinstance(weight_grams, bool) or not isinstance(weight_grams, int) or weight_grams < 1:
        raise RateError("bad request: weight")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RateError("bad request: value")
    return {
        "origin_postal_code": int(origin),
        "destination_postal_code": int(destination),
        "couriers": ",".join(dict.fromkeys(codes)),
        "items": [
            {"name": "Parcel", "value": value, "weight": weight_grams, "quantity": 1}
        ],
    }


def parse_rates(answer: Any) -> list[Rate]:
    """The rates in a Rates API answer; RateError if it is not a successful, well-formed one."""
    if not isinstance(answer, dict):
        raise RateError("bad answer: not an object")
    if answer.get("success") is not True:
        detail = answer.get("error") or answer.get("message")
        raise RateError(f"refused: {str(detail)[:120]}" if detail else "refused")
    pricing = answer.get("pricing")
    if not isinstance(pricing, list):
        raise RateError("bad answer: no pricing list")
    return [_rate(entry) for entry in pricing]


def _text(entry: dict, key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RateError(f"bad answer: {key}")
    return value.strip()


def parse_price(value: Any) -> int:
    """A price in whole rupiah: an integer, a float with nothing after the point, or digits
    (30000, 30000.0, "30000"); anything else is refused, never rounded."""
    if isinstance(value, bool):
        raise RateError("bad answer: price")
    if isinstance(value, int):
        price = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise RateError("bad answer: price not whole rupiah")
        price = int(value)
    elif isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip(), re.ASCII):
        # Not "30.000": a thousands dot in Indonesian, a decimal point in JSON.
        price = int(value.strip())
    else:
        raise RateError("bad answer: price")
    if price < 0:
        raise RateError("bad answer: negative price")
    return price


def parse_duration(range_text: Any, unit: Any = "days") -> tuple[int, int]:
    """(min, max) days from shipment_duration_range and _unit: "1 - 2" -> (1, 2), "3" ->
    (3, 3), "0" -> (0, 0) (same day); any hours -> (1, 1)."""
    if isinstance(range_text, int) and not isinstance(range_text, bool):
        range_text = str(range_text)
    if not isinstance(range_text, str):
        raise RateError("bad answer: duration")
    match = _RANGE.fullmatch(range_text)
    if match is None:
        raise RateError("bad answer: duration")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    if high < low:
        raise RateError("bad answer: duration")
    unit = str(unit or "days").strip().lower()
    if unit in ("hour", "hours", "jam"):
        return 1, 1
    if unit not in ("day", "days", "hari"):
        raise RateError("bad answer: duration unit")
    return low, high


def _rate(entry: Any) -> Rate:
    if not isinstance(entry, dict):
        raise RateError("bad answer: pricing entry")
    range_text = entry.get("shipment_duration_range")
    unit = entry.get("shipment_duration_unit")
    if range_text in (None, "") and isinstance(entry.get("duration"), str):
        # Older answers carry only "1 - 2 days" / "1 - 3 Hours".
        words = entry["duration"].strip().rsplit(" ", 1)
        range_text, unit = (words[0], words[1]) if len(words) == 2 else (words[0], None)
    etd_min, etd_max = parse_duration(range_text, unit or "days")
    return Rate(
        courier_code=_text(entry, "courier_code").lower(),
        courier_name=_text(entry, "courier_name"),
        service_code=_text(entry, "courier_service_code").lower(),
        service_name=_text(entry, "courier_service_name"),
        price=parse_price(entry.get("price")),
        etd_min_days=etd_min,
        etd_max_days=etd_max,
    )
