"""Payouts in the admin: a draft marked paid or cancelled."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.kernel.extensions import db
from marketplace.ledger import payouts
from marketplace.ledger.models import Payout, PayoutLine
from tests.factories import make_group
from tests.helpers import csrf_token, post_form
from tests.payout_helpers import audit_actions, create_from_preview, parcel, row_with, rp, today


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
