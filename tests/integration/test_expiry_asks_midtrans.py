"""Expiry asks Midtrans first, reconcile looks back at closed orders, and an order nobody can
pay expires sooner (issue 11.2 and 11.6). Faults are injected through the simulator: lost
notifications (`notify: False`), a pending transfer at expiry, the simulator stopped."""

from __future__ import annotations

import multiprocessing
import re
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from marketplace.catalog.models import Product
from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.ledger.models import CommissionEntry
from marketplace.orders import services as orders
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from marketplace.orders.status import OrderStatus
from marketplace.payments.start import start_payment
from tests.factories import make_group, make_order
from tests.simulator_helpers import hook

# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


def _order(at=None) -> Order:
    """A pending order holding one reserved unit (make_order itself reserves nothing)."""
    order = make_order([(make_group(), 100_000)], at=at)
    _product(order).stock -= 1
    db.session.commit()
    return order


def _started(app, at=None) -> tuple[Order, str]:
    """A pending order sent to the simulator's Snap page; (order, Midtrans order id)."""
    order = _order(at)
    with app.test_request_context("/"):
        attempt = start_payment(order)
    return order, attempt.midtrans_order_id


def _product(order) -> Product:
    return db.session.get(Product, order.sub_orders[0].lines[0].product_id)


def _overdue(order) -> None:
    order.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


def _pay_at_simulator(simulator, midtrans_id: str, status: str = "settlement") -> None:
    """The buyer pays (or picks a transfer) and the notification is lost."""
    response = hook(simulator.base_url, f"pay/{midtrans_id}",
                    {"transaction_status": status, "notify": False})
    assert response.status_code == 200, response.text


def _at_simulator(simulator, midtrans_id: str) -> str:
    return requests.get(f"{simulator.base_url}/v2/{midtrans_id}/status",
                        auth=(SIMULATOR_SERVER_KEY, ""), timeout=5).json()["transaction_status"]


def _fresh(order) -> Order:
    db.session.commit()  # a new snapshot: the command wrote through its own transactions
    return db.session.get(Order, order.id, populate_existing=True)


def _expire(app) -> str:
    result = app.test_cli_runner().invoke(args=["orders", "expire"])
    assert result.exit_code == 0, result.output
    return result.output


def test_expire_marks_paid_an_overdue_order_whose_settlement_notification_was_lost(
        app, simulator):
    # given an overdue order the buyer paid, whose settlement notification was lost
    order, midtrans_id = _started(app)
    _pay_at_simulator(simulator, midtrans_id)
    _overdue(order)
    # when the expiry job runs before reconcile does
    output = _expire(app)
    # then the order is paid, not expired, and its unit stays sold
    assert "Expired 0 order(s)." in output and "1 paid after all" in output, output
    order = _fresh(order)
    assert order.status == OrderStatus.PAID and order.stock_released_at is None
    assert _product(order).stock == 4


def test_expire_ends_a_pending_transfer_at_midtrans_before_expiring_the_order(app, simulator):
    # given an overdue order whose buyer chose a bank transfer and never paid it
    order, midtrans_id = _started(app)
    _pay_at_simulator(simulator, midtrans_id, "pending")
    _overdue(order)
    # when the expiry job runs
    output = _expire(app)
    # then Midtrans no longer takes that transfer, and the order expired with its unit back
    assert "Expired 1 order(s)." in output, output
    assert _at_simulator(simulator, midtrans_id) == "expire"
    order = _fresh(order)
    assert order.status == OrderStatus.EXPIRED and _product(order).stock == 5


def test_expire_leaves_orders_for_the_next_run_while_midtrans_is_unreachable(app, simulator):
    # given an overdue order with a Snap page, and Midtrans (the simulator) down
    order, _ = _started(app)
    _overdue(order)
    simulator.stop()
    # when the expiry job runs
    output = _expire(app)
    # then nothing is expired blind, and the command says why
    assert "Expired 0 order(s)." in output, output
    assert "1 left for the next run: Midtrans could not be reached" in output, output
    order = _fresh(order)
    assert order.status == OrderStatus.PENDING_PAYMENT and _product(order).stock == 4


def test_reconcile_flags_a_late_settlement_on_an_order_expired_two_days_ago(app, simulator):
    # given an order expired two days ago and another ten days ago (past the lookback),
    # each paid at Midtrans afterwards with the notification lost
    late, late_id = _started(app)
    old, old_id = _started(app)
    for order, days in ((late, 2), (old, 10)):
        orders.close_unpaid(order, OrderStatus.EXPIRED)
        order.closed_at = utcnow() - timedelta(days=days)
    db.session.commit()
    _pay_at_simulator(simulator, late_id)
    _pay_at_simulator(simulator, old_id)
    # when reconcile runs
    result = app.test_cli_runner().invoke(args=["payments", "reconcile"])
    # then the late settlement inside the lookback is found and flagged for an admin
    assert "1 flagged" in result.output, result.output
    late, old = _fresh(late), _fresh(old)
    assert late.needs_review and "settled after the order was expired" in late.review_reason
    assert late.status == OrderStatus.EXPIRED  # an admin re-reserves the stock or refunds
    assert not old.needs_review


def test_expire_ends_orders_nobody_can_pay_an_hour_after_they_were_placed(app):
    # given orders placed 2 hours and 61 minutes ago with no payment page (none asked for,
    # or Snap failed), one 30 minutes old whose Snap failed, and one with a live Snap page
    now = utcnow()
    never_started = _order(at=now - timedelta(hours=2))
    snap_failed = _order(at=now - timedelta(minutes=61))
    recent = _order(at=now - timedelta(minutes=30))
    live = _order(at=now - timedelta(hours=2))
    for order, state in ((snap_failed, "failed"), (recent, "failed"), (live, "redirected")):
        db.session.add(PaymentAttempt(order_id=order.id, attempt_no=1, state=state,
                                      midtrans_order_id=f"{order.number}-1",
                                      gross_amount=order.grand_total))
    db.session.commit()
    # when the expiry job runs
    output = _expire(app)
    # then the first two expire and give their units back; the others keep theirs
    assert "Expired 2 order(s)." in output, output
    expected = {never_started: "expired", snap_failed: "expired",
                recent: "pending_payment", live: "pending_payment"}
    for order, status in expected.items():
        order = _fresh(order)
        assert order.status == status
        assert _product(order).stock == (5 if status == "expired" else 4)


# --- the cron commands run twice at once -------------------------------------------
def _run_command(url: str, instance: str, simulator_url: str, args: list[str], barrier,
                 results) -> None:
    """One cron run in its own process: its own app, engine and connections."""
    from marketplace import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True,
                      "INSTANCE_PATH": instance, "MIDTRANS_SIMULATOR_URL": simulator_url})
    barrier.wait(timeout=60)
    result = app.test_cli_runner().invoke(args=args)
    results.put((" ".join(args), result.exit_code, result.output + repr(result.exception)))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_reconcile_and_expire_each_run_twice_at_once_do_everything_once(app, simulator):
    # given an overdue order paid with its notification lost, an overdue transfer never
    # made, an overdue Snap page never used, a current order paid with its notification
    # lost, and a payment start that died long ago
    paid_overdue, paid_overdue_id = _started(app)
    transfer, transfer_id = _started(app)
    unused, _ = _started(app)
    paid_current, paid_current_id = _started(app)
    _pay_at_simulator(simulator, paid_overdue_id)
    _pay_at_simulator(simulator, transfer_id, "pending")
    _pay_at_simulator(simulator, paid_current_id)
    for order in (paid_overdue, transfer, unused):
        _overdue(order)
    stuck = _order()
    db.session.add(PaymentAttempt(order_id=stuck.id, attempt_no=1, gross_amount=100_000,
                                  midtrans_order_id=f"{stuck.number}-1", state="created",
                                  created_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    ids = [order.id for order in (paid_overdue, transfer, unused, paid_current, stuck)]
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()  # nothing inherited across fork
    # when `flask payments reconcile` and `flask orders expire` each run twice, all at once
    commands = [["payments", "reconcile"], ["orders", "expire"]] * 2
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(commands)), context.Queue()
    runs = [context.Process(target=_run_command, args=(url, app.instance_path,
                                                       simulator.base_url, args, barrier,
                                                       results))
            for args in commands]
    for run in runs:
        run.start()
    outputs = [results.get(timeout=120) for _ in runs]
    for run in runs:
        run.join(timeout=60)
    # then every run succeeded and each thing was done exactly once
    assert all(code == 0 for _, code, _ in outputs), outputs
    expired = sum(int(n) for _, _, text in outputs for n in re.findall(r"Expired (\d+)", text))
    assert expired <= 2, outputs  # transfer and unused; reconcile may have closed one first
    found = [db.session.get(Order, order_id) for order_id in ids]
    assert [order.status for order in found] == ["paid", "expired", "expired", "paid",
                                                 "pending_payment"], outputs
    assert [_product(order).stock for order in found] == [4, 5, 5, 4, 4]
    accruals = db.session.scalar(select(func.count(CommissionEntry.id)))
    assert accruals == 2  # one commission accrual per paid order
    assert len(list((Path(app.instance_path) / "outbox").glob("*.eml"))) == 2  # 2 receipts
    assert db.session.scalar(select(PaymentAttempt.state)
                             .where(PaymentAttempt.order_id == ids[-1])) == "failed"
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 5  # none made anew
