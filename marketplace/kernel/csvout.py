"""CSV downloads for spreadsheets: UTF-8 with a BOM, CRLF, rupiah as plain integers, and
text that a spreadsheet would run as a formula defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask import Response

from marketplace.kernel.timeutil import JAKARTA


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return value  # plain digits (and a minus sign): Excel reads a number
    if isinstance(value, datetime):
        return value.astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return guard_formula(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The whole file as text; datetimes are written in Asia/Jakarta time."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def csv_download(filename: str, header: Sequence[str],
                 rows: Iterable[Sequence[object]]) -> Response:
    """A response that downloads the rows as `filename`."""
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula with a quote (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def unguard_formula(text: str) -> str:
    """Undo guard_formula, so an exported file imports back unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text
