"""Payouts in the admin: who is owed what, a draft from its preview, paid or cancelled."""

import csv
import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.kernel.money import format_rupiah
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts, refunds, statements
from marketplace.ledger.models import Payout, PayoutLine, RefundMethod
from tests.factories import deliver, make_group, make_order, make_rule, pay
from tests.helpers import csrf_token, post_form, sign_in


@pytest.fixture
def ten_percent(app):
    """The default commission rule: 10 % everywhere."""
    make_rule(1000)


def rp(amount: int) -> str:
    """An amount as the English pages show it."""
    return format_rupiah(amount, "en")


def today():
    return jakarta_date(utcnow())


def parcel(group, goods, days_ago=2, delivered=True):
    """A paid order for one group, delivered `days_ago` days ago; returns (order, sub)."""
    when = utcnow() - timedelta(days=days_ago)
    order = pay(make_order([(group, goods)], at=when - timedelta(days=1)),
                at=when - timedelta(days=1))
    sub = order.sub_orders[0]
    if delivered:
        deliver(sub, at=when)
    return order, sub


def row_with(page: str, text: str) -> str:
    """The table row of `page` that mentions `text`."""
    for row in re.findall(r"<tr>.*?</tr>", page, flags=re.S):
        if text in row:
            return row
    raise AssertionError(f"no row with {text!r}")


def form_fields(page: str, action: str) -> dict[str, str]:
    """The named inputs of the form posting to `action` (hidden ones included)."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page,
                     flags=re.S)
    assert form, f"no form posting to {action}"
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(0)):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def preview(client, group, cutoff=None):
    return client.get("/admin/pencairan/baru", query_string={
        "group_id": group.id, "cutoff": (cutoff or today()).isoformat()})


def create_from_preview(client, group, **changes):
    """Open the preview and press its "Create draft payout" button."""
    page = preview(client, group).text
    data = {**form_fields(page, "/admin/pencairan/baru"), **changes}
    return client.post("/admin/pencairan/baru", data=data)


def payout_count() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count(Payout.id)))


def audit_actions() -> list[str]:
    db.session.commit()
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


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


def test_creating_from_the_preview_makes_an_audited_draft(app, client, ten_percent, admin):
    # given a group with a delivered parcel
    group = make_group(name="Kelompok Kendi", bank_account_number="0123456789")
    order, sub = parcel(group, 100_000)
    db.session.commit()
    # when the admin creates the draft from the preview
    response = create_from_preview(client, group, note="Mei minggu 1")
    # then a draft for the parcel's net exists, its page shows the lines, and it is audited
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    payout = db.session.scalar(select(Payout))
    assert (payout.status, payout.amount, payout.group_id) == ("draft", 105_000, group.id)
    assert payout.cutoff == today()
    assert payout.note == "Mei minggu 1"
    assert payout.bank_account_number == "0123456789"
    assert f"Payout {payout.number}" in page
    assert "Draft payout" in page and rp(105_000) in page
    assert rp(105_000) in row_with(page, order.number)
    assert "Admin Asosiasi" in page
    assert audit_actions() == ["payout.create"]
    # and the group is no longer owed anything
    assert "Kelompok Kendi" not in client.get("/admin/pencairan").text.split("All payouts")[0]


def test_marking_paid_records_reference_and_transfer_date(app, client, ten_percent, admin):
    # given a draft payout
    group = make_group(name="Kelompok Kendi")
    parcel(group, 100_000)
    payout = payouts.create_payout(group, today())
    db.session.commit()
    url = f"/admin/pencairan/{payout.id}"
    # when the admin marks it paid with the bank's reference and the transfer date
    response = post_form(client, f"{url}/dibayar",
                         {"bank_reference": " BCA-778899 ", "paid_on": today().isoformat()},
                         form_url=url, follow_redirects=True)
    # then it is paid with both, cannot be cancelled, and it is audited
    assert response.status_code == 200
    assert f"Payout {payout.number} is marked paid." in response.text
    db.session.expire_all()
    payout = db.session.get(Payout, payout.id)
    assert (payout.status, payout.bank_reference, payout.paid_on) == ("paid", "BCA-778899",
                                                                      today())
    assert "Cancel payout" not in response.text
    assert "BCA-778899" in row_with(client.get("/admin/pencairan?status=paid").text,
                                    payout.number)
    assert audit_actions() == ["payout.paid"]


def test_cancelling_a_draft_frees_its_parcels_for_a_new_payout(app, client, ten_percent, admin):
    # given a draft payout for a group's parcel
    group = make_group(name="Kelompok Kendi")
    parcel(group, 100_000)
    payout = payouts.create_payout(group, today())
    db.session.commit()
    url = f"/admin/pencairan/{payout.id}"
    # when the admin cancels it
    response = post_form(client, f"{url}/batal", form_url=url, follow_redirects=True)
    # then it is cancelled, the parcel is owed again, and a new payout can take it
    assert "is cancelled; its parcels are owed to the group again" in response.text
    db.session.expire_all()
    assert db.session.get(Payout, payout.id).status == "cancelled"
    assert rp(105_000) in row_with(client.get("/admin/pencairan").text, "Kelompok Kendi")
    assert create_from_preview(client, group).status_code == 302
    db.session.commit()
    assert db.session.scalar(select(func.count(PayoutLine.id))) == 1
    assert audit_actions() == ["payout.cancel", "payout.create"]


def test_cancelling_a_paid_payout_is_refused_and_changes_nothing(app, client, ten_percent, admin):
    # given a paid payout
    group = make_group()
    parcel(group, 100_000)
    payout = payouts.create_payout(group, today())
    payouts.mark_paid(payout, "TRF-9", today())
    db.session.commit()
    url = f"/admin/pencairan/{payout.id}"
    token = csrf_token(client, url)
    # when a cancel is posted anyway (an old tab)
    response = client.post(f"{url}/batal", data={"csrf_token": token}, follow_redirects=True)
    # then the admin is told, and the payout and its line stay
    assert f"Nothing was changed: payout {payout.number} is now “Paid”." in response.text
    db.session.expire_all()
    assert db.session.get(Payout, payout.id).status == "paid"
    assert db.session.scalar(select(func.count(PayoutLine.id))) == 1
    assert audit_actions() == []


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


def test_a_stale_preview_is_refused_when_another_payout_took_the_parcels(
        app, client, ten_percent, admin):
    # given an admin looking at a preview while another admin creates the same payout
    group = make_group(name="Kelompok Kendi")
    parcel(group, 100_000)
    db.session.commit()
    fields = form_fields(preview(client, group).text, "/admin/pencairan/baru")
    payouts.create_payout(group, today())
    db.session.commit()
    # when the first admin presses the button
    response = client.post("/admin/pencairan/baru", data=fields)
    # then they are told nothing is owed, and there is still one payout
    assert response.status_code == 422
    assert "Nothing is owed to Kelompok Kendi for parcels delivered up to that date" in \
        response.text
    assert payout_count() == 1


def test_a_preview_that_changed_before_the_click_creates_nothing(app, client, ten_percent, admin):
    # given a preview, then one more parcel is delivered before the admin clicks
    group = make_group(name="Kelompok Kendi")
    parcel(group, 100_000)
    db.session.commit()
    fields = form_fields(preview(client, group).text, "/admin/pencairan/baru")
    parcel(group, 50_000, days_ago=1)
    db.session.commit()
    # when the admin presses the button
    response = client.post("/admin/pencairan/baru", data=fields)
    # then nothing is created and the new figures are shown for a fresh look
    assert response.status_code == 409
    assert "changed since the preview; nothing was created" in response.text
    assert "Create draft payout of " + rp(165_000) in response.text
    assert payout_count() == 0


def test_a_race_lost_in_the_database_is_a_clear_message(app, client, ten_percent, admin):
    # given a preview, when the database refuses the payout lines (another admin's payout
    # took the parcels between our read and our insert, as on PostgreSQL)
    group = make_group()
    parcel(group, 100_000)
    db.session.commit()
    fields = form_fields(preview(client, group).text, "/admin/pencairan/baru")
    refusal = IntegrityError("INSERT INTO payout_lines", {}, Exception("unique"))
    with mock.patch("marketplace.admin.payout_views.payouts.create_payout",
                    side_effect=refusal):
        response = client.post("/admin/pencairan/baru", data=fields)
    # then the admin reads what happened, not an error page
    assert response.status_code == 409
    assert "Another payout was just created for these parcels" in response.text
    assert payout_count() == 0


def test_a_future_cutoff_is_refused_in_the_preview_and_on_create(app, client, ten_percent, admin):
    group = make_group()
    parcel(group, 100_000)
    db.session.commit()
    tomorrow = today() + timedelta(days=1)
    # when the admin asks for a preview up to tomorrow
    response = preview(client, group, cutoff=tomorrow)
    # then the form says why and keeps the date typed
    assert response.status_code == 422
    assert "The cut-off date cannot be in the future." in response.text
    assert f'value="{tomorrow.isoformat()}"' in response.text
    # and a create posted with tomorrow (a tampered form) makes nothing either
    fields = form_fields(preview(client, group).text, "/admin/pencairan/baru")
    response = client.post("/admin/pencairan/baru", data={**fields,
                                                          "cutoff": tomorrow.isoformat()})
    assert response.status_code == 422
    assert "The cut-off date cannot be in the future." in response.text
    assert payout_count() == 0


@pytest.mark.parametrize("changes, status, message", [
    ({"note": "x" * 301}, 422, "Use at most 300 characters."),
    ({"group_id": "999"}, 422, "Choose the producer group to pay."),
    ({"cutoff": "kemarin"}, 422, "Enter a date such as 2025-01-31."),
    ({"csrf_token": "expired"}, 400, ""),  # refused by the app's CSRF guard
])
def test_a_bad_create_form_creates_nothing_and_says_why(
        app, client, ten_percent, admin, changes, status, message):
    group = make_group()
    parcel(group, 100_000)
    db.session.commit()
    response = create_from_preview(client, group, **changes)
    assert response.status_code == status
    assert message in response.text
    if "note" in changes:
        assert changes["note"] in response.text  # what was typed stays
    assert payout_count() == 0


def test_an_unknown_group_in_the_preview_is_a_message(app, client, ten_percent, admin):
    response = client.get("/admin/pencairan/baru?group_id=999&cutoff=2025-01-01")
    assert response.status_code == 422
    assert "Choose the producer group to pay." in response.text


@pytest.mark.parametrize("data, message", [
    ({"bank_reference": "", "paid_on": "TODAY"}, "Enter the bank transfer reference."),
    ({"bank_reference": "BCA-1", "paid_on": "TOMORROW"},
     "The transfer date cannot be in the future."),
    ({"bank_reference": "BCA-1", "paid_on": "31/01/2025"}, "Enter a date such as 2025-01-31."),
    ({"bank_reference": "BCA-1", "paid_on": ""}, "Enter the date of the bank transfer."),
    ({"bank_reference": "X" * 81, "paid_on": "TODAY"},
     "The bank reference is at most 80 characters."),
])
def test_marking_paid_with_bad_input_keeps_the_draft(
        app, client, ten_percent, admin, data, message):
    group = make_group()
    parcel(group, 100_000)
    payout = payouts.create_payout(group, today())
    db.session.commit()
    url = f"/admin/pencairan/{payout.id}"
    days = {"TODAY": today().isoformat(),
            "TOMORROW": (today() + timedelta(days=1)).isoformat()}
    data = {**data, "paid_on": days.get(data["paid_on"], data["paid_on"])}
    # when the admin submits the form with a missing or wrong field
    response = post_form(client, f"{url}/dibayar", data, form_url=url)
    # then the page says what is wrong, keeps what was typed, and the payout stays a draft
    assert response.status_code == 422
    assert message in response.text
    if data["bank_reference"]:
        assert f'value="{data["bank_reference"]}"' in response.text
    db.session.expire_all()
    payout = db.session.get(Payout, payout.id)
    assert (payout.status, payout.bank_reference, payout.paid_on) == ("draft", "", None)
    assert audit_actions() == []


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
