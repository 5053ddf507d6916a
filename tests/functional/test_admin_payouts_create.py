"""Payouts in the admin: a draft from its preview, and the previews and forms that create
nothing."""

from datetime import timedelta
from unittest import mock

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.kernel.extensions import db
from marketplace.ledger import payouts
from marketplace.ledger.models import Payout
from tests.factories import make_group
from tests.payout_helpers import (
    audit_actions,
    create_from_preview,
    form_fields,
    parcel,
    payout_count,
    preview,
    row_with,
    rp,
    today,
)


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
