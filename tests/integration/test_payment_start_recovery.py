"""A payment start that dies between Snap and saving the link leaves nothing stuck (issue 11.1).

The faults are real: a worker process killed by SIGKILL right after Snap answered, and the
request's database connection terminated by PostgreSQL before the link is written. Both
on PostgreSQL, where the shop runs with several gunicorn workers.
"""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.pool import NullPool

from marketplace.kernel.extensions import db
from marketplace.orders.access import order_token
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from tests.factories import make_group, make_order
from tests.helpers import post_form


@pytest.fixture(params=["postgresql"])
def backend(request) -> str:
    return request.param


# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


def _pending_order() -> Order:
    order = make_order([(make_group(), 100_000)])
    db.session.commit()
    return order


def _start_then_die(url: str, instance: str, simulator_url: str, order_id: int) -> None:
    """A worker in its own process: it starts the payment and is killed once Snap answered."""
    from marketplace import create_app
    from marketplace.gateways import midtrans
    from marketplace.orders.models import Order
    from marketplace.payments.start import start_payment

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True,
                      "INSTANCE_PATH": instance, "MIDTRANS_SIMULATOR_URL": simulator_url})
    create_snap = midtrans.Gateway.create_snap

    def answered_then_killed(self, params):
        create_snap(self, params)
        os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no rollback: as the OOM killer does

    midtrans.Gateway.create_snap = answered_then_killed
    with app.test_request_context("/"):
        start_payment(db.session.get(Order, order_id))


def _killed_after_snap(app, order: Order) -> tuple[Order, PaymentAttempt]:
    """Start the order's payment in a worker that dies; (the order again, its stuck attempt)."""
    url, order_id = app.config["SQLALCHEMY_DATABASE_URI"], order.id
    db.session.remove()
    db.engine.dispose()  # nothing inherited across fork
    child = multiprocessing.get_context("fork").Process(
        target=_start_then_die,
        args=(url, app.instance_path, app.config["MIDTRANS_SIMULATOR_URL"], order_id))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    attempt = db.session.scalar(select(PaymentAttempt))
    assert (attempt.state, attempt.redirect_url) == ("created", "")  # the stuck attempt
    return db.session.get(Order, order_id), attempt


def _later(clock, app, seconds: float) -> None:
    """Move the clock past the stale-start bound (plus `seconds`)."""
    clock.advance(seconds=app.config["PAYMENT_START_STALE_SECONDS"] + seconds)


def _press_pay(client, order):
    """The buyer presses "Pay now" on the order page (opened through the emailed link)."""
    query = f"?t={order_token(order)}"
    return post_form(client, f"/pesanan/{order.number}/bayar{query}", {},
                     form_url=f"/pesanan/{order.number}{query}")


def test_a_payment_start_killed_after_snap_answered_gets_a_fresh_snap_page_on_pay(
        app, client, simulator, clock):
    # given a worker killed after Snap answered, before it saved the payment link
    order = _pending_order()
    order, stuck = _killed_after_snap(app, order)
    # when the buyer presses Pay at once, the start may still be running elsewhere
    assert _press_pay(client, order).headers["Location"].startswith(f"/pesanan/{order.number}")
    # when the buyer presses Pay again once the bound has passed
    _later(clock, app, 1)
    response = _press_pay(client, order)
    # then they reach a fresh Snap page, and the stuck attempt is given up
    assert response.headers["Location"].startswith(simulator.base_url)
    db.session.commit()
    attempts = db.session.scalars(select(PaymentAttempt).order_by(PaymentAttempt.id)).all()
    assert [(a.midtrans_order_id, a.state) for a in attempts] == [
        (stuck.midtrans_order_id, "failed"), (f"{order.number}-2", "redirected")]
    assert attempts[1].redirect_url in response.headers["Location"]


def test_reconcile_gives_up_a_payment_start_killed_after_snap_answered(app, simulator,
                                                                       clock):
    # given a worker killed after Snap answered, before it saved the payment link
    order = _pending_order()
    order, stuck = _killed_after_snap(app, order)
    runner = app.test_cli_runner()
    # when reconcile runs before the bound, the start is taken for one still running
    runner.invoke(args=["payments", "reconcile"])
    assert db.session.get(PaymentAttempt, stuck.id, populate_existing=True).state == "created"
    # when reconcile runs once the bound has passed
    _later(clock, app, 1)
    result = runner.invoke(args=["payments", "reconcile"])
    # then it asked Midtrans (no payment was made with it) and marked the attempt failed
    assert "1 abandoned" in result.output, result.output
    db.session.commit()
    attempt = db.session.get(PaymentAttempt, stuck.id, populate_existing=True)
    assert attempt.state == "failed" and "did not finish" in attempt.error


def test_a_database_connection_dropped_before_the_link_is_saved_leaves_no_stuck_attempt(
        app, client, simulator):
    # given a pending order, and PostgreSQL terminating the request's connection (a restart,
    # a failover, an admin) after Snap answered, just as the link is being saved
    order = _pending_order()
    killer = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool,
                           isolation_level="AUTOCOMMIT")
    terminated = []

    def terminate_first_link_write(conn, cursor, statement, *args):
        if terminated or not (statement.startswith("UPDATE payment_attempts")
                              and "redirect_url" in statement):
            return
        with killer.connect() as other:  # waits until the backend is gone
            terminated.append(other.execute(text("SELECT pg_terminate_backend(:pid, 5000)"),
                                            {"pid": cursor.connection.info.backend_pid}))

    event.listen(db.engine, "before_cursor_execute", terminate_first_link_write)
    try:
        # when the buyer presses Pay
        response = _press_pay(client, order)
    finally:
        event.remove(db.engine, "before_cursor_execute", terminate_first_link_write)
        killer.dispose()
    # then the connection was cut, and still the buyer reaches Snap with a saved link
    assert terminated
    assert response.status_code == 302
    assert response.headers["Location"].startswith(simulator.base_url)
    db.session.commit()
    attempt = db.session.scalar(select(PaymentAttempt))
    assert attempt.state == "redirected" and attempt.redirect_url == response.headers["Location"]
