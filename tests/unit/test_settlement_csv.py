"""Reading the Midtrans dashboard's report leniently, refusing what is not one, and the
pure comparison of Midtrans's rows with our payments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from marketplace.kernel.timeutil import JAKARTA
from marketplace.ledger.settlement import (
    MAX_BYTES,
    MidtransRow,
    normal_status,
    parse_amount,
    parse_time,
    read_report,
)
from marketplace.ledger.settlement_compare import OurAttempt, compare


def messages(report) -> list[str]:
    return [problem.message % problem.params for problem in report.problems]


def notices(report) -> list[str]:
    return [problem.message % problem.params for problem in report.notices]


DASHBOARD = (
    "Order ID,Transaction ID,Gross Amount,Payment Type,Transaction Status,Fraud Status,"
    "Transaction Time,Settlement Time\r\n"
    "PS-2026-000123-1,9a1b,125000.00,bank_transfer,settlement,,2026-03-01 10:15:20,"
    "2026-03-01 10:20:00\r\n"
    "PS-2026-000124-1,9a1c,80000.00,credit_card,capture,accept,2026-03-02 11:00:00,\r\n"
    "PS-2026-000125-2,9a1d,45000.00,gopay,expire,,2026-03-03 09:00:00,\r\n"
)


# --- reading ---------------------------------------------------------------------------
def test_read_report_reads_the_dashboard_export():
    report = read_report(DASHBOARD.encode())

    assert report.ok, messages(report)
    first, second, third = report.rows
    assert first == MidtransRow(
        order_id="PS-2026-000123-1", amount=125_000, status="settlement", line=2,
        transaction_time=datetime(2026, 3, 1, 10, 15, 20, tzinfo=JAKARTA),
        settlement_time=datetime(2026, 3, 1, 10, 20, tzinfo=JAKARTA))
    assert (second.status, second.fraud_status, second.amount) == ("capture", "accept", 80_000)
    assert (third.status, third.line, third.settlement_time) == ("expire", 4, None)
    assert report.days() == (date(2026, 3, 1), date(2026, 3, 1))  # settlement times first
    assert report.notices == []


@pytest.mark.parametrize("header", [
    "order_id;gross_amount;transaction_status",
    "ORDER ID ; Amount ; Status",
    "\ufeffOrder Id;AMOUNT;transaction status",
    "Order-ID;Gross Amount (IDR);Transaction_Status",
])
def test_read_report_accepts_header_spellings_and_semicolons(header):
    data = f"{header}\nPS-2026-000123-1;Rp 125.000;Settlement\nPS-2026-000124-1;80.000;" \
           "PARTIAL REFUND\n"

    report = read_report(data.encode())

    if "(IDR)" in header:  # an amount column named otherwise is not guessed at
        assert not report.ok
        assert "no Gross Amount column" in messages(report)[0]
        return
    assert report.ok, messages(report)
    assert [(r.order_id, r.amount, r.status) for r in report.rows] == [
        ("PS-2026-000123-1", 125_000, "settlement"),
        ("PS-2026-000124-1", 80_000, "partial_refund")]


def test_read_report_with_a_bom_and_crlf_and_blank_lines():
    data = b"\xef\xbb\xbfOrder ID,Amount\r\n\r\nPS-1-1,125000\r\n,\r\n"

    report = read_report(data)

    assert report.ok
    assert [r.order_id for r in report.rows] == ["PS-1-1"]


def test_read_report_reads_excel_unicode_text():
    report = read_report("Order ID\tAmount\r\nPS-1-1\t125000\r\n".encode("utf-16"))

    assert report.ok, messages(report)
    assert report.rows[0].amount == 125_000


def test_read_report_prefers_the_gross_amount_over_other_amounts():
    report = read_report(b"Amount,Order ID,Gross Amount\n120000,PS-1-1,125000\n")

    assert report.rows[0].amount == 125_000


def test_read_report_without_status_takes_every_row_as_settled():
    report = read_report(b"Order ID,Amount\nPS-1-1,125000\n")

    assert report.rows[0].status == "settlement"
    assert notices(report) == ["The file has no status column: every row is taken as settled."]
    assert report.days() is None


def test_read_report_skips_rows_without_an_order_id_and_says_so():
    report = read_report(b"Order ID,Amount\nPS-1-1,125000\n,999999\nTotal,\n")

    assert "" not in [r.order_id for r in report.rows]
    assert "Rows without an order ID were skipped: 1." in notices(report)
    assert "Row 4, column Amount is empty; enter the amount." in messages(report)


@pytest.mark.parametrize("text,amount", [
    ("125000", 125_000), ("125000.00", 125_000), ("125000.0", 125_000),
    ("125.000", 125_000), ("Rp 125.000", 125_000), ("Rp125.000", 125_000),
    ("Rp. 1.250.000", 1_250_000), ("IDR 125,000.00", 125_000), ("125,000", 125_000),
    ("125.000,00", 125_000), ("1,250,000", 1_250_000), (" 125000 ", 125_000),
    ("Rp\xa0125.000", 125_000), ("0", 0),
])
def test_parse_amount_reads_what_spreadsheets_and_midtrans_write(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text,reason", [
    ("12.5", "has cents"), ("125.000,50", "has cents"), ("125000.01", "has cents"),
    ("abc", "is not an amount"), ("1.25.000", "is not an amount"), ("12,50.000", "is not an "
                                                                          "amount"),
    ("-125000", "is negative"), ("", "is empty"), ("Rp", "is empty"),
])
def test_parse_amount_refuses_what_is_not_whole_rupiah(text, reason):
    report = read_report(f"Order ID,Amount\nPS-1-1,{text!s}\nPS-1-2,5000\n".encode()
                         if "," not in text else
                         f'Order ID,Amount\nPS-1-1,"{text}"\nPS-1-2,5000\n'.encode())

    assert not report.ok
    assert len(report.problems) == 1
    message = messages(report)[0]
    assert message.startswith("Row 2, column Amount")
    assert reason in message


def test_read_report_names_every_bad_row_and_its_column():
    data = (b"Order ID;Gross Amount;Settlement Time\n"
            b"PS-1-1;125000;2026-03-01 10:00:00\n"
            b"PS-1-2;12,5;2026-03-01 10:00:00\n"
            b"PS-1-3;80000;tomorrow\n")

    report = read_report(data)

    assert not report.ok
    assert messages(report) == [
        "Row 3, column Gross Amount: “12,5” has cents; Midtrans amounts are whole rupiah.",
        "Row 4, column Settlement Time: “tomorrow” is not a date and time like "
        "2026-03-01 14:05:00.",
    ]


def test_read_report_refuses_an_order_id_twice():
    report = read_report(b"Order ID,Amount\nPS-1-1,125000\nPS-1-1,125000\n")

    assert messages(report) == ["Row 3: order ID PS-1-1 is also on row 2."]


@pytest.mark.parametrize("data,message", [
    (b"", "The file is empty."),
    (b"\r\n\r\n", "The file is empty."),
    (b"Order ID,Amount\r\n", "The file has no transactions under its header."),
    (b"PK\x03\x04\x14\x00\x06\x00binary", "This is a spreadsheet workbook, not a CSV file."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "This is a spreadsheet workbook, not a CSV file."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV text file."),
    ("Order ID,Amount\nPS-1-1,125000 café\n".encode("latin-1"), "The file is not UTF-8 text."),
    (b"Transaction ID,Amount\n9a1b,125000\n", "no Order ID column was found (found: "
                                              "Transaction ID, Amount)"),
    (b"Order ID,Status\nPS-1-1,settlement\n", "no Gross Amount column"),
    (b"Nama,Harga\nVas,125000\n", "no Order ID, Gross Amount column"),
    (b'Order ID,Amount\n"PS-1-1,125000\n', "could not be read as CSV"),
    # a NUL character in Excel's Unicode text would reach our order id queries
    ("Order ID\tAmount\r\nPS-1-1\x00\t125000\r\n".encode("utf-16"),
     "This is not a CSV text file."),
])
def test_read_report_refuses_what_is_not_a_midtrans_report(data, message):
    report = read_report(data)

    assert not report.ok
    assert report.rows == [] or report.problems
    assert message in " ".join(messages(report))


def test_read_report_refuses_more_than_five_megabytes():
    row = b"PS-2026-000123-1,125000\n"
    data = b"Order ID,Amount\n" + row * (MAX_BYTES // len(row) + 1)

    assert messages(read_report(data)) == ["The file is larger than 5 MB. Export a shorter "
                                           "period."]


@pytest.mark.parametrize("text,expected", [
    ("2026-03-01 10:15:20", datetime(2026, 3, 1, 10, 15, 20, tzinfo=JAKARTA)),
    ("2026-03-01T10:15:20+07:00", datetime(2026, 3, 1, 10, 15, 20, tzinfo=JAKARTA)),
    ("2026-03-01 10:15:20 +0700", datetime(2026, 3, 1, 10, 15, 20, tzinfo=JAKARTA)),
    ("01/03/2026 10:15", datetime(2026, 3, 1, 10, 15, tzinfo=JAKARTA)),
    ("2026/03/01 10:15:20", datetime(2026, 3, 1, 10, 15, 20, tzinfo=JAKARTA)),
    ("2026-03-01", datetime(2026, 3, 1, tzinfo=JAKARTA)),
    ("", None),
])
def test_parse_time_reads_dashboard_dates_as_wib(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text,status", [
    ("Settlement", "settlement"), ("SETTLEMENT", "settlement"), ("Partial Refund",
                                                                 "partial_refund"),
    ("partial-refund", "partial_refund"), ("Expired", "expire"), ("Canceled", "cancel"),
    (" capture ", "capture"), ("", ""),
])
def test_normal_status_folds_spellings(text, status):
    assert normal_status(text) == status


# --- comparing ------------------------------------------------------------------------
PAID_AT = datetime(2026, 3, 1, 3, 20, tzinfo=UTC)


def ours(mid: str, amount: int = 125_000, status: str = "paid", tx: str = "settlement",
         paid: bool = True, refunded: int = 0, total: int | None = None) -> OurAttempt:
    number = mid.rsplit("-", 1)[0]
    return OurAttempt(mid, number, status, tx, amount, amount if total is None else total,
                      PAID_AT if paid else None, refunded)


def row(mid: str, amount: int | None = 125_000, status: str = "settlement", **kw):
    return MidtransRow(order_id=mid, amount=amount, status=status, line=kw.pop("line", 2), **kw)


def kinds(result) -> list[tuple[str, str]]:
    return [(m.kind, m.midtrans_order_id) for m in result.mismatches]


def test_compare_finds_nothing_when_both_sides_agree():
    payments = [ours("PS-1-1"), ours("PS-2-1", tx="expire", status="expired", paid=False),
                ours("PS-3-1", status="refunded", tx="refund", refunded=125_000),
                ours("PS-4-1", tx="partial_refund", refunded=25_000),
                ours("PS-5-1", status="pending_payment", tx="", paid=False)]

    result = compare(
        [row("PS-1-1"), row("PS-2-1", status="expire"), row("PS-3-1", status="refund"),
         row("PS-4-1", status="partial_refund", refund_amount=25_000),
         row("PS-5-1", status="pending"), row("PS-6-1", status="capture", fraud_status="accept")],
        {p.midtrans_order_id: p for p in payments} | {"PS-6-1": ours("PS-6-1", tx="capture")},
        [payments[0], payments[2], payments[3]])

    assert kinds(result) == []
    assert result.checked == 6


def test_compare_lists_each_kind_of_disagreement():
    payments = {p.midtrans_order_id: p for p in [
        ours("PS-1-1", amount=125_000),
        ours("PS-2-1", status="pending_payment", tx="", paid=False),
        ours("PS-3-1"),
        ours("PS-4-1", tx="settlement", refunded=0),
        ours("PS-5-1", status="expired", tx="expire", paid=False),
    ]}
    missing = ours("PS-9-1")

    result = compare([
        row("PS-1-1", amount=120_000),  # amount
        row("PS-2-1"),  # settled, never paid here
        row("PS-3-1", status="expire"),  # we paid, Midtrans expired
        row("PS-4-1", status="refund"),  # refunded there, not here
        row("PS-7-1"),  # unknown
    ], payments, [payments["PS-1-1"], payments["PS-3-1"], payments["PS-4-1"], missing])

    assert kinds(result) == [("amount", "PS-1-1"), ("settled_not_paid", "PS-2-1"),
                             ("status", "PS-3-1"), ("status", "PS-4-1"), ("unknown", "PS-7-1"),
                             ("paid_not_settled", "PS-9-1")]
    assert result.counts() == {"amount": 1, "status": 2, "settled_not_paid": 1,
                               "paid_not_settled": 1, "unknown": 1}
    amount = result.mismatches[0]
    assert (amount.midtrans_amount, amount.our_amount, amount.line) == (120_000, 125_000, 2)
    assert amount.detail.params == {"midtrans_amount": 120_000, "our_amount": 125_000}


def test_compare_flags_a_second_settled_payment_of_a_paid_order():
    # attempt 1 expired on our side, the order was paid through attempt 2, yet Midtrans
    # settled attempt 1 as well: the buyer paid twice
    payments = {"PS-1-1": ours("PS-1-1", tx="expire"), "PS-1-2": ours("PS-1-2")}

    result = compare([row("PS-1-1"), row("PS-1-2")], payments)

    assert kinds(result) == [("status", "PS-1-1")]
    assert "paid through another payment" in result.mismatches[0].detail.message


def test_compare_checks_refund_amounts_and_our_refunds_through_midtrans():
    payments = {"PS-1-1": ours("PS-1-1", tx="partial_refund", refunded=25_000),
                "PS-2-1": ours("PS-2-1", refunded=30_000),
                "PS-3-1": ours("PS-3-1", tx="refund", refunded=100_000)}

    result = compare([row("PS-1-1", status="partial_refund", refund_amount=30_000),
                      row("PS-2-1"), row("PS-3-1", status="refund")], payments)

    assert kinds(result) == [("status", "PS-1-1"), ("status", "PS-2-1"), ("status", "PS-3-1")]
    assert result.mismatches[1].detail.params == {"amount": 30_000}


def test_compare_flags_an_attempt_amount_that_differs_from_the_order_total():
    result = compare([row("PS-1-1")], {"PS-1-1": ours("PS-1-1", total=130_000)})

    assert kinds(result) == [("amount", "PS-1-1")]


def test_compare_accepts_a_reversed_payment_that_midtrans_took_back():
    # our orders reversed after Midtrans said deny, cancel or chargeback (attempt 1 of the
    # last one had expired before attempt 2 paid); a settlement file lists none of them
    payments = {"PS-1-1": ours("PS-1-1", status="payment_reversed", tx="deny"),
                "PS-2-1": ours("PS-2-1", status="payment_reversed", tx="cancel"),
                "PS-3-1": ours("PS-3-1", status="payment_reversed", tx="expire"),
                "PS-3-2": ours("PS-3-2", status="payment_reversed", tx="chargeback")}

    checked = compare([row("PS-1-1", status="deny"), row("PS-2-1", status="cancel"),
                       row("PS-3-1", status="expire"), row("PS-3-2", status="chargeback")],
                      payments)
    unlisted = compare([], {}, expected_paid=[payments["PS-1-1"], payments["PS-3-2"]])

    assert kinds(checked) == [] and kinds(unlisted) == []


def test_compare_flags_a_reversed_payment_that_midtrans_shows_settled():
    payments = {"PS-1-1": ours("PS-1-1", status="payment_reversed", tx="chargeback")}

    result = compare([row("PS-1-1")], payments)

    assert kinds(result) == [("status", "PS-1-1")]
    assert result.mismatches[0].detail.params == {"status": "settlement", "ours": "chargeback"}


def test_compare_lists_chargebacks_and_unknown_statuses_for_review():
    payments = {"PS-1-1": ours("PS-1-1"), "PS-2-1": ours("PS-2-1")}

    result = compare([row("PS-1-1", status="chargeback"), row("PS-2-1", status="weird")],
                     payments)

    assert kinds(result) == [("status", "PS-1-1"), ("status", "PS-2-1")]
