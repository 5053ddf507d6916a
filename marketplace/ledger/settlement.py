"""The settlement check: Midtrans's view of our payments against ours. Read-only.

Midtrans's side comes from the transactions/settlement report exported from its dashboard
(`read_report`, lenient about headers, delimiters, amounts and a BOM) or from the status
API (`fetch_statuses`); the comparison is `settlement_compare.compare`, pure. Messages
are English msgids marked with N_ and translated where they are shown, with their params.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from marketplace.kernel.timeutil import JAKARTA, jakarta_date


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


MAX_BYTES = 5 * 1024 * 1024
# Normalised header -> our field; the first alias present wins (gross before net amount).
ALIASES = {
    "order_id": ("order_id", "orderid", "merchant_order_id", "order_number", "order_no"),
    "amount": ("gross_amount", "amount", "transaction_amount", "total_amount", "gross"),
    "status": ("transaction_status", "status", "payment_status"),
    "fraud_status": ("fraud_status",),
    "transaction_time": ("transaction_time", "transaction_date", "created_at", "order_time"),
    "settlement_time": ("settlement_time", "settlement_date", "settled_at"),
    "refund_amount": ("refund_amount", "refunded_amount"),
}
COLUMN_TITLES = {"order_id": "Order ID", "amount": "Gross Amount"}
STATUS_ALIASES = {
    "settled": "settlement", "success": "settlement", "expired": "expire",
    "cancelled": "cancel", "canceled": "cancel", "denied": "deny", "failed": "failure",
    "refunded": "refund", "partially_refunded": "partial_refund",
    "partial_refunded": "partial_refund", "captured": "capture",
}
# What we record on an attempt once Midtrans took the money for it.
KINDS = ("amount", "status", "settled_not_paid", "paid_not_settled", "unknown")
# Besides ISO 8601 (which covers "2026-03-01 14:05:00"):
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%d/%m/%Y %H:%M:%S",
                 "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y")
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
NOT_AN_AMOUNT = N_("Row %(row)s, column %(column)s: %(value)s is not an amount; use whole "
                   "rupiah like 125000.")
_GROUPS = {".": re.compile(r"\d{1,3}(?:\.\d{3})+"), ",": re.compile(r"\d{1,3}(?:,\d{3})+")}


@dataclass(frozen=True)
class Problem:
    """A message to translate (an N_ msgid) and its params."""

    message: str
    params: Mapping[str, object] = field(default_factory=dict)


class AmountError(ValueError):
    """Text that is not a whole, non-negative rupiah amount; `.message` explains (N_)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_amount(text: str) -> int:
    """'125000', '125000.00', '125.000', 'Rp 125.000', 'IDR 125,000.00' -> 125000."""
    value = _CURRENCY.sub("", text.replace("\xa0", " ").strip()).replace(" ", "")
    if value.startswith("-"):
        raise AmountError(N_("Row %(row)s, column %(column)s: %(value)s is negative; "
                             "an amount here is never below zero."))
    if not value:
        raise AmountError(N_("Row %(row)s, column %(column)s is empty; enter the amount."))
    if value.isascii() and value.isdigit():
        return int(value)
    decimals = ""
    # A separator followed by one or two digits at the end starts a decimal part.
    match = re.fullmatch(r"(.+?)([.,])(\d{1,2})", value, flags=re.ASCII)
    if match:
        value, separator, decimals = match.groups()
        if value.isascii() and value.isdigit():
            return _whole(int(value), decimals)
        other = "," if separator == "." else "."
        if _GROUPS[other].fullmatch(value):
            return _whole(int(value.replace(other, "")), decimals)
        raise AmountError(NOT_AN_AMOUNT)
    for separator, pattern in _GROUPS.items():
        if pattern.fullmatch(value):
            return int(value.replace(separator, ""))
    raise AmountError(NOT_AN_AMOUNT)


def _whole(number: int, decimals: str) -> int:
    if decimals.strip("0"):
        raise AmountError(N_("Row %(row)s, column %(column)s: %(value)s has cents; "
                             "Midtrans amounts are whole rupiah."))
    return number


def parse_time(text: str) -> datetime | None:
    """A dashboard date and time (WIB unless it says otherwise); None when empty."""
    value = (text or "").strip()
    if not value:
        return None
    for pattern in (None, *_TIME_FORMATS):
        try:
            moment = datetime.fromisoformat(value) if pattern is None else \
                datetime.strptime(value, pattern)
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=JAKARTA)
    raise ValueError(f"not a date and time: {value!r}")


def normal_status(text: str) -> str:
    value = re.sub(r"[\s\-]+", "_", (text or "").strip().lower())
    return STATUS_ALIASES.get(value, value)


@dataclass(frozen=True)
class MidtransRow:
    """One transaction as Midtrans shows it (a file row, or a status lookup)."""

    order_id: str
    amount: int | None
    status: str
    line: int | None = None  # the row in the file, the header being row 1
    fraud_status: str = ""
    transaction_time: datetime | None = None
    settlement_time: datetime | None = None
    refund_amount: int | None = None


@dataclass
class Report:
    rows: list[MidtransRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems

    def days(self) -> tuple[date, date] | None:
        """The first and last WIB day of the file: settlement times, else transaction times."""
        moments = [r.settlement_time for r in self.rows if r.settlement_time] or \
            [r.transaction_time for r in self.rows if r.transaction_time]
        if not moments:
            return None
        return jakarta_date(min(moments)), jakarta_date(max(moments))


def read_report(data: bytes) -> Report:
    """Parse an exported report; every problem names its row and column."""
    report = Report()
    text = _decode(data, report)
    if text is None:
        return report
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        records = [(n, cells) for n, cells in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True),
            start=1) if any(cell.strip() for cell in cells)]
    except csv.Error as error:
        report.problems.append(Problem(
            N_("The file could not be read as CSV (%(error)s). Export it again from the "
               "Midtrans dashboard as CSV."), {"error": str(error)}))
        return report
    if not records:
        report.problems.append(Problem(N_("The file is empty.")))
        return report
    columns = _columns(records[0][1])
    missing = [COLUMN_TITLES[name] for name in ("order_id", "amount") if name not in columns]
    if missing:
        report.problems.append(Problem(
            N_("The first row must name the columns; no %(columns)s column was found "
               "(found: %(found)s)."),
            {"columns": ", ".join(missing),
             "found": ", ".join(c.strip() for c in records[0][1] if c.strip())[:300]}))
        return report
    if "status" not in columns:
        report.notices.append(Problem(
            N_("The file has no status column: every row is taken as settled.")))
    skipped = 0
    seen: dict[str, int] = {}
    for line, cells in records[1:]:
        row = _row(line, cells, columns, records[0][1], report.problems)
        if row is None:
            skipped += 1
        elif row.order_id in seen:
            report.problems.append(Problem(
                N_("Row %(row)s: order ID %(order_id)s is also on row %(other)s."),
                {"row": line, "order_id": row.order_id, "other": seen[row.order_id]}))
        else:
            seen[row.order_id] = line
            report.rows.append(row)
    if skipped:
        report.notices.append(Problem(N_("Rows without an order ID were skipped: %(count)s."),
                                      {"count": skipped}))
    if not report.rows and not report.problems:
        report.problems.append(Problem(N_("The file has no transactions under its header.")))
    return report


def _decode(data: bytes, report: Report) -> str | None:
    if not data:
        report.problems.append(Problem(N_("The file is empty.")))
    elif len(data) > MAX_BYTES:
        report.problems.append(Problem(
            N_("The file is larger than 5 MB. Export a shorter period.")))
    elif data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        report.problems.append(Problem(N_(
            "This is a spreadsheet workbook, not a CSV file. Download the report from the "
            "Midtrans dashboard as CSV, or save it as CSV UTF-8.")))
    elif b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.problems.append(Problem(N_("This is not a CSV text file.")))
    else:
        try:
            if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
                text = data.decode("utf-16")
                if "\x00" not in text:  # a NUL character would reach our queries
                    return text
                report.problems.append(Problem(N_("This is not a CSV text file.")))
                return None
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.problems.append(Problem(N_(
                "The file is not UTF-8 text. Save it as CSV UTF-8 and upload it again.")))
    return None


def _normal_header(cell: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", cell.strip().lstrip("\ufeff").lower()).strip("_")


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Our field -> the index of its column."""
    found = {_normal_header(cell): index for index, cell in reversed(list(enumerate(header)))}
    columns = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if alias in found:
                columns[name] = found[alias]
                break
    return columns


def _row(line: int, cells: list[str], columns: Mapping[str, int], header: Sequence[str],
         problems: list[Problem]) -> MidtransRow | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    order_id = cell("order_id")
    if not order_id:
        return None
    values: dict[str, object] = {}
    for name in ("amount", "refund_amount"):
        if name not in columns:
            continue
        text = cell(name)
        if not text and name == "refund_amount":
            continue
        try:
            values[name] = parse_amount(text)
        except AmountError as error:
            problems.append(Problem(error.message, {
                "row": line, "column": header[columns[name]].strip(),
                "value": f"“{text[:30]}”"}))
    for name in ("transaction_time", "settlement_time"):
        try:
            values[name] = parse_time(cell(name))
        except ValueError:
            problems.append(Problem(
                N_("Row %(row)s, column %(column)s: %(value)s is not a date and time like "
                   "2026-03-01 14:05:00."),
                {"row": line, "column": header[columns[name]].strip(),
                 "value": f"“{cell(name)[:30]}”"}))
    status = normal_status(cell("status")) if "status" in columns else "settlement"
    return MidtransRow(
        order_id=order_id[:100], amount=values.get("amount"), status=status, line=line,
        fraud_status=normal_status(cell("fraud_status")),
        transaction_time=values.get("transaction_time"),
        settlement_time=values.get("settlement_time"),
        refund_amount=values.get("refund_amount"),
    )


