"""The settlement check (/admin/rekonsiliasi/settlement): Midtrans's report or status API
against our payments; every kind of disagreement is listed and nothing is changed."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import JAKARTA
from marketplace.ledger import refunds
from marketplace.ledger.models import RefundMethod
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from tests.factories import late_settle, make_group, make_order, pay
from tests.helpers import csrf_token
from tests.simulator_helpers import create_snap, hook, snap_params

URL = "/admin/rekonsiliasi/settlement"
EXPORT = "/admin/rekonsiliasi/settlement/ekspor"


def wib(day: int, hour: int = 10, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=JAKARTA).astimezone(UTC)


def pending_attempt(order) -> str:
    """A payment attempt that reached Midtrans for an order still waiting for payment."""
    mid = f"{order.number}-1"
    db.session.add(PaymentAttempt(order_id=order.id, attempt_no=1, midtrans_order_id=mid,
                                  gross_amount=order.grand_total, state="redirected"))
    db.session.flush()
    return mid


def snapshot() -> dict:
    """Everything a check could change, as plain rows."""
    queries = {
        "orders": "SELECT id, status, paid_at, needs_review, review_reason FROM orders",
        "sub_orders": "SELECT id, status, commission_amount FROM sub_orders",
        "attempts": "SELECT id, state, transaction_status, payment_type FROM payment_attempts",
        "refunds": "SELECT id, state, amount FROM refunds",
        "entries": "SELECT id, amount FROM commission_entries",
        "notifications": "SELECT id FROM payment_notifications",
        "audit": "SELECT id FROM audit_log",
    }
    db.session.commit()
    return {name: sorted(map(tuple, db.session.execute(text(sql)).all()), key=repr)
            for name, sql in queries.items()}


def upload(client, body: bytes | str, name: str = "settlement.csv", **fields):
    """POST the file as a browser would. Encoded here: the test client's own encoder leaves
    a temporary file open for bodies over 500 KB."""
    data = body.encode() if isinstance(body, str) else body
    boundary = "----settlement-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
             f"{value}\r\n".encode()
             for key, value in {"csrf_token": csrf_token(client, URL), "source": "file",
                                **fields}.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="report"; '
                 f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                 + data + b"\r\n")
    return client.post(URL, data=b"".join(parts) + f"--{boundary}--\r\n".encode(),
                       content_type=f"multipart/form-data; boundary={boundary}")


def listed(page: str) -> dict[str, set[str]]:
    """{kind: {Midtrans order ids}} from the mismatch table."""
    found: dict[str, set[str]] = {}
    for kind, cell in re.findall(r'<tr data-kind="(\w+)">\s*<td>[^<]*</td>\s*<td>([^<]*)',
                                 page):
        found.setdefault(kind, set()).add(cell.strip())
    return found


def counts(page: str) -> dict[str, int]:
    return {kind: int(n) for kind, n in
            re.findall(r'<div class="stat" data-kind="(\w+)"><strong>(\d+)</strong>', page)}


# --- the uploaded report -------------------------------------------------------------
def _march():
    group = make_group()
    agree = pay(make_order([(group, 110_000)], at=wib(2)), at=wib(2))
    other_amount = pay(make_order([(group, 60_000)], at=wib(3)), at=wib(3))
    expired_there = pay(make_order([(group, 40_000)], at=wib(4)), at=wib(4))
    never_paid = make_order([(group, 90_000)], at=wib(5))
    missing = pay(make_order([(group, 70_000)], at=wib(15)), at=wib(15))
    bank_refunded = pay(make_order([(group, 50_000)], at=wib(6)), at=wib(6))
    refunds.create_refund(bank_refunded, bank_refunded.sub_orders[0], 10_000, "dent",
                          RefundMethod.BANK_TRANSFER, "BCA-77")  # Midtrans never sees it
    april = pay(make_order([(group, 30_000)], at=wib(2, month=4)), at=wib(2, month=4))
    orders = {"agree": agree, "other_amount": other_amount, "expired_there": expired_there,
              "never_paid": never_paid, "missing": missing, "bank_refunded": bank_refunded,
              "april": april}
    ids = {name: f"{order.number}-1" for name, order in orders.items()}
    pending_attempt(never_paid)
    db.session.commit()
    return orders, ids


def _report(ids, delimiter=",", bom=False) -> str:
    rows = [
        ("Order ID", "Gross Amount", "Payment Type", "Transaction Status", "Settlement Time"),
        (ids["agree"], "125000.00", "bank_transfer", "settlement", "2026-03-01 10:05:00"),
        (ids["other_amount"], "70000.00", "bank_transfer", "settlement", "2026-03-03 10:05:00"),
        (ids["expired_there"], "55000.00", "gopay", "expire", ""),
        (ids["never_paid"], "105000.00", "bank_transfer", "settlement", "2026-03-05 11:00:00"),
        (ids["bank_refunded"], "65000.00", "bank_transfer", "settlement", "2026-03-31 09:00:00"),
        ("PS-2026-999999-1", "99000.00", "qris", "settlement", "2026-03-20 12:00:00"),
    ]
    body = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return ("\ufeff" if bom else "") + body


@pytest.mark.parametrize("delimiter,bom", [(",", False), (";", True)])
def test_settlement_upload_lists_one_of_each_mismatch_and_changes_nothing(
        app, admin_client, delimiter, bom):
    _orders, ids = _march()
    before = snapshot()

    response = upload(admin_client, _report(ids, delimiter, bom))

    assert response.status_code == 200, response.text
    page = response.text.replace("\xa0", " ")
    assert listed(page) == {
        "amount": {ids["other_amount"]},
        "status": {ids["expired_there"]},
        "settled_not_paid": {ids["never_paid"]},
        "paid_not_settled": {ids["missing"]},
        "unknown": {"PS-2026-999999-1"},
    }
    assert counts(page) == {"amount": 1, "status": 1, "settled_not_paid": 1,
                            "paid_not_settled": 1, "unknown": 1}
    assert "Transactions checked in settlement.csv: 6." in page
    assert "Midtrans has IDR 70,000; we have IDR 75,000." in page
    assert "We marked this payment paid; Midtrans says expire." in page
    assert "paid from March 1, 2026 to March 31, 2026" in page
    assert snapshot() == before


def test_settlement_upload_with_chosen_days_looks_for_those_paid_orders(app, admin_client):
    _orders, ids = _march()
    april_only = {"from": "2026-04-01", "to": "2026-04-30"}

    page = upload(admin_client, _report(ids), **april_only).text

    assert listed(page)["paid_not_settled"] == {ids["april"]}
    assert 'value="2026-04-01"' in page


def test_settlement_mismatches_download_as_csv(app, admin_client):
    orders, ids = _march()
    page = upload(admin_client, _report(ids)).text
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)

    response = admin_client.post(EXPORT, data={"csrf_token": csrf_token(admin_client, URL),
                                               "payload": payload})

    assert response.mimetype == "text/csv"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body[1:], newline="")))
    assert header == ["kind", "midtrans_order_id", "order_number", "file_row",
                      "midtrans_status", "midtrans_amount", "our_status", "our_amount", "detail"]
    by_kind = {row[0]: row for row in rows}
    assert set(by_kind) == {"amount", "status", "settled_not_paid", "paid_not_settled",
                            "unknown"}
    assert by_kind["amount"][1:8] == [ids["other_amount"], orders["other_amount"].number, "3",
                                      "settlement", "70000", "paid", "75000"]
    assert by_kind["amount"][8].replace("\xa0", " ") == \
        "Midtrans has IDR 70,000; we have IDR 75,000."
    assert by_kind["unknown"][2] == "" and by_kind["unknown"][6] == ""


def test_settlement_export_refuses_a_forged_list(app, admin_client):
    response = admin_client.post(EXPORT, data={"csrf_token": csrf_token(admin_client, URL),
                                               "payload": "W1siYW1vdW50Il1d.forged"})

    assert response.status_code == 400
    assert "That list could not be downloaded; run the check again." in response.text


def test_settlement_upload_matches_late_settlements_with_their_refunds(app, admin_client):
    # given four payments Midtrans settled after their order expired: one not refunded yet,
    # one refunded by our bank transfer, one through Midtrans, and one refunded by bank
    # transfer that Midtrans also shows refunded
    group = make_group()
    late = {name: late_settle(make_order([(group, 40_000)], at=wib(3)), at=wib(4),
                              payment_type=kind)
            for name, kind in (("waiting", "bank_transfer"), ("bank", "bank_transfer"),
                               ("midtrans", "gopay"), ("twice", "bank_transfer"))}
    for name, method in (("bank", RefundMethod.BANK_TRANSFER),
                         ("midtrans", RefundMethod.MIDTRANS),
                         ("twice", RefundMethod.BANK_TRANSFER)):
        order = db.session.get(Order, late[name].order_id)
        reference = f"BCA-{name}" if method == RefundMethod.BANK_TRANSFER else ""
        refund = refunds.create_late_refund(order, late[name].id, "stok terjual", method,
                                            reference)
        refunds.complete_refund(order, refund)  # Midtrans answered (a no-op for the bank)
    db.session.commit()
    ids = {name: attempt.midtrans_order_id for name, attempt in late.items()}
    report = "\n".join([
        "Order ID,Gross Amount,Transaction Status,Refund Amount,Settlement Time",
        f"{ids['waiting']},55000,settlement,,2026-03-04 10:00:00",
        f"{ids['bank']},55000,settlement,,2026-03-04 10:00:00",
        f"{ids['midtrans']},55000,refund,55000,2026-03-04 10:00:00",
        f"{ids['twice']},55000,refund,55000,2026-03-04 10:00:00",
    ]) + "\n"
    before = snapshot()

    # when the association checks Midtrans's report
    page = upload(admin_client, report).text

    # then only the one not refunded and the one refunded twice are listed
    assert listed(page) == {"settled_not_paid": {ids["waiting"]}, "status": {ids["twice"]}}
    assert "Midtrans settled this payment after its order had closed; revive the order or " \
           "refund the buyer from its page." in page
    assert "we refunded this late payment by bank transfer: the buyer may have been " \
           "refunded twice." in page
    assert snapshot() == before


@pytest.mark.parametrize("body,name,message", [
    ("Order ID,Gross Amount\nPS-1-1,125000\nPS-1-2,12.5\n", "x.csv",
     "Row 3, column Gross Amount: “12.5” has cents"),
    ("Transaction ID,Amount\n9a1b,125000\n", "x.csv", "no Order ID column was found"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "report.xlsx", "This is a spreadsheet workbook"),
    ("", "empty.csv", "The file is empty."),
    ("Order ID,Amount\n", "x.csv", "The file has no transactions under its header."),
])
def test_settlement_upload_refuses_a_malformed_file_and_says_where(app, admin_client, body,
                                                                   name, message):
    _march()
    before = snapshot()

    response = upload(admin_client, body, name)

    assert response.status_code == 422
    assert message in response.text
    assert "Nothing was checked." in response.text
    assert 'id="result"' not in response.text
    assert snapshot() == before


def test_settlement_upload_refuses_more_than_five_megabytes(app, admin_client):
    row = b"PS-2026-000001-1,125000\n"
    body = b"Order ID,Amount\n" + row * (5 * 1024 * 1024 // len(row) + 1)

    response = upload(admin_client, body)

    assert response.status_code == 422
    assert "The file is larger than 5 MB." in response.text


def test_settlement_upload_needs_a_file_and_sane_days(app, admin_client):
    response = admin_client.post(URL, data={"csrf_token": csrf_token(admin_client, URL),
                                            "source": "file"})
    assert response.status_code == 422
    assert "Choose the CSV file you downloaded from the Midtrans dashboard." in response.text

    response = upload(admin_client, "Order ID,Amount\nPS-1-1,1000\n", **{
        "from": "2026-03-31", "to": "2026-03-01"})
    assert response.status_code == 422
    assert "The period starts after it ends" in response.text
    assert 'value="2026-03-31"' in response.text


def test_settlement_upload_without_dates_says_what_it_cannot_check(app, admin_client):
    _orders, ids = _march()

    page = upload(admin_client, f"Order ID,Amount\n{ids['agree']},125000\n").text

    assert "The file has no status column: every row is taken as settled." in page
    assert "The file has no dates, so paid orders missing from it are not listed" in page
    assert "Midtrans and our orders agree." in page


def test_settlement_page_needs_its_csrf_token(app, admin_client):
    response = admin_client.post(URL, data={"source": "api"})

    assert response.status_code == 400


# --- the status API ------------------------------------------------------------------
def _on_simulator(simulator, mid: str, amount: int, status: str | None) -> None:
    answer = create_snap(simulator.base_url, SIMULATOR_SERVER_KEY, snap_params(mid, amount))
    assert answer.status_code == 201, answer.text
    if status:
        paid = hook(simulator.base_url, f"pay/{mid}", {"transaction_status": status})
        assert paid.status_code == 200, paid.text


def test_settlement_api_compares_every_payment_of_the_period(app, admin_client, simulator):
    app.config["MIDTRANS_SIMULATOR_URL"] = simulator.base_url
    group = make_group()
    agree = pay(make_order([(group, 110_000)], at=wib(2)), at=wib(2))
    other_amount = pay(make_order([(group, 60_000)], at=wib(3)), at=wib(3))
    expired_there = pay(make_order([(group, 40_000)], at=wib(4)), at=wib(4))
    never_paid = make_order([(group, 90_000)], at=wib(5))
    not_started = make_order([(group, 20_000)], at=wib(6))
    unknown_there = pay(make_order([(group, 70_000)], at=wib(7)), at=wib(7))
    april = pay(make_order([(group, 30_000)], at=wib(2, month=4)), at=wib(2, month=4))
    ids = {name: f"{order.number}-1" for name, order in [
        ("agree", agree), ("other_amount", other_amount), ("expired_there", expired_there),
        ("never_paid", never_paid), ("not_started", not_started),
        ("unknown_there", unknown_there), ("april", april)]}
    pending_attempt(never_paid)
    pending_attempt(not_started)
    db.session.commit()
    _on_simulator(simulator, ids["agree"], 125_000, "settlement")
    _on_simulator(simulator, ids["other_amount"], 70_000, "settlement")
    _on_simulator(simulator, ids["expired_there"], 55_000, "expire")
    _on_simulator(simulator, ids["never_paid"], 105_000, "settlement")
    _on_simulator(simulator, ids["not_started"], 35_000, None)  # no method chosen yet
    _on_simulator(simulator, ids["april"], 45_000, "expire")  # outside the period
    before = snapshot()

    response = admin_client.post(URL, data={"csrf_token": csrf_token(admin_client, URL),
                                            "source": "api", "from": "2026-03-01",
                                            "to": "2026-03-31"})

    assert response.status_code == 200, response.text
    page = response.text
    assert listed(page) == {
        "amount": {ids["other_amount"]},
        "status": {ids["expired_there"]},
        "settled_not_paid": {ids["never_paid"]},
        "paid_not_settled": {ids["unknown_there"]},
    }
    assert "Payments checked with Midtrans: 4." in page
    assert "Payments never started (the buyer chose no payment method): 1" in page
    assert ids["not_started"] in page
    assert snapshot() == before  # Midtrans settled never_paid; the check still changes nothing


def test_settlement_api_reports_midtrans_unreachable_without_failing(app, admin_client):
    app.config.update(MIDTRANS_SIMULATOR_URL="http://127.0.0.1:9", MIDTRANS_TIMEOUT=1)
    group = make_group()
    for day in (2, 3, 4):
        pay(make_order([(group, 10_000 * day)], at=wib(day)), at=wib(day))
    db.session.commit()
    before = snapshot()

    response = admin_client.post(URL, data={"csrf_token": csrf_token(admin_client, URL),
                                            "source": "api", "from": "2026-03-01",
                                            "to": "2026-03-31"})

    assert response.status_code == 200
    assert ("Midtrans could not be reached or refused the request; payments not checked: 3."
            in response.text)
    assert "Midtrans and our orders agree." not in response.text
    assert snapshot() == before


def test_settlement_api_refuses_bad_days(app, admin_client):
    response = admin_client.post(URL, data={"csrf_token": csrf_token(admin_client, URL),
                                            "source": "api", "from": "2026-13-01",
                                            "to": "2026-03-31"})

    assert response.status_code == 422
    assert "“2026-13-01” is not a date" in response.text
    assert 'value="2026-13-01"' in response.text


def test_settlement_api_refuses_a_period_with_too_many_payments(app, admin_client,
                                                                monkeypatch):
    monkeypatch.setattr("marketplace.admin.settlement_views.MAX_API_CHECKS", 1)
    app.config.update(MIDTRANS_SIMULATOR_URL="http://127.0.0.1:9", MIDTRANS_TIMEOUT=1)
    group = make_group()
    for day in (2, 3):
        pay(make_order([(group, 10_000 * day)], at=wib(day)), at=wib(day))
    db.session.commit()

    response = admin_client.post(URL, data={"csrf_token": csrf_token(admin_client, URL),
                                            "source": "api", "from": "2026-03-01",
                                            "to": "2026-03-31"})

    assert response.status_code == 422
    assert "The period has 2 payments; ask Midtrans about at most 1 at a time." in \
        response.text
    assert "could not be reached" not in response.text
