"""Listings as CSV: export rows, and check an import file row by row (pure: no Flask, no DB).

Messages are English msgids marked with N_ and translated where they are shown, with
their params, so this module can be tested without an app.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from marketplace.kernel.csvout import guard_formula, unguard_formula
from marketplace.studio.rules import (
    DESCRIPTION_MAX,
    MATERIALS_MAX,
    MAX_PRICE,
    MAX_STOCK,
    MAX_WEIGHT_GRAMS,
    NAME_MAX,
    SKU_MAX,
    SKU_PATTERN,
    NumberFormatError,
    normalise_sku,
    parse_whole_number,
)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


COLUMNS = ("sku", "name", "category", "price", "stock", "weight_grams", "materials",
           "description", "status", "variant_of", "options")
REQUIRED_COLUMNS = ("sku", "name", "category", "price", "stock", "weight_grams")
# The stock as exported, written beside `stock`: an import refuses to overwrite a stock that
# orders (or anyone) changed since. Optional: without it, stock is applied as written.
STOCK_EXPORTED = "stock_exported"
EXPORT_COLUMNS = (*COLUMNS[:5], STOCK_EXPORTED, *COLUMNS[5:])
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
STATUSES = {
    "draft": "draft", "draf": "draft",
    "active": "active", "published": "active", "aktif": "active", "terbit": "active",
    "archived": "archived", "arsip": "archived",
}
# A variant row names its listing's SKU in `variant_of` and its options in `options`, as
# "Ukuran: L; Warna: Biru". Its own columns are sku, price, stock (and stock_exported) and
# weight_grams; a listing's row with variants shows their lowest price, total stock and
# lightest weight, which an import leaves to the variants.
VARIANT_OF, OPTIONS = "variant_of", "options"
MAX_OPTIONS, OPTION_MAX = 3, 40
# (column, minimum, maximum, is money)
NUMBERS = (("price", 1, MAX_PRICE, True), ("stock", 0, MAX_STOCK, False),
           ("weight_grams", 1, MAX_WEIGHT_GRAMS, False))
TEXTS = (("name", NAME_MAX), ("materials", MATERIALS_MAX), ("description", DESCRIPTION_MAX))


@dataclass(frozen=True)
class Problem:
    """A message to translate (an N_ msgid) and its params."""

    message: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass
class RowResult:
    line: int  # the row's number in the file, the header being row 1
    sku: str
    name: str
    action: str | None = None  # "create" or "update" (a listing or a variant)
    variant_of: str = ""  # a variant row: its listing's SKU
    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    stock_exported: int | None = None  # the stock the file was exported with, if it says

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row can be applied: then, and only then, anything is saved."""
        return bool(self.rows) and not self.file_problems and all(r.ok for r in self.rows)

    @property
    def accepted(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]


@dataclass(frozen=True)
class Existing:
    """What the import needs to know of one of the group's products."""

    sku: str
    name: str
    stock: int | None = None
    variant_of: str = ""  # a variant: its listing's SKU
    option_names: tuple[str, ...] = ()  # a listing sold in variants: its options' names


# --- Export ------------------------------------------------------------------------------
def options_text(names: Iterable[str], values: Iterable[str]) -> str:
    """"Ukuran: L; Warna: Biru" for a variant row."""
    return "; ".join(f"{name}: {value}" for name, value in zip(names, values, strict=False))


def parse_options(text: str) -> list[tuple[str, str]] | None:
    """[("Ukuran", "L"), ("Warna", "Biru")] from "Ukuran: L; Warna: Biru"; None if malformed."""
    pairs = []
    for part in text.split(";"):
        if not part.strip():
            continue
        name, colon, value = part.partition(":")
        name, value = " ".join(name.split()), " ".join(value.split())
        if not colon or not name or not value or len(name) > OPTION_MAX \
                or len(value) > OPTION_MAX:
            return None
        pairs.append((name, value))
    if not pairs or len(pairs) > MAX_OPTIONS or \
            len({name.lower() for name, _value in pairs}) != len(pairs):
        return None
    return pairs


def export_csv(rows: Iterable[Mapping[str, object]]) -> str:
    """The CSV text (with a BOM, for spreadsheets) of rows keyed by EXPORT_COLUMNS.

    Text that a spreadsheet would run as a formula is prefixed with a quote.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([
            value if isinstance(value, int) else guard_formula(str(value or ""))
            for value in (row.get(column, "") for column in EXPORT_COLUMNS)
        ])
    return out.getvalue()


# --- Import ------------------------------------------------------------------------------
def read_import(data: bytes, existing: Mapping[str, Existing],
                categories: Mapping[str, int]) -> ImportReport:
    """Check every row of an uploaded CSV against the group's products (by SKU).

    `existing` maps the group's SKUs to their products, `categories` category slugs to ids.
    Each row is reported as a create or an update with its parsed values, or with problems.
    """
    report = ImportReport()
    text = _decode(data, report)
    if text is None:
        return report
    try:
        records = _records(text)
    except csv.Error:
        report.file_problems.append(Problem(N_(
            "The file could not be read as CSV. Check that quotes in it are paired.")))
        return report
    if not records:
        report.file_problems.append(Problem(N_("The file is empty.")))
        return report
    header_line, header = records[0]
    columns = [_column_name(cell) for cell in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        report.file_problems.append(Problem(
            N_("The first row must name the columns; missing: %(columns)s."),
            {"columns": ", ".join(missing)}))
        return report
    report.ignored_columns = [c for c in columns if c not in EXPORT_COLUMNS]
    body = records[1:]
    if len(body) > MAX_ROWS:
        report.file_problems.append(Problem(
            N_("The file has %(count)s rows; import at most %(max)s at a time."),
            {"count": len(body), "max": MAX_ROWS}))
        return report
    if not body:
        report.file_problems.append(Problem(N_("The file has no product rows under its header.")))
        return report
    for line, cells in body:
        report.rows.append(_check_row(line, columns, cells, existing, categories))
    _check_duplicates(report.rows, existing)
    _check_variants(report.rows, existing)
    return report


def _decode(data: bytes, report: ImportReport) -> str | None:
    if not data:
        report.file_problems.append(Problem(N_("The file is empty.")))
        return None
    if len(data) > MAX_BYTES:
        report.file_problems.append(Problem(
            N_("The file is larger than 2 MB. Split it into smaller files.")))
        return None
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        report.file_problems.append(Problem(N_(
            "This is a spreadsheet workbook, not a CSV file. In your spreadsheet choose "
            "Save as, then CSV UTF-8, and import that file.")))
        return None
    if b"\x00" in data:
        report.file_problems.append(Problem(N_("This is not a CSV text file.")))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.file_problems.append(Problem(N_(
            "The file is not UTF-8 text. In your spreadsheet choose Save as, then CSV UTF-8.")))
        return None


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank records, each with its number (1 = the header), delimiter sniffed."""
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # a tie (none at all) keeps the comma
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return [(number, cells) for number, cells in enumerate(reader, start=1)
            if any(cell.strip() for cell in cells)]


def _column_name(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().lower().replace(" ", "_")


def _check_row(line: int, columns: list[str], cells: list[str],
               existing: Mapping[str, Existing], categories: Mapping[str, int]) -> RowResult:
    raw = {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(columns)}
    sku = normalise_sku(raw.get("sku"))
    row = RowResult(line=line, sku=sku, name=unguard_formula(raw.get("name", "").strip()))
    problems = row.problems
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
        problems.append(Problem(N_("This row has more cells than the header has columns.")))
    if not sku:
        problems.append(Problem(N_("%(column)s is required."), {"column": "sku"}))
    elif len(sku) > SKU_MAX:
        problems.append(Problem(N_("%(column)s can be at most %(max)s characters."),
                                {"column": "sku", "max": SKU_MAX}))
    elif not SKU_PATTERN.match(sku):
        problems.append(Problem(N_("sku: use only letters, digits and - . _ /.")))
    row.action = "update" if sku in existing else "create"
    values = row.values
    if raw.get(VARIANT_OF, "").strip():
        _check_variant_row(row, raw, existing)
        return row
    if sku in existing and existing[sku].variant_of:
        problems.append(Problem(N_("SKU %(sku)s is a variant of %(listing)s: give this row "
                                   "variant_of and options, or another SKU."),
                                {"sku": sku, "listing": existing[sku].variant_of}))
    for column, maximum in TEXTS:
        if column not in raw:
            continue
        value = unguard_formula(raw[column].strip())
        if column == "name" and not value:
            problems.append(Problem(N_("%(column)s is required."), {"column": column}))
        elif len(value) > maximum:
            problems.append(Problem(N_("%(column)s can be at most %(max)s characters."),
                                    {"column": column, "max": maximum}))
        values[column] = value
    slug = raw["category"].strip().lower()
    if not slug:
        problems.append(Problem(N_("%(column)s is required."), {"column": "category"}))
    elif slug not in categories:
        problems.append(Problem(N_("Unknown category %(value)s: use one of the category codes "
                                   "listed on this page."), {"value": slug}))
    else:
        values["category_id"] = categories[slug]
    for column, minimum, maximum, money in NUMBERS:
        number = _number(raw[column], column, minimum, maximum, money, problems)
        if number is not None:
            values[column] = number
    if raw.get(STOCK_EXPORTED, "").strip() and row.action == "update":
        row.stock_exported = _number(raw[STOCK_EXPORTED], STOCK_EXPORTED, 0, MAX_STOCK, False,
                                     problems)
        _check_stock_unchanged(row, existing[sku])
    if "status" in raw and raw["status"].strip():
        status = STATUSES.get(raw["status"].strip().lower())
        if status is None:
            problems.append(Problem(N_("Unknown status %(value)s: use draft, active or archived."),
                                    {"value": raw["status"].strip()}))
        else:
            values["status"] = status
    return row


def _check_variant_row(row: RowResult, raw: Mapping[str, str],
                       existing: Mapping[str, Existing]) -> None:
    """A variant row: its listing, its options and its own figures."""
    problems = row.problems
    row.variant_of = normalise_sku(raw.get(VARIANT_OF))
    if row.variant_of == row.sku:
        problems.append(Problem(N_("A variant needs its own SKU, not its listing's.")))
    known = existing.get(row.sku)
    if known is not None and known.variant_of != row.variant_of:
        problems.append(Problem(N_("SKU %(sku)s is already used by another listing or "
                                   "variant."), {"sku": row.sku}))
    options = parse_options(raw.get(OPTIONS, ""))
    if options is None:
        problems.append(Problem(N_("options: write each option as name and value, like "
                                   "\"Ukuran: L; Warna: Biru\".")))
    else:
        row.values["options"] = options
    for column, minimum, maximum, money in NUMBERS:
        number = _number(raw[column], column, minimum, maximum, money, problems)
        if number is not None:
            row.values[column] = number
    if raw.get(STOCK_EXPORTED, "").strip() and known is not None:
        row.stock_exported = _number(raw[STOCK_EXPORTED], STOCK_EXPORTED, 0, MAX_STOCK, False,
                                     problems)
        _check_stock_unchanged(row, known)


def _check_variants(rows: list[RowResult], existing: Mapping[str, Existing]) -> None:
    """Each variant's listing exists (in the file or the shop), its options have the names
    of its listing's others, and no two variants of a listing have the same options."""
    listings = {row.sku for row in rows if not row.variant_of}
    listings |= {sku for sku, known in existing.items() if not known.variant_of}
    names: dict[str, tuple[str, ...]] = {
        sku: tuple(n.lower() for n in known.option_names)
        for sku, known in existing.items() if known.option_names}
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for row in rows:
        if not row.variant_of:
            continue
        if row.variant_of not in listings:
            row.problems.append(Problem(N_("variant_of: no listing has the SKU %(sku)s."),
                                        {"sku": row.variant_of}))
            continue
        options = row.values.get("options")
        if not options:
            continue
        these = tuple(name.lower() for name, _value in options)
        expected = names.setdefault(row.variant_of, these)
        if these != expected:
            row.problems.append(Problem(N_("options: the variants of %(sku)s are named "
                                           "%(names)s."),
                                        {"sku": row.variant_of, "names": ", ".join(expected)}))
            continue
        key = (row.variant_of, tuple(value.lower() for _name, value in options))
        if key in seen:
            row.problems.append(Problem(N_("Row %(row)s has the same options for this "
                                           "listing."), {"row": seen[key]}))
        else:
            seen[key] = row.line


def _check_stock_unchanged(row: RowResult, product: Existing) -> None:
    """Refuse a new stock figure when the stock changed since the export (orders came in)."""
    current, exported, new = product.stock, row.stock_exported, row.values.get("stock")
    if current is None or exported is None or new is None or new == exported:
        return  # a stock figure left as exported leaves the stock alone
    if current != exported and new != current:
        row.problems.append(stock_changed_problem(current, exported))


def stock_changed_problem(current: int, exported: int) -> Problem:
    if current < exported:
        message = N_("Stock changed since the export: it is now %(current)s (orders came in). "
                     "Check the stock figure, then import the file again.")
    else:
        message = N_("Stock changed since the export: it is now %(current)s (an order was "
                     "cancelled or someone changed it). Check the stock figure, then import "
                     "the file again.")
    return Problem(message, {"current": current})


def _number(text: str, column: str, minimum: int, maximum: int, money: bool,
            problems: list[Problem]) -> int | None:
    try:
        number = parse_whole_number(text, currency=money)
    except NumberFormatError as error:
        messages = {
            "decimal": N_("%(column)s: enter a whole number, without decimals."),
            "negative": N_("%(column)s cannot be negative."),
            "invalid": N_("%(column)s: enter a number using digits only."),
        }
        problems.append(Problem(messages[error.reason], {"column": column}))
        return None
    if number is None:
        problems.append(Problem(N_("%(column)s is required."), {"column": column}))
    elif number < minimum:
        problems.append(Problem(N_("%(column)s must be at least %(min)s."),
                                {"column": column, "min": minimum}))
    elif number > maximum:
        problems.append(Problem(N_("%(column)s can be at most %(max)s."),
                                {"column": column, "max": maximum}))
    else:
        return number
    return None


def _check_duplicates(rows: list[RowResult], existing: Mapping[str, Existing]) -> None:
    """Each SKU once per file; no two products of the group with the same name afterwards."""
    first_line: dict[str, int] = {}
    for row in rows:
        if not row.sku:
            continue
        if row.sku in first_line:
            row.problems.append(Problem(
                N_("SKU %(sku)s is also on row %(row)s; each SKU may appear once."),
                {"sku": row.sku, "row": first_line[row.sku]}))
        else:
            first_line[row.sku] = row.line
    names = {sku: product.name.strip().lower() for sku, product in existing.items()
             if not product.variant_of}
    for row in rows:
        if row.sku and first_line.get(row.sku) == row.line and "name" in row.values \
                and not row.variant_of:
            names[row.sku] = row.values["name"].lower()
    counts = Counter(name for name in names.values() if name)
    for row in rows:
        name = row.values.get("name", "").lower() if not row.variant_of else ""
        if name and counts[name] > 1:
            row.problems.append(Problem(
                N_("Another product of your group is also called %(name)s."),
                {"name": row.values["name"]}))
