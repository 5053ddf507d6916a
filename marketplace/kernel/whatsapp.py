"""WhatsApp click-to-chat links (https://wa.me/<number>?text=…) for Indonesian numbers."""

from __future__ import annotations

from urllib.parse import quote


def whatsapp_digits(number: str) -> str:
    """The number as wa.me wants it: country code and digits only ('0812…' -> '62812…')."""
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def whatsapp_link(number: str, text: str = "") -> str:
    """A click-to-chat link to `number`, with `text` typed in ahead; "" without a number."""
    digits = whatsapp_digits(number)
    if not digits:
        return ""
    url = f"https://wa.me/{digits}"
    return f"{url}?text={quote(text, safe='')}" if text else url
