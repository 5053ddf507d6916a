"""Payouts in the admin: who is owed what, and each group's preview."""

from marketplace.accounts.models import Role
from marketplace.kernel.extensions import db
from marketplace.ledger import payouts, refunds, statements
from marketplace.ledger.models import RefundMethod
from tests.factories import make_group, make_rule
from tests.helpers import sign_in
from tests.payout_helpers import parcel, payout_count, preview, row_with, rp, today


def test_payout_index_lists_each_group_owed_with_amount_and_parcels(
        app, client, ten_percent, admin):
    # given two groups with delivered parcels, and a group whose parcel is still on its way
    kendi = make_group(name="Kelompok Kendi")
    parcel(kendi, 100_000)
    parcel(kendi, 250_000)
    batik = make_group(name="Batik Sekar")
    parcel(batik, 80_000)
    parcel(make_group(name="Belum Sampai"), 90_000, delivered=False)
    db.session.commit()
    # when the admin opens the payouts page
    page = client.get("/admin/pencairan").text
    # then each group shows its parcels and net owed (goods + shipping - 10 % commission)
    kendi_row = row_with(page, "Kelompok Kendi")
    assert '<td class="num">2</td>' in kendi_row
    assert rp(345_000) in kendi_row  # 105,000 + 240,000
    assert rp(87_000) in row_with(page, "Batik Sekar")
    assert "Belum Sampai" not in page
    assert rp(432_000) in row_with(page, "Total")


def test_owed_list_matches_each_groups_preview_including_clawbacks(app, client, ten_percent, admin):
    # given a group paid out earlier whose parcel was then partly refunded, and new parcels
    clay = make_group(name="Tanah Liat")
    order, sub = parcel(clay, 200_000, days_ago=5)
    paid = payouts.create_payout(clay, today())
    payouts.mark_paid(paid, "TRF-1", today())
    refunds.create_refund(order, sub, 50_000, "retak", RefundMethod.BANK_TRANSFER, "BCA-7")
    parcel(clay, 100_000)
    other = make_group(name="Perak")
    parcel(other, 300_000)
    parcel(other, 40_000, days_ago=0)
    db.session.commit()
    # when the owed list is computed for every group at once
    owed = {row.group_id: row for row in statements.owed_by_group(today())}
    # then it equals what each group's own preview would pay
    for group in (clay, other):
        lines = payouts.preview(group, today())
        assert owed[group.id].amount == sum(line.net for line in lines)
        assert owed[group.id].parcels == sum(1 for line in lines if line.sub_order_id)
        assert owed[group.id].clawbacks == sum(1 for line in lines if line.refund_id)
    assert owed[clay.id].amount == 105_000 - 45_000
    assert (owed[clay.id].parcels, owed[clay.id].clawbacks) == (1, 1)
    assert rp(60_000) in row_with(client.get("/admin/pencairan").text, "Tanah Liat")


def test_preview_shows_each_line_with_its_five_figures_and_the_total(
        app, client, ten_percent, admin):
    # given a group with two delivered parcels, one partly refunded
    group = make_group(name="Kelompok Kendi", bank_name="BRI", bank_account_number="0123456789",
                       bank_account_holder="Kelompok Kendi")
    first, _ = parcel(group, 100_000)
    second, sub = parcel(group, 250_000)
    refunds.create_refund(second, sub, 50_000, "satu pecah", RefundMethod.BANK_TRANSFER, "B-1")
    db.session.commit()
    # when the admin previews a payout up to today
    response = preview(client, group)
    # then each order's goods, shipping, commission, refund and net are shown, and the total
    assert response.status_code == 200
    page = response.text
    assert "0123456789" in page
    row = row_with(page, first.number)
    for amount in (rp(100_000), rp(15_000), rp(10_000), rp(0), rp(105_000)):
        assert amount in row
    row = row_with(page, second.number)
    # 250,000 - 50,000 refunded: commission 25,000 less 5,000 reversed
    for amount in (rp(250_000), rp(15_000), rp(20_000), rp(50_000), rp(195_000)):
        assert amount in row
    assert "Create draft payout of " + rp(300_000) in page
    assert payout_count() == 0  # a preview changes nothing


def test_a_group_with_nothing_owed_gets_a_message_and_no_payout(app, client, ten_percent, admin):
    # given a group whose parcel is not delivered yet
    group = make_group(name="Belum Sampai")
    parcel(group, 90_000, delivered=False)
    db.session.commit()
    # when the admin previews it
    page = preview(client, group).text
    # then the preview says nothing is owed and offers no button
    assert "Nothing is owed to this group for parcels delivered up to that day." in page
    assert "Create draft payout" not in page


def test_an_unknown_group_in_the_preview_is_a_message(app, client, ten_percent, admin):
    response = client.get("/admin/pencairan/baru?group_id=999&cutoff=2025-01-01")
    assert response.status_code == 422
    assert "Choose the producer group to pay." in response.text


def test_payouts_page_costs_the_same_queries_for_more_groups(app, client, ten_percent, admin,
                                                             count_queries):
    def groups_with_a_payout_and_a_parcel_owed(count):
        for _ in range(count):
            group = make_group()
            parcel(group, 100_000)
            payouts.create_payout(group, today())
            parcel(group, 50_000)
        db.session.commit()

    groups_with_a_payout_and_a_parcel_owed(2)
    with count_queries() as few:
        assert client.get("/admin/pencairan").status_code == 200
    groups_with_a_payout_and_a_parcel_owed(5)
    with count_queries() as many:
        page = client.get("/admin/pencairan").text
    assert page.count("Prepare payout") == 7
    assert len(many) == len(few)


def test_payout_pages_render_in_indonesian(app, client):
    make_rule(1000)
    sign_in(client, Role.ADMIN, english=False)
    group = make_group()
    parcel(group, 100_000)
    payout = payouts.create_payout(group, today())
    parcel(group, 50_000)
    db.session.commit()
    for url in ("/admin/pencairan", f"/admin/pencairan/{payout.id}",
                f"/admin/pencairan/baru?group_id={group.id}&cutoff={today().isoformat()}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Rp" in response.text and "IDR" not in response.text, url
