"""Request input the databases cannot take: NUL characters and integers beyond 64 bits.

PostgreSQL refuses text holding a NUL (0x00) character, and both databases refuse an
integer outside the signed 64-bit range; either turned into a 500 wherever such a value
reached a query. They are refused here, once for the whole app: a 400 page for a NUL in
the path, the query string or a form, a 404 for an out-of-range number in a URL, and
`parse_int` for every whole number a view or form reads from request text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, ValidationError

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
NUL = "\x00"
# ASCII digits only: int() would also take "١٢" (Arabic-Indic digits) and "1_000".
_INTEGER = re.compile(r"([+-]?)0*([0-9]+)", re.ASCII)
# C0 controls and DEL, except tab, line feed and carriage return (text areas keep those).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_RAW_BODY = "_keeps_raw_body"


def parse_int(value: Any, default: Any = None, minimum: int = INT64_MIN,
              maximum: int = INT64_MAX, clamp: bool = False) -> Any:
    """A whole number from request text within [minimum, maximum], else `default`.

    With `clamp`, a number outside the bounds (however long) becomes the nearer bound
    instead of `default`; text that is not a whole number is always `default`.
    """
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        match = _INTEGER.fullmatch(value.strip())
        if not match:
            return default
        sign, digits = match.groups()
        if len(digits) > 19:  # beyond any 64-bit number; int() of it costs for nothing
            number = INT64_MIN - 1 if sign == "-" else INT64_MAX + 1
        else:
            number = -int(digits) if sign == "-" else int(digits)
    else:
        return default
    if minimum <= number <= maximum:
        return number
    if clamp:
        return minimum if number < minimum else maximum
    return default


def coerce_int(value: Any) -> int:
    """For WTForms' `coerce=`: an in-range whole number, else ValueError (a field error)."""
    number = parse_int(value)
    if number is None:
        raise ValueError("not a whole number in range")
    return number


def has_control_characters(text: str | None) -> bool:
    """True if `text` holds a NUL or another control character other than tab or newline."""
    return bool(text) and _CONTROL.search(text) is not None


def without_nul(text: str) -> str:
    """`text` with each NUL replaced by U+FFFD, for a text column derived from raw input."""
    return text.replace(NUL, "\ufffd")


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` limited to what a BIGINT column holds: a larger number is a 404, not a 500."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, INT64_MIN if min is None else min,
                         INT64_MAX if max is None else max, signed)

    def to_python(self, value: str) -> Any:
        """The number, or ValidationError (no match, so 404) when out of range."""
        if len(value) > 20:
            raise ValidationError()
        return super().to_python(value)


class UnreadableInputError(BadRequest):
    """A NUL character in the path, query string or form: no page can use that."""

    description = "The request holds a NUL character."
    unreadable_input = True  # errors/error.html shows its own message for it


def keeps_raw_body(view: Callable) -> Callable:
    """Mark a view that reads its body raw (and stores it as is): its form is not parsed."""
    setattr(view, _RAW_BODY, True)
    return view


def _has_nul(pairs) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)


def refuse_unreadable_input(endpoint: str | None, values: dict | None) -> None:
    """Refuse a NUL in the path, query string or form before anything reads them."""
    if NUL in request.path or _has_nul(request.args.items(multi=True)):
        raise UnreadableInputError()
    view = current_app.view_functions.get(endpoint) if endpoint else None
    if getattr(view, _RAW_BODY, False):
        return
    if _has_nul(request.form.items(multi=True)) or any(
            NUL in key or NUL in (upload.filename or "")
            for key, upload in request.files.items(multi=True)):
        raise UnreadableInputError()


def init_app(app: Flask) -> None:
    """Install the bounded `int` converter (before any blueprint adds a rule) and the check.

    The check is an app-level URL value preprocessor rather than a before_request function:
    those run after the blueprints' URL value preprocessors, and the studio's looks its
    group up in the database from the URL.
    """
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_value_preprocessor(refuse_unreadable_input)
