"""The association chooses whether payouts take delivered or only completed parcels; a parcel
with an open complaint is never paid out, whatever it chose."""

import pytest
from flask import current_app
from sqlalchemy import select

from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.ledger import payouts
from marketplace.ledger.payout_policy import payout_on, set_payout_on
from marketplace.orders import complaint_services as complaints
from marketplace.orders.receipt import run_auto_complete
from tests.after_sale_helpers import bought
from tests.factories import make_group
from tests.helpers import csrf_token
from tests.payout_helpers import today


def _payable(group) -> set[int]:
    db.session.expire_all()
    return set(payouts.payable_sub_order_ids(group.id, today()))


def _parcels(group):
    """A parcel delivered two days ago, one completed (delivered ten days ago, completed by
    the command) and one shipped and completed without ever being marked delivered."""
    _o, delivered = bought(group, delivered_days_ago=2)
    _o, completed = bought(group, delivered_days_ago=10)
    _o, never_delivered = bought(group, shipped_days_ago=9)
    db.session.commit()
    assert run_auto_complete() == 2
    return delivered, completed, never_delivered


def test_by_default_delivered_and_completed_parcels_are_paid_out(app):
    group = make_group()
    delivered, completed, never_delivered = _parcels(group)

    assert payout_on() == "delivered"
    assert _payable(group) == {delivered.id, completed.id, never_delivered.id}
    lines = {line.sub_order_id: line for line in payouts.preview(group, today())}
    # a parcel completed without a delivery date counts from its completion
    assert lines[never_delivered.id].delivered_at is not None


def test_paying_out_on_completion_leaves_delivered_parcels_waiting(app):
    group = make_group()
    delivered, completed, never_delivered = _parcels(group)

    begin_write()
    set_payout_on("completed")
    db.session.commit()

    assert _payable(group) == {completed.id, never_delivered.id}


def _complain(order, sub):
    with current_app.test_request_context():
        begin_write()
        complaints.open_complaint(order, sub, "damaged", "Retak.", [])
        db.session.commit()


@pytest.mark.parametrize("setting", ["delivered", "completed"])
def test_no_payout_while_a_complaint_is_open(app, setting, clock):
    # given the association's setting and a parcel ready to pay out, then complained about
    group = make_group()
    order, sub = bought(group, delivered_days_ago=1)
    db.session.commit()
    _complain(order, sub)
    begin_write()
    set_payout_on(setting)
    db.session.commit()
    clock.advance(days=10)  # long after: it would be completed and payable by now
    assert run_auto_complete() == 0

    # then it is in no preview and no payout
    assert sub.id not in _payable(group)
    with pytest.raises(payouts.PayoutError):
        payouts.create_payout(group, today())
    db.session.rollback()

    # until the association rejects the complaint
    with current_app.test_request_context():
        begin_write()
        complaint = complaints.lock_complaint(complaints.complaints_of_parcel(sub)[0].id)
        complaints.reject(complaint, "Tidak terbukti.", None)
        db.session.commit()
    if setting == "completed":
        assert sub.id not in _payable(group)
        assert run_auto_complete() == 1
    assert sub.id in _payable(group)


def test_a_draft_holding_a_parcel_that_got_a_complaint_cannot_be_marked_paid(app, clock):
    # given a draft payout of a parcel still in its complaint window
    group = make_group(bank_name="BRI", bank_account_number="0123", bank_account_holder="K")
    order, sub = bought(group, delivered_days_ago=1)
    db.session.commit()
    begin_write()
    payout = payouts.create_payout(group, today())
    db.session.commit()

    # when the buyer complains, then the transfer is recorded
    _complain(order, sub)
    begin_write()
    payout = payouts.lock_payout(payout.id)
    with pytest.raises(payouts.PayoutError, match=order.number):  # the parcel it names
        payouts.mark_paid(payout, "TRF 1", today())
    db.session.rollback()


def test_the_admin_chooses_on_the_settings_page_and_it_is_audited(app, admin_client):
    page = admin_client.get("/admin/pengaturan").text
    assert 'value="delivered" checked' in page

    response = admin_client.post("/admin/pengaturan/pencairan", data={
        "csrf_token": csrf_token(admin_client, "/admin/pengaturan"), "payout_on": "completed"})

    assert response.status_code == 302
    assert payout_on() == "completed"
    assert 'value="completed" checked' in admin_client.get("/admin/pengaturan").text
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "settings.payout_on"))
    assert entry is not None and '"completed"' in entry.after and '"delivered"' in entry.before


def test_an_unknown_choice_is_refused(app, admin_client):
    response = admin_client.post("/admin/pengaturan/pencairan", data={
        "csrf_token": csrf_token(admin_client, "/admin/pengaturan"), "payout_on": "paid"})

    assert response.status_code == 422 and "Choose when parcels are paid out." in response.text
    assert payout_on() == "delivered"


def test_the_settings_page_is_for_admins_only(client):
    assert client.get("/admin/pengaturan").status_code in (302, 403, 404)
