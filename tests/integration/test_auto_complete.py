"""`flask orders complete-parcels`: parcels shipped AUTO_COMPLETE_DAYS ago are completed,
never one under complaint, and each once even when two runs overlap."""

import contextlib
import threading
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select, update

from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders import complaint_services as complaints
from marketplace.orders.models import SubOrder
from marketplace.orders.receipt import run_auto_complete
from tests.after_sale_helpers import bought, status_of
from tests.clock import frozen_at
from tests.factories import make_group


def _open_complaint(order, sub, at=None):
    # in a request, as in the shop: the emails it queues link to the order pages
    with current_app.test_request_context(), \
            frozen_at(at) if at else contextlib.nullcontext():
        complaints.open_complaint(order, sub, "not_arrived", "Paketnya belum sampai.", [])


def test_parcels_shipped_long_enough_ago_are_completed_and_the_others_wait(app):
    # given parcels shipped 8 and 6 days ago, delivered 5 and 2 days ago, and not shipped
    group = make_group()
    _o, old_shipped = bought(group, shipped_days_ago=8)
    _o, young_shipped = bought(group, shipped_days_ago=6)
    _o, delivered_long_ago = bought(group, delivered_days_ago=8)
    _o, in_window = bought(group, delivered_days_ago=2)
    _o, unshipped = bought(group)
    db.session.commit()

    # when the command runs
    result = app.test_cli_runner().invoke(args=["orders", "complete-parcels"])

    # then only the parcels past their days (and out of their complaint window) completed
    assert result.exit_code == 0, result.output
    assert "Completed 2 parcel(s)." in result.output
    assert status_of(old_shipped) == status_of(delivered_long_ago) == "completed"
    assert status_of(young_shipped) == "shipped"
    assert status_of(in_window) == "delivered"
    assert status_of(unshipped) == "new"
    completed = db.session.get(SubOrder, old_shipped.id)
    assert completed.completed_at is not None and completed.received_at is None


def test_a_parcel_delivered_late_keeps_its_whole_complaint_window(app):
    # given a parcel shipped 9 days ago but delivered only yesterday
    _o, sub = bought(shipped_days_ago=9)
    sub.delivered_at = utcnow() - timedelta(days=1)
    sub.status = "delivered"
    db.session.commit()

    assert run_auto_complete() == 0
    assert status_of(sub) == "delivered"


@pytest.mark.parametrize("app_config", [{"AUTO_COMPLETE_DAYS": 3}])
def test_the_number_of_days_is_configurable(app):
    _o, sub = bought(shipped_days_ago=4)
    db.session.commit()

    assert run_auto_complete() == 1
    assert status_of(sub) == "completed"


def test_a_parcel_with_an_open_complaint_is_skipped_until_it_is_decided(app):
    # given an overdue parcel the buyer complained about in time (it had not arrived)
    order, sub = bought(shipped_days_ago=10)
    db.session.commit()
    begin_write()
    _open_complaint(order, sub, at=utcnow() - timedelta(days=4))
    db.session.commit()

    # when the command runs, it is left alone
    assert run_auto_complete() == 0
    assert status_of(sub) == "shipped"

    # once the association rejects the complaint, the next run completes it
    db.session.commit()  # end the read above
    begin_write()
    complaint = complaints.lock_complaint(complaints.complaints_of_parcel(sub)[0].id)
    with current_app.test_request_context():
        complaints.reject(complaint, "Kurir menyatakan paket sudah diterima.", None)
    db.session.commit()
    assert run_auto_complete() == 1
    assert status_of(sub) == "completed"


def test_running_it_again_does_nothing_more(app):
    _o, sub = bought(shipped_days_ago=8)
    db.session.commit()

    assert run_auto_complete() == 1
    first = db.session.get(SubOrder, sub.id).completed_at
    assert run_auto_complete() == 0
    db.session.expire_all()
    assert db.session.get(SubOrder, sub.id).completed_at == first


def _race(app, actions) -> list:
    """Run each action in a thread of its own, all at once, each with its own app context,
    session and connection; their results (or the errors they raised)."""
    barrier, results, lock = threading.Barrier(len(actions)), [], threading.Lock()

    def run(action):
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                result = action()
            except Exception as error:  # noqa: BLE001 - reported as the test's failure
                db.session.rollback()
                result = error
            finally:
                db.session.remove()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.parametrize("round_no", range(2))
def test_two_runs_at_once_complete_each_parcel_once(app, round_no):
    # given eight overdue parcels
    group = make_group()
    ids = [bought(group, shipped_days_ago=8 + n % 3)[1].id for n in range(8)]
    db.session.commit()

    # when two cron runs start at the same moment
    results = _race(app, [run_auto_complete, run_auto_complete])

    # then together they completed each parcel exactly once
    assert all(isinstance(n, int) for n in results), results
    assert sum(results) == len(ids)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(SubOrder.id)).where(
        SubOrder.id.in_(ids), SubOrder.status == "completed")) == len(ids)


def test_a_complaint_opened_while_the_command_runs_holds_its_parcel(app, clock):
    # given a parcel the group never marked delivered, at the very moment it falls due: the
    # buyer may still complain (until it is completed) and the command may complete it
    order, sub = bought(shipped_days_ago=7)
    clock.now = sub.shipped_at + timedelta(days=7)
    order_id, sub_id = order.id, sub.id
    db.session.commit()

    def complain():
        from marketplace.orders.models import Order

        begin_write()
        order = db.session.get(Order, order_id)
        sub = complaints.lock_parcel(order, sub_id)
        try:
            _open_complaint(order, sub)
        except complaints.ComplaintError:
            db.session.rollback()
            return "refused"
        db.session.commit()
        return "opened"

    results = _race(app, [complain, run_auto_complete])

    # then either the complaint holds the parcel, or the parcel completed and the complaint
    # was refused: never a completed parcel under complaint
    db.session.expire_all()
    status = db.session.get(SubOrder, sub_id).status
    open_ = db.session.scalar(select(complaints.open_complaint_on(sub_id)))
    assert not any(isinstance(r, Exception) for r in results), results
    assert (status == "completed") != bool(open_), (status, results)


def test_the_orders_check_knows_completed_parcels_and_complaints(app):
    # given parcels completed by the command, and one under complaint
    from marketplace.consistency.report import run_check

    _o, done = bought(shipped_days_ago=8)
    order, held = bought(delivered_days_ago=1)
    db.session.commit()
    begin_write()
    _open_complaint(order, held)
    db.session.commit()
    assert run_auto_complete() == 1
    assert _after_sale(run_check(db.engine)) == []  # (factory orders have no stock history)

    # when the parcel under complaint is completed behind the rules' back
    db.session.execute(update(SubOrder).where(SubOrder.id == held.id)
                       .values(status="completed", completed_at=utcnow()))
    db.session.commit()

    # then the check says so
    [finding] = _after_sale(run_check(db.engine))
    assert "while a complaint is open" in finding.message


def _after_sale(report):
    return [f for f in report.findings if f.kind == "after_sale"]
