"""Rupiah arithmetic and formatting: the only place that rounds or formats money."""

from babel.numbers import format_currency

# "Rp 125.000" in Indonesian, "IDR 125,000" in English: no decimals, a no-break space.
_PATTERN = "¤\xa0#,##0"
_NEG_PATTERN = "-¤\xa0#,##0"


def format_rupiah(amount: int, locale: str = "id") -> str:
    """Format integer rupiah for display in the given locale."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"rupiah amounts are int, got {type(amount).__name__}")
    pattern = _NEG_PATTERN if amount < 0 else _PATTERN
    symbol_locale = "id" if str(locale).startswith("id") else "en"
    text = format_currency(
        abs(amount), "IDR", format=pattern, locale=symbol_locale, currency_digits=False
    )
    return text


def round_half_up_div(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero, e.g. for commission in basis points."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    if not isinstance(numerator, int) or not isinstance(denominator, int):
        raise TypeError("round_half_up_div takes ints")
    sign = -1 if numerator < 0 else 1
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return sign * quotient


def basis_points_of(amount: int, rate_bp: int) -> int:
    """`amount * rate_bp / 10000`, rounded half up to whole rupiah."""
    return round_half_up_div(amount * rate_bp, 10_000)
