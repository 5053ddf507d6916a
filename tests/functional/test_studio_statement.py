"""The group's own statement in the studio: its figures, parcels and payouts, and no one
else's."""

import re
from datetime import timedelta

import pytest

from marketplace.accounts.models import Role
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts, refunds
from marketplace.ledger.models import RefundMethod
from marketplace.ledger.parcels import cancel_parcel
from tests.factories import deliver, make_group, make_order, make_rule, pay
from tests.helpers import account, sign_in_english
from tests.payout_helpers import read_csv, row_with, rp


def today():
    return jakarta_date(utcnow())


def member_of(client, group):
    """Sign in a new member of `group` on `client` (English pages)."""
    user = account(Role.ARTISAN, name="Bu Sari")
    db.session.add(GroupMembership(group=group, user=user, role="member"))
    db.session.commit()
    sign_in_english(client, user)
    return user


@pytest.fixture
def books(app):
    """Group A's month: a paid-out parcel, a partly refunded one and one it cancelled (at
    12.5 %); group B's parcel and payout (at the 10 % default) in the same month."""
    make_rule(1000)
    mine = make_group(name="Kelompok Kendi", slug="kendi", bank_name="BRI",
                      bank_account_number="0012345678", bank_account_holder="Kendi")
    make_rule(1250, group=mine)
    paid_out = pay(make_order([(mine, 100_000)]))
    deliver(paid_out.sub_orders[0])
    payout = payouts.create_payout(mine, today())
    payouts.mark_paid(payout, "BCA-123456", today())
    refunded = pay(make_order([(mine, 200_000)]))
    refunds.create_refund(refunded, refunded.sub_orders[0], 50_000, "pecah satu",
                          RefundMethod.BANK_TRANSFER, "BCA-R1")
    cancelled = pay(make_order([(mine, 80_000)]))
    cancel_parcel(cancelled.sub_orders[0], "Tungku rusak")

    theirs = make_group(name="Perak Celuk", slug="celuk")
    their_order = pay(make_order([(theirs, 777_000)], shipping=23_000))
    deliver(their_order.sub_orders[0])
    their_payout = payouts.create_payout(theirs, today())
    db.session.commit()
    return {"mine": mine, "theirs": theirs, "payout": payout, "their_payout": their_payout,
            "paid_out": paid_out, "refunded": refunded, "cancelled": cancelled,
            "their_order": their_order}


def stat(page: str, label: str) -> str:
    """The figure shown above `label` in the page's summary."""
    match = re.search(r'<div class="stat"><strong>([^<]*)</strong>' + re.escape(label), page)
    assert match, f"no figure {label!r}"
    return match.group(1)


def test_statement_shows_this_months_figures_from_the_groups_orders(app, client, books):
    member_of(client, books["mine"])
    # when a member opens the statement (this month by default)
    response = client.get("/studio/kendi/laporan")
    assert response.status_code == 200
    page = response.text
    # then every figure is what the three orders booked
    assert stat(page, "Sales (goods)") == rp(380_000)
    assert stat(page, "Shipping paid by buyers") == rp(45_000)
    # 12,500 + 25,000 + 10,000 accrued; 6,250 (refund) and 10,000 (cancel) reversed
    assert stat(page, "Commission deducted") == rp(31_250)
    assert stat(page, "Refunds") == rp(50_000)
    assert stat(page, "Paid out to you") == rp(102_500)
    # kept parcels: 330,000 - 31,250 commission - 50,000 refunded - 102,500 paid out
    assert stat(page, "Outstanding (owed to you)") == rp(146_250)


def test_statement_lists_each_parcel_with_its_figures_and_payout(app, client, books):
    member_of(client, books["mine"])
    page = client.get("/studio/kendi/laporan").text
    row = row_with(page, books["paid_out"].number)
    for text in (rp(100_000), rp(15_000), "12.5%", rp(12_500), rp(0), rp(102_500),
                 books["payout"].number):
        assert text in row
    row = row_with(page, books["refunded"].number)
    for text in (rp(200_000), rp(18_750), rp(50_000), rp(146_250)):
        assert text in row
    row = row_with(page, books["cancelled"].number)
    assert "Cancelled by the group" in row and rp(0) in row
    totals = row_with(page, "Total")
    for text in (rp(380_000), rp(45_000), rp(31_250), rp(50_000), rp(248_750)):
        assert text in totals
    payout_row = row_with(page, "BCA-123456")
    assert books["payout"].number in payout_row and rp(102_500) in payout_row
    assert "Paid" in payout_row


def test_payout_detail_shows_its_lines_and_masks_the_account(app, client, books):
    member_of(client, books["mine"])
    payout = books["payout"]
    response = client.get(f"/studio/kendi/laporan/pencairan/{payout.id}")
    assert response.status_code == 200
    page = response.text
    assert f"Payout {payout.number}" in page and "BCA-123456" in page
    row = row_with(page, books["paid_out"].number)
    for amount in (rp(100_000), rp(15_000), rp(12_500), rp(102_500)):
        assert amount in row
    assert "•••• •••• 5678" in page and "0012345678" not in page


def test_a_member_never_sees_another_groups_figures(app, client, books):
    member_of(client, books["mine"])
    # another group's payout under my group's address is not found
    their_payout = books["their_payout"]
    assert client.get(f"/studio/kendi/laporan/pencairan/{their_payout.id}").status_code == 404
    # nor is the other group's statement
    assert client.get("/studio/celuk/laporan").status_code == 404
    assert client.get(f"/studio/celuk/laporan/pencairan/{their_payout.id}").status_code == 404
    assert client.get("/studio/celuk/laporan/ekspor.csv").status_code == 404
    # and none of its numbers appear on my statement or in my CSV
    page = client.get("/studio/kendi/laporan").text
    for text in (books["their_order"].number, their_payout.number, "Perak Celuk",
                 rp(777_000), rp(23_000), rp(877_000)):
        assert text not in page
    csv_text = client.get(f"/studio/kendi/laporan/ekspor.csv?month={today():%Y-%m}").text
    assert books["their_order"].number not in csv_text and "777000" not in csv_text


def test_statement_csv_has_the_parcels_with_plain_integers(app, client, books):
    member_of(client, books["mine"])
    with client.get(f"/studio/kendi/laporan/ekspor.csv?month={today():%Y-%m}") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response.headers["Content-Disposition"]
        rows = read_csv(response)
    assert rows[0] == ["order_number", "paid_at", "status", "goods", "shipping",
                       "commission_rate_bp", "commission", "refunded", "net", "payout_number"]
    by_order = {row[0]: row for row in rows[1:]}
    assert set(by_order) == {books[k].number for k in ("paid_out", "refunded", "cancelled")}
    assert by_order[books["paid_out"].number][2:] == [
        "delivered", "100000", "15000", "1250", "12500", "0", "102500", books["payout"].number]
    assert by_order[books["refunded"].number][3:] == [
        "200000", "15000", "1250", "18750", "50000", "146250", ""]
    assert by_order[books["cancelled"].number][2:9] == [
        "cancelled_by_group", "80000", "15000", "1250", "0", "0", "0"]


def test_an_earlier_month_is_shown_when_chosen(app, client):
    make_rule(1000)
    group = make_group(slug="kendi")
    earlier = utcnow() - timedelta(days=45)
    old = pay(make_order([(group, 60_000)], at=earlier), at=earlier)
    new = pay(make_order([(group, 90_000)]))
    db.session.commit()
    member_of(client, group)
    month = f"{jakarta_date(earlier):%Y-%m}"
    # when the member picks the earlier month
    page = client.get(f"/studio/kendi/laporan?month={month}").text
    # then only that month's order and sales show
    assert old.number in page and new.number not in page
    assert stat(page, "Sales (goods)") == rp(60_000)
    # and a from/to period across both months shows both
    page = client.get("/studio/kendi/laporan", query_string={
        "from": jakarta_date(earlier).isoformat(), "to": today().isoformat()}).text
    assert old.number in page and new.number in page
    assert stat(page, "Sales (goods)") == rp(150_000)
    # while this month (the default) leaves the old order out
    assert old.number not in client.get("/studio/kendi/laporan").text


@pytest.mark.parametrize("query, message", [
    ({"month": "2025-13"}, "Choose a month such as"),
    ({"from": "2025-02-30", "to": "2025-03-31"}, "Enter both dates of the period"),
    ({"from": "2025-03-01"}, "Enter both dates of the period"),
    ({"from": "2025-03-31", "to": "2025-03-01"},
     "The first day of the period must be on or before its last day."),
])
def test_a_bad_period_gets_a_message_and_keeps_what_was_typed(app, client, query, message):
    group = make_group(slug="kendi")
    member_of(client, group)
    response = client.get("/studio/kendi/laporan", query_string=query)
    assert response.status_code == 400
    assert message in response.text
    assert "Showing this month instead." in response.text
    for value in query.values():
        assert f'value="{value}"' in response.text
    assert client.get("/studio/kendi/laporan/ekspor.csv",
                      query_string=query).status_code == 400
