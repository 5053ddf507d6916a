"""Limits and parsers for what artisans type: plain functions, no Flask, no database."""

from __future__ import annotations

import re

# Anything above these is a typo, not a product (a price is at most Rp 1.000.000.000).
MAX_PRICE = 1_000_000_000
MAX_STOCK = 100_000
MAX_WEIGHT_GRAMS = 1_000_000
MAX_SHIPPING_FEE = 5_000_000
MAX_FREE_SHIPPING_THRESHOLD = 1_000_000_000
MAX_PHOTOS = 8

NAME_MAX = 120
SKU_MAX = 40
MATERIALS_MAX = 200
DESCRIPTION_MAX = 5000

SKU_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._/-]*$")
ACCOUNT_NUMBER = re.compile(r"^\d{6,20}$")

# "125.000", "125,000", "1.250.000" or plain digits; a decimal part is refused.
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?:,\d{3})+$", re.ASCII)
_DECIMAL = re.compile(r"^\d*[.,]\d+$|^[\d.,]+[.,]\d{1,2}$", re.ASCII)
# Longer than this is absurd for any amount here; the caller's range check says so.
_MAX_DIGITS = 18
_CURRENCY = re.compile(r"^(?:rp\.?|idr)", re.IGNORECASE)


class NumberFormatError(ValueError):
    """Text that is not a whole number; `.reason` is 'decimal', 'negative' or 'invalid'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_whole_number(text: str | int | None, currency: bool = False) -> int | None:
    """'125.000', 'Rp 125,000' or '125000' -> 125000; '' -> None; '12,5' raises.

    With `currency`, a leading 'Rp' or 'IDR' is allowed. Never goes through float.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    value = (text or "").strip().replace("\xa0", " ")
    if currency:
        value = _CURRENCY.sub("", value).strip()
    value = value.replace(" ", "")
    if not value:
        return None
    negative = value.startswith("-")
    digits = value.lstrip("-+")
    if digits.isascii() and digits.isdigit():
        plain = digits
    elif _GROUPED.match(digits):
        plain = re.sub(r"[.,]", "", digits)
    elif _DECIMAL.match(digits):
        raise NumberFormatError("decimal")
    else:
        raise NumberFormatError("invalid")
    plain = plain.lstrip("0") or "0"
    number = int(plain) if len(plain) <= _MAX_DIGITS else 10**_MAX_DIGITS
    if negative and number:
        raise NumberFormatError("negative")
    return number


def normalise_sku(text: str | None) -> str:
    """SKUs are compared and stored in upper case without surrounding spaces."""
    return (text or "").strip().upper()


def copy_sku(sku: str, taken: set[str]) -> str:
    """'VAS-01' -> 'VAS-01-COPY', then '-COPY2', '-COPY3', … whichever is free."""
    number = 1
    while True:
        suffix = "-COPY" if number == 1 else f"-COPY{number}"
        candidate = sku[: SKU_MAX - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


def copy_name(name: str, suffix: str, taken_lower: set[str]) -> str:
    """The name with `suffix` (e.g. ' (copy)'), numbered if that name is taken too."""
    number = 1
    while True:
        tail = suffix if number == 1 else f"{suffix} {number}"
        candidate = name[: NAME_MAX - len(tail)].rstrip() + tail
        if candidate.lower() not in taken_lower:
            return candidate
        number += 1


def mask_account_number(number: str | None) -> str:
    """'1234567890' -> '•••• •••• 7890': enough to recognise, never enough to copy."""
    digits = "".join(ch for ch in (number or "") if ch.isdigit())
    if not digits:
        return ""
    return "•••• •••• " + digits[-4:]


