"""Payouts in the admin: the list of payouts, its CSV downloads and an unknown payout."""

import re

from marketplace.kernel.extensions import db
from marketplace.ledger import payouts, refunds
from marketplace.ledger.models import RefundMethod
from tests.factories import make_group
from tests.payout_helpers import parcel, read_csv, today


def test_payouts_list_filters_by_status_and_group(app, client, ten_percent, admin):
    kendi, batik = make_group(name="Kelompok Kendi"), make_group(name="Batik Sekar")
    parcel(kendi, 100_000)
    parcel(batik, 80_000)
    first = payouts.create_payout(kendi, today())
    payouts.mark_paid(first, "TRF-1", today())
    second = payouts.create_payout(batik, today())
    db.session.commit()
    drafts = client.get("/admin/pencairan?status=draft").text.split("All payouts")[1]
    assert second.number in drafts and first.number not in drafts
    of_kendi = client.get(f"/admin/pencairan?group={kendi.id}").text.split("All payouts")[1]
    assert first.number in of_kendi and second.number not in of_kendi
    odd = client.get("/admin/pencairan?status=nonsense&group=x&page=zz")
    assert odd.status_code == 200
    assert first.number in odd.text and second.number in odd.text


def test_payouts_csv_has_one_row_per_payout_with_plain_integers(app, client, ten_percent, admin):
    group = make_group(name="Kelompok Kendi")
    parcel(group, 1_250_000)
    payout = payouts.create_payout(group, today())
    payouts.mark_paid(payout, "=TRF-1", today())
    db.session.commit()
    with client.get("/admin/pencairan/ekspor.csv?status=paid") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response.headers["Content-Disposition"]
        rows = read_csv(response)
    assert rows[0] == ["number", "group", "cutoff", "amount", "status", "paid_on",
                       "bank_reference", "created_at"]
    assert rows[1][:7] == [payout.number, "Kelompok Kendi", today().isoformat(), "1140000",
                           "paid", today().isoformat(), "'=TRF-1"]
    assert len(rows) == 2


def test_payout_lines_csv_has_the_five_figures_and_net_per_line(app, client, ten_percent, admin):
    group = make_group(name="Kelompok Kendi")
    first, _ = parcel(group, 100_000)
    second, sub = parcel(group, 250_000)
    refunds.create_refund(second, sub, 50_000, "satu pecah", RefundMethod.BANK_TRANSFER, "B-1")
    payout = payouts.create_payout(group, today())
    db.session.commit()
    with client.get(f"/admin/pencairan/{payout.id}/rincian.csv") as response:
        rows = read_csv(response)
    assert rows[0] == ["payout", "group", "line", "order_number", "delivered_at", "goods",
                       "shipping", "commission", "refunded", "net"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", row[4]) for row in rows[1:])
    assert sorted(row[:4] + row[5:] for row in rows[1:]) == sorted([
        [payout.number, "Kelompok Kendi", "parcel", first.number, "100000", "15000", "10000",
         "0", "105000"],
        [payout.number, "Kelompok Kendi", "parcel", second.number, "250000", "15000", "20000",
         "50000", "195000"],
    ])


def test_payout_detail_of_an_unknown_payout_is_404(app, client, ten_percent, admin):
    assert client.get("/admin/pencairan/999").status_code == 404
    assert client.get("/admin/pencairan/999/rincian.csv").status_code == 404
