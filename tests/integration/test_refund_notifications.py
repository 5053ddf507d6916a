"""A refund completes exactly once, however Midtrans's answer and notifications arrive.

The shop is served over real HTTP (live_server) and the simulator notifies it, so every
notification goes through the real endpoint, signature check and status lookup.
"""

from __future__ import annotations

import socket

import pytest
import requests
from sqlalchemy import func, select

from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
from marketplace.kernel.dbtx import new_write
from marketplace.kernel.extensions import db
from marketplace.ledger import refunds
from marketplace.ledger.models import CommissionEntry, Refund, RefundMethod
from marketplace.orders.models import Order
from marketplace.orders.services import lock_order
from marketplace.payments import refunds as payment_refunds
from marketplace.payments.client import gateway
from marketplace.payments.models import PaymentNotification
from marketplace.payments.reconcile import reconcile_refunds
from tests.factories import make_group, make_order, pay
from tests.simulator_helpers import NOTIFY_PATH, create_snap, hook, snap_params, wait_for

# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


@pytest.fixture
def shop(app, live_server, simulator):
    """The simulator notifies the served shop."""
    simulator.notify_url = live_server + NOTIFY_PATH
    return live_server


def _paid_order(simulator, goods=(100_000,)):
    """An order paid with GoPay (refundable by API), the same in our books and in Midtrans."""
    order = make_order([(make_group(), amount) for amount in goods], shipping=15_000)
    pay(order, payment_type="gopay")
    db.session.commit()
    midtrans_id = f"{order.number}-1"
    assert create_snap(simulator.base_url, SIMULATOR_SERVER_KEY,
                       snap_params(midtrans_id, amount=order.grand_total)).status_code == 201
    paid = hook(simulator.base_url, f"pay/{midtrans_id}",
                {"transaction_status": "settlement", "payment_type": "gopay", "notify": False})
    assert paid.status_code == 200, paid.text
    return order, midtrans_id


def _request_refund(order, sub, amount: int) -> int:
    """What the admin's form does before asking Midtrans: a committed *requested* refund."""
    new_write()
    locked = lock_order(order.id)
    refund = refunds.create_refund(locked, sub, amount, "Cangkir retak", RefundMethod.MIDTRANS)
    db.session.commit()
    return refund.id


def _refund_notices(simulator, midtrans_id: str) -> list[dict]:
    deliveries = requests.get(f"{simulator.base_url}/_simulator/notifications",
                              params={"order_id": midtrans_id}, timeout=5).json()
    return [d for d in deliveries if d["transaction_status"] in ("refund", "partial_refund")]


def _delivered(simulator, midtrans_id: str, count: int) -> None:
    """Wait until `count` refund notifications were answered 200 (applied and committed)."""
    wait_for(lambda: sum(d["state"] == "delivered"
                         for d in _refund_notices(simulator, midtrans_id)) >= count)


def _verdicts(midtrans_id: str) -> list[str]:
    db.session.commit()  # a fresh snapshot: the notifications were handled elsewhere
    return list(db.session.scalars(
        select(PaymentNotification.verdict)
        .where(PaymentNotification.midtrans_order_id == midtrans_id,
               PaymentNotification.transaction_status.in_(("refund", "partial_refund")))
        .order_by(PaymentNotification.id)))


def _reversals(order) -> list[int]:
    db.session.commit()
    return list(db.session.scalars(
        select(CommissionEntry.amount)
        .join(Refund, Refund.id == CommissionEntry.refund_id)
        .where(Refund.order_id == order.id).order_by(CommissionEntry.id)))


def _midtrans_refunds(midtrans_id: str) -> list[dict]:
    with gateway() as client:
        return client.status(midtrans_id).raw.get("refunds", [])


def _state(refund_id: int) -> str:
    db.session.commit()
    return db.session.get(Refund, refund_id, populate_existing=True).state


def _order_status(order) -> str:
    db.session.commit()
    return db.session.get(Order, order.id, populate_existing=True).status


def test_answer_then_notification_then_replay_complete_the_refund_once(app, shop, simulator):
    # given a paid order and a refund of 40.000 of its 100.000 goods
    order, midtrans_id = _paid_order(simulator)
    refund_id = _request_refund(order, order.sub_orders[0], 40_000)

    # when Midtrans answers the shop, notifies it, and the notification is replayed
    assert payment_refunds.send_to_midtrans(refund_id) == "succeeded"
    _delivered(simulator, midtrans_id, 1)
    assert hook(simulator.base_url, f"resend/{midtrans_id}").status_code == 202
    _delivered(simulator, midtrans_id, 2)

    # then one reversal of 10 % of 40.000, the refund succeeded, the order is still paid
    assert _reversals(order) == [-4_000]
    assert _state(refund_id) == "succeeded"
    assert _order_status(order) == "paid"
    verdicts = _verdicts(midtrans_id)
    assert len(verdicts) == 2 and set(verdicts) <= {"applied", "no_change"}
    assert verdicts.count("applied") <= 1  # whichever came first; never twice
    assert len(_midtrans_refunds(midtrans_id)) == 1


def test_a_late_notification_after_the_answer_changes_nothing(app, shop, simulator):
    # given Midtrans's notification is held back while it answers the shop
    order, midtrans_id = _paid_order(simulator)
    refund_id = _request_refund(order, order.sub_orders[0], 40_000)
    simulator.notify_url = None
    assert payment_refunds.send_to_midtrans(refund_id) == "succeeded"
    assert _reversals(order) == [-4_000]

    # when the notification finally reaches the shop
    simulator.notify_url = shop + NOTIFY_PATH
    assert hook(simulator.base_url, f"resend/{midtrans_id}").status_code == 202
    _delivered(simulator, midtrans_id, 1)

    # then it is recorded and changes nothing
    assert "no_change" in _verdicts(midtrans_id)
    assert "applied" not in _verdicts(midtrans_id)
    assert _reversals(order) == [-4_000]
    assert _state(refund_id) == "succeeded"


def test_a_notification_before_the_answer_completes_it_and_the_answer_changes_nothing(
        app, shop, simulator):
    # given a requested refund that Midtrans carried out, but whose answer was lost
    order, midtrans_id = _paid_order(simulator)
    refund_id = _request_refund(order, order.sub_orders[0], 40_000)
    key = db.session.get(Refund, refund_id).refund_key
    with gateway() as client:
        client.refund(midtrans_id, 40_000, "Cangkir retak", key)

    # when the notification arrives first
    _delivered(simulator, midtrans_id, 1)

    # then the notification completed the refund
    assert _verdicts(midtrans_id) == ["applied"]
    assert _state(refund_id) == "succeeded"
    assert _reversals(order) == [-4_000]

    # and asking Midtrans again (same refund_key) refunds nothing more and books nothing
    assert payment_refunds.send_to_midtrans(refund_id) == "succeeded"
    assert _reversals(order) == [-4_000]
    assert len(_midtrans_refunds(midtrans_id)) == 1


def test_the_order_is_refunded_only_once_every_parcel_is(app, shop, simulator):
    # given an order of two parcels: 115.000 and 215.000 with shipping
    order, midtrans_id = _paid_order(simulator, goods=(100_000, 200_000))
    first, second = order.sub_orders

    # when the first parcel is refunded in full
    one = _request_refund(order, first, 115_000)
    assert payment_refunds.send_to_midtrans(one) == "succeeded"
    _delivered(simulator, midtrans_id, 1)

    # then the order is still paid (Midtrans says partial_refund)
    assert _order_status(order) == "paid"

    # when the second parcel is refunded in full too
    two = _request_refund(order, second, 215_000)
    assert payment_refunds.send_to_midtrans(two) == "succeeded"
    _delivered(simulator, midtrans_id, 2)

    # then the order is refunded, each parcel's commission reversed once
    assert _order_status(order) == "refunded"
    assert sorted(_reversals(order)) == [-20_000, -10_000]
    assert [d["transaction_status"] for d in _refund_notices(simulator, midtrans_id)] == [
        "partial_refund", "refund"]
    assert set(_verdicts(midtrans_id)) <= {"applied", "no_change"}


def test_a_refund_made_in_midtrans_without_the_shop_flags_the_order(app, shop, simulator):
    # given a paid order
    order, midtrans_id = _paid_order(simulator)

    # when someone refunds 25.000 in the Midtrans dashboard (a refund_key we never made)
    with gateway() as client:
        client.refund(midtrans_id, 25_000, "refunded by phone", "DASHBOARD-7")
    _delivered(simulator, midtrans_id, 1)

    # then the order waits for the association's review; our books are untouched
    assert _verdicts(midtrans_id) == ["flagged"]
    db.session.commit()
    flagged = db.session.get(Order, order.id, populate_existing=True)
    assert flagged.needs_review and "DASHBOARD-7" in flagged.review_reason
    assert flagged.status == "paid"
    assert db.session.scalar(select(func.count(Refund.id))) == 0
    assert _reversals(order) == []


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_reconcile_command_finishes_a_refund_midtrans_did_not_answer(app, shop, simulator):
    # given Midtrans was unreachable when the admin asked for the refund
    order, midtrans_id = _paid_order(simulator)
    refund_id = _request_refund(order, order.sub_orders[0], 40_000)
    reachable = app.config["MIDTRANS_SIMULATOR_URL"]
    app.config["MIDTRANS_SIMULATOR_URL"] = _closed_port_url()
    assert payment_refunds.send_to_midtrans(refund_id) == "requested"
    assert _reversals(order) == []
    app.config["MIDTRANS_SIMULATOR_URL"] = reachable

    # when the reconcile command runs (from cron), twice
    runner = app.test_cli_runner()
    first = runner.invoke(args=["payments", "reconcile"])
    _delivered(simulator, midtrans_id, 1)
    again = runner.invoke(args=["payments", "reconcile"])

    # then the refund is done once, and the second run finds nothing waiting
    assert "Refunds: 1 succeeded." in first.output, first.output
    assert "Refunds: none waiting for Midtrans." in again.output, again.output
    assert _state(refund_id) == "succeeded"
    assert _reversals(order) == [-4_000]
    assert len(_midtrans_refunds(midtrans_id)) == 1


def test_reconcile_sends_a_refund_left_requested(app, simulator):
    # given a refund written as requested and never sent (the process died), no shop served
    order, midtrans_id = _paid_order(simulator)
    refund_id = _request_refund(order, order.sub_orders[0], 115_000)

    # when reconciling
    counts = reconcile_refunds()

    # then Midtrans refunded it once, the order is refunded, the commission reversed
    assert counts == {"succeeded": 1}
    assert _state(refund_id) == "succeeded"
    assert _order_status(order) == "refunded"
    assert _reversals(order) == [-10_000]
    assert [r["refund_key"] for r in _midtrans_refunds(midtrans_id)] == [
        db.session.get(Refund, refund_id).refund_key]
