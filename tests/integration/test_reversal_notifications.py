"""A payment Midtrans takes back after settlement, end to end: a real checkout, the
simulator's signed notifications to the served shop, its status API, and the reconcile
command when the status API could not confirm in time."""

from __future__ import annotations

import json
import socket

import pytest
import requests
from sqlalchemy import func, select

from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
from marketplace.kernel.extensions import db
from marketplace.ledger.models import Refund
from marketplace.orders.models import Order
from marketplace.payments.models import PaymentNotification
from tests.checkout_helpers import place
from tests.simulator_helpers import NOTIFY_PATH, hook, wait_for

# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


@pytest.fixture
def served(app, live_server, simulator):
    """The simulator notifies the served shop."""
    simulator.notify_url = live_server + NOTIFY_PATH
    return live_server


def _paid(client, shop, simulator):
    """A real checkout (2 cups of 5, 1 ring of 2 reserved), settled in the simulator and
    applied through its notification."""
    order, attempt, _ = place(client, shop, simulator)
    midtrans_id = attempt.midtrans_order_id
    assert hook(simulator.base_url, f"pay/{midtrans_id}",
                {"transaction_status": "settlement"}).status_code == 200
    wait_for(lambda: _verdicts(midtrans_id) == ["applied"])
    return order, midtrans_id


def _verdicts(midtrans_id: str) -> list[str]:
    db.session.commit()  # a fresh snapshot: the notifications were handled elsewhere
    return list(db.session.scalars(
        select(PaymentNotification.verdict)
        .where(PaymentNotification.midtrans_order_id == midtrans_id)
        .order_by(PaymentNotification.id)))


def _order(order) -> Order:
    db.session.commit()
    return db.session.get(Order, order.id, populate_existing=True)


def _stock(shop) -> list[int]:
    db.session.commit()
    for product in shop:
        db.session.refresh(product)
    return [product.stock for product in shop]


@pytest.mark.parametrize("transaction_status", ["deny", "chargeback"])
def test_a_reversal_notification_and_its_replay_reverse_the_order_once(
        app, client, shop, simulator, served, transaction_status):
    # given a paid order: its units are reserved
    order, midtrans_id = _paid(client, shop, simulator)
    assert _stock(shop) == [3, 1]

    # when Midtrans takes the payment back and notifies, then notifies again
    assert hook(simulator.base_url, f"pay/{midtrans_id}",
                {"transaction_status": transaction_status, "force": True}).status_code == 200
    wait_for(lambda: len(_verdicts(midtrans_id)) == 2)
    assert hook(simulator.base_url, f"resend/{midtrans_id}").status_code == 202
    wait_for(lambda: len(_verdicts(midtrans_id)) == 3)

    # then the order was reversed once: parcels on hold, units back on sale once
    assert _verdicts(midtrans_id) == ["applied", "reversed", "no_change"]
    reversed_order = _order(order)
    assert reversed_order.status == "payment_reversed" and reversed_order.needs_review
    assert [sub.status for sub in reversed_order.sub_orders] == ["on_hold", "on_hold"]
    assert _stock(shop) == [5, 2]
    assert db.session.scalar(select(func.sum(Refund.amount))) == reversed_order.grand_total
    assert reversed_order.review_reason.count("after payment") == 1


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_reconcile_finishes_a_reversal_midtrans_could_not_confirm_and_runs_twice_safely(
        app, client, shop, simulator, served):
    # given a paid order charged back, whose notification came while the status API was down
    order, midtrans_id = _paid(client, shop, simulator)
    simulator.notify_url = None
    assert hook(simulator.base_url, f"pay/{midtrans_id}",
                {"transaction_status": "chargeback", "force": True}).status_code == 200
    body = requests.get(f"{simulator.base_url}/v2/{midtrans_id}/status",
                        auth=(SIMULATOR_SERVER_KEY, ""), timeout=5).json()
    reachable = app.config["MIDTRANS_SIMULATOR_URL"]
    app.config["MIDTRANS_SIMULATOR_URL"] = _closed_port_url()
    answer = client.post(NOTIFY_PATH, data=json.dumps(body), content_type="application/json")
    app.config["MIDTRANS_SIMULATOR_URL"] = reachable
    assert answer.status_code == 503
    assert _order(order).status == "paid"

    # when the reconcile command runs (from cron), twice
    runner = app.test_cli_runner()
    first = runner.invoke(args=["payments", "reconcile"])
    again = runner.invoke(args=["payments", "reconcile"])

    # then the first run reversed the order and the second found nothing to do
    assert "Reconciled: 1 reversed." in first.output, first.output
    assert "Reconciled: no pending payments." in again.output, again.output
    reversed_order = _order(order)
    assert reversed_order.status == "payment_reversed"
    assert reversed_order.review_reason.count("became chargeback after payment") == 1
    assert _stock(shop) == [5, 2]
    assert db.session.scalar(select(func.count(Refund.id))) == 2
