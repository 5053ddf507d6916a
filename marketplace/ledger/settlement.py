"""The settlement check: Midtrans's view of our payments against ours. Read-only.

Midtrans's side comes from the transactions/settlement report exported from its dashboard
(`read_report`, lenient about headers, delimiters, amounts and a BOM) or from the status
API (`fetch_statuses`). `compare` is pure. Messages are English msgids marked with N_ and
translated where they are shown, with their params.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from marketplace.kernel.timeutil import JAKARTA, jakarta_date
from marketplace.orders.status import REVERSAL_STATUSES, OrderStatus, payment_outcome


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
PAID_HERE = frozenset({"settlement", "capture", "refund", "partial_refund"})
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


# --- the comparison (pure) -----------------------------------------------------------
@dataclass(frozen=True)
class OurAttempt:
    """A payment attempt and its order, as our database has them."""

    midtrans_order_id: str
    order_number: str
    order_status: str
    attempt_status: str  # the last Midtrans status we applied to this attempt
    attempt_amount: int
    order_total: int
    paid_at: datetime | None
    midtrans_refunded: int = 0  # refunds that went through Midtrans and succeeded
    # A payment settled after its order closed (never marked paid), and what of it we
    # refunded whole, by Midtrans or by bank transfer.
    late_settled: bool = False
    late_refunded: int = 0

    @property
    def late_refunded_by_bank(self) -> bool:
        """Refunded whole by our own bank transfer: Midtrans still shows it settled."""
        return self.late_refunded >= self.attempt_amount and not self.midtrans_refunded

    @property
    def reversed(self) -> bool:
        """Midtrans took this order's payment back and we reversed the order."""
        return self.order_status == OrderStatus.PAYMENT_REVERSED

    @property
    def paid_here(self) -> bool:
        """We took this attempt's money: the order is paid through it."""
        return self.paid_at is not None and self.attempt_status in PAID_HERE


@dataclass(frozen=True)
class Mismatch:
    kind: str  # one of KINDS
    midtrans_order_id: str
    order_number: str
    line: int | None
    midtrans_status: str
    midtrans_amount: int | None
    our_status: str
    our_amount: int | None
    detail: Problem


@dataclass
class Comparison:
    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    not_started: list[str] = field(default_factory=list)  # Midtrans knows no payment yet
    unavailable: list[str] = field(default_factory=list)  # not checked: Midtrans unreachable

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for mismatch in self.mismatches:
            counts[mismatch.kind] += 1
        return counts


def compare(rows: Iterable[MidtransRow], ours: Mapping[str, OurAttempt],
            expected_paid: Iterable[OurAttempt] = ()) -> Comparison:
    """Each Midtrans row against our attempt, then our paid attempts Midtrans did not list."""
    result = Comparison()
    listed = set()
    for row in rows:
        result.checked += 1
        listed.add(row.order_id)
        our = ours.get(row.order_id)
        if our is None:
            result.mismatches.append(_mismatch("unknown", row, None, Problem(N_(
                "No payment of ours has this order ID."))))
            continue
        for kind, detail in _disagreements(row, our):
            result.mismatches.append(_mismatch(kind, row, our, detail))
    for our in expected_paid:
        # A reversed payment is not settled any more, and our books say so.
        if our.midtrans_order_id not in listed and not our.reversed:
            result.mismatches.append(Mismatch(
                "paid_not_settled", our.midtrans_order_id, our.order_number, None, "", None,
                our.order_status, our.attempt_amount,
                Problem(N_("We marked this order paid; Midtrans does not show it as settled."))))
    return result


def _mismatch(kind: str, row: MidtransRow, our: OurAttempt | None, detail: Problem):
    return Mismatch(kind, row.order_id, our.order_number if our else "", row.line, row.status,
                    row.amount, our.order_status if our else "",
                    our.attempt_amount if our else None, detail)


def _disagreements(row: MidtransRow, our: OurAttempt) -> list[tuple[str, Problem]]:
    found = []
    if row.amount is not None and row.amount != our.attempt_amount:
        found.append(("amount", Problem(N_("Midtrans has %(midtrans_amount)s; we have "
                                           "%(our_amount)s."),
                                        {"midtrans_amount": row.amount,
                                         "our_amount": our.attempt_amount})))
    elif our.attempt_amount != our.order_total:
        found.append(("amount", Problem(N_("The payment was for %(midtrans_amount)s but the "
                                           "order total is %(our_amount)s."),
                                        {"midtrans_amount": our.attempt_amount,
                                         "our_amount": our.order_total})))
    outcome = payment_outcome(row.status, row.fraud_status or None)
    status = {"status": row.status}
    if our.reversed and our.attempt_status in REVERSAL_STATUSES:  # the payment taken back
        if row.status not in REVERSAL_STATUSES:
            found.append(("status", Problem(N_(
                "Midtrans reports %(status)s; we reversed this order because Midtrans had "
                "reported %(ours)s."), {**status, "ours": our.attempt_status or "—"})))
    elif outcome == "paid":
        if our.paid_at is None and our.late_refunded_by_bank:
            pass  # a late settlement we refunded by bank transfer: matched by its refund
        elif our.paid_at is None and our.late_refunded:
            found.append(("status", Problem(
                N_("We recorded %(amount)s refunded through Midtrans; Midtrans shows no "
                   "refund."), {"amount": our.midtrans_refunded})))
        elif our.paid_at is None and our.late_settled:
            found.append(("settled_not_paid", Problem(N_(
                "Midtrans settled this payment after its order had closed; revive the order "
                "or refund the buyer from its page."))))
        elif our.paid_at is None:
            found.append(("settled_not_paid", Problem(
                N_("Midtrans settled this payment; our order was never marked paid."))))
        elif our.attempt_status not in PAID_HERE:
            found.append(("status", Problem(N_(
                "Midtrans settled this payment too, but the order was paid through another "
                "payment: one of them should be refunded."))))
        elif our.midtrans_refunded:
            found.append(("status", Problem(
                N_("We recorded %(amount)s refunded through Midtrans; Midtrans shows no "
                   "refund."), {"amount": our.midtrans_refunded})))
    elif outcome == "refunded":
        if our.paid_at is None and our.late_refunded_by_bank:
            found.append(("status", Problem(N_(
                "Midtrans reports %(status)s; we refunded this late payment by bank transfer: "
                "the buyer may have been refunded twice."), status)))
        elif our.paid_at is None and our.late_refunded:
            if not _refund_fits(row, our):
                found.append(("status", Problem(
                    N_("Midtrans reports %(status)s; we recorded %(amount)s refunded through "
                       "Midtrans."), {**status, "amount": our.midtrans_refunded})))
        elif our.paid_at is None:
            found.append(("status", Problem(N_("Midtrans reports %(status)s for an order we "
                                               "never marked paid."), status)))
        elif not _refund_fits(row, our):
            found.append(("status", Problem(
                N_("Midtrans reports %(status)s; we recorded %(amount)s refunded through "
                   "Midtrans."), {**status, "amount": our.midtrans_refunded})))
    elif outcome in ("cancelled", "expired", "pending"):
        if our.paid_here:
            found.append(("status", Problem(N_("We marked this payment paid; Midtrans says "
                                               "%(status)s."), status)))
    elif outcome == "review":
        found.append(("status", Problem(N_("Midtrans reports %(status)s: review this "
                                           "payment."), status)))
    else:
        found.append(("status", Problem(N_("Midtrans reports an unknown status "
                                           "“%(status)s”."), status)))
    return found


def _refund_fits(row: MidtransRow, our: OurAttempt) -> bool:
    """Our refunds through Midtrans agree with a refund status (and its amount, if given)."""
    if row.refund_amount is not None:
        return row.refund_amount == our.midtrans_refunded
    if row.status == "refund":
        return our.midtrans_refunded == our.attempt_amount
    return 0 < our.midtrans_refunded < our.attempt_amount
