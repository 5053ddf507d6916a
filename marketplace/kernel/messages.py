"""Messages as data: a msgid and its parameters, put into the reader's language only when
shown (str()), so that a service says what happened and never formats it.

A parameter is shown by its type: Money as rupiah, Rate (basis points) as a percentage,
Number with the locale's digit grouping, a date in the locale's medium form, a lazy label
(a status's, from its feature's status module) translated; anything else as it is.
Templates use the same rupiah and rate_percent (site/templating.py registers them).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from flask_babel import format_date, format_decimal, format_percent, get_locale, gettext
from flask_babel.speaklater import LazyString

from marketplace.kernel.money import format_rupiah


def N_(message: str) -> str:
    """Mark a msgid for extraction where it is translated later, when shown."""
    return message


class Money(int):
    """An amount of rupiah, shown as `Rp 125.000` / `IDR 125,000`."""


class Rate(int):
    """A rate in basis points, shown as a percentage: 1250 -> `12,5 %` / `12.5%`."""


class Number(int):
    """A count shown with the locale's digit grouping: 1200 -> `1.200` / `1,200`."""


@lru_cache(maxsize=8192)
def _rupiah(amount: int, locale: str) -> str:
    return format_rupiah(amount, locale)


def rupiah(amount: int) -> str:
    """`Rp 125.000` or `IDR 125,000` in the reader's language."""
    return _rupiah(amount, str(get_locale()))


def rate_percent(rate_bp: int | None) -> str:
    """Basis points as a percentage in the reader's locale: 1250 -> '12,5 %' / '12.5%'."""
    if rate_bp is None:
        return "—"
    return format_percent(Decimal(int(rate_bp)) / 10_000, format="#,##0.##%")


def shown(value: Any) -> Any:
    """One parameter as the reader sees it."""
    if isinstance(value, Money):
        return rupiah(value)
    if isinstance(value, Rate):
        return rate_percent(value)
    if isinstance(value, Number):
        return format_decimal(int(value))
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, LazyString):  # a label: translated now
        return str(value)
    return value


def render(msgid: str, params: dict[str, Any]) -> str:
    """The msgid translated, with its parameters shown."""
    if not params:
        return gettext(msgid)
    return gettext(msgid, **{name: shown(value) for name, value in params.items()})


class Message:
    """A msgid with its parameters; str() is the text in the reader's language."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params

    def __str__(self) -> str:
        return render(self.msgid, self.params)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, **{self.params!r})"


class MessageError(Exception):
    """A refusal whose message is data: `.msgid` and `.params` (Money, labels, dates...),
    shown in the reader's language by str(error). Given text and no params, that text is
    the message as it is (already translated)."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.msgid = message
        self.params = params

    def __str__(self) -> str:
        return render(self.msgid, self.params) if self.params else self.msgid
