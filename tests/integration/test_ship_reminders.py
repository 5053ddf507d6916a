"""`flask orders remind-unshipped`: a paid parcel left unshipped reminds its group's members
once each, in their language, however often (and however concurrently) cron runs it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from marketplace.kernel.extensions import db
from marketplace.orders import notices, reminders
from marketplace.orders.status import SUB_ORDER_TRANSITIONS, SubOrderStatus, transition
from tests.notice_helpers import SHOP, bilingual_group, hours_ago, outbox, paid_order, to


@pytest.fixture
def app_config():
    return {"SHOP_URL": SHOP}


def overdue_and_not(group):
    """Parcels paid 49 h ago (one new, one being packed, one shipped) and one paid 47 h
    ago; returns (the two the group must be reminded of, the other two)."""
    new, packing, shipped = (paid_order(group, at=hours_ago(49)) for _ in range(3))
    recent = paid_order(group, at=hours_ago(47))
    transition(packing.sub_orders[0], SUB_ORDER_TRANSITIONS, SubOrderStatus.PROCESSING)
    for status in (SubOrderStatus.PROCESSING, SubOrderStatus.SHIPPED):
        transition(shipped.sub_orders[0], SUB_ORDER_TRANSITIONS, status)
    db.session.commit()
    return [new.sub_orders[0], packing.sub_orders[0]], [shipped.sub_orders[0],
                                                        recent.sub_orders[0]]


def run_command(app) -> str:
    result = app.test_cli_runner().invoke(args=["orders", "remind-unshipped"])
    assert result.exit_code == 0, result.output
    return result.output


def test_remind_unshipped_reminds_each_member_once_about_each_late_parcel(app):
    # given two parcels unshipped 49 hours after payment, one shipped, one paid 47 hours ago
    group, sri, wati = bilingual_group()
    due, not_due = overdue_and_not(group)
    # when cron runs the command twice
    first, second = run_command(app), run_command(app)
    # then each member was reminded once about each late parcel, and never about the others
    assert "4 email(s) for 2 parcel(s)" in first
    assert "0 email(s) for 0 parcel(s); 2 parcel(s) reminded before" in second
    db.session.commit()
    rows = outbox("ship_reminder")
    assert sorted((row.recipient, row.idempotency_key) for row in rows) == sorted(
        (user.email, f"ship-reminder:sub:{sub.id}:user:{user.id}")
        for sub in due for user in (sri, wati))
    # in each member's language, with the studio page and the buyer's WhatsApp
    assert to(rows[:2], sri.email).body.startswith("Hello Sri,")
    assert to(rows[:2], wati.email).body.startswith("Halo Wati,")
    for row in rows:
        assert f"{SHOP}/studio/{group.slug}/pesanan/" in row.body
        assert "https://wa.me/6281298765432?text=" in row.body
    # and the mail goes out once: four files, not eight
    delivered = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert "4 sent" in delivered.output, delivered.output
    assert len(list((Path(app.instance_path) / "outbox").glob("*.eml"))) == 4


def test_remind_unshipped_waits_for_the_configured_hours(app):
    # given a parcel paid 49 hours ago, and a shop that allows 72 hours to ship
    group, _, _ = bilingual_group()
    paid_order(group, at=hours_ago(49))
    db.session.commit()
    app.config["SHIP_REMINDER_HOURS"] = 72.0
    # when the command runs, then no one is reminded yet
    assert "0 email(s) for 0 parcel(s)" in run_command(app)
    # when the shop allows 48 hours, the group is reminded
    app.config["SHIP_REMINDER_HOURS"] = 48.0
    assert "2 email(s) for 1 parcel(s)" in run_command(app)


def test_two_runs_at_once_remind_each_member_once(app, monkeypatch):
    # given five late parcels and two cron runs started together, each with its own
    # connection, both having read the same late parcels before either writes
    group, sri, wati = bilingual_group()
    late = [paid_order(group, at=hours_ago(50)) for _ in range(5)]
    db.session.commit()
    barrier, results, errors = threading.Barrier(2), [], []
    real_end_read = reminders.end_read

    def end_read_then_wait():
        real_end_read()
        barrier.wait(timeout=30)

    monkeypatch.setattr(reminders, "end_read", end_read_then_wait)

    def cron_run():
        try:
            with app.app_context(), app.test_request_context("/", base_url=SHOP):
                results.append(reminders.remind_unshipped())
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    # when both run
    threads = [threading.Thread(target=cron_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # then every member was reminded of every parcel exactly once between them
    assert errors == []
    assert sum(result["emails"] for result in results) == 10
    db.session.commit()
    keys = sorted(row.idempotency_key for row in outbox("ship_reminder"))
    assert keys == sorted(f"ship-reminder:sub:{order.sub_orders[0].id}:user:{user.id}"
                          for order in late for user in (sri, wati))


def test_a_second_insert_of_a_reminder_is_a_no_op(app, monkeypatch):
    # given a late parcel already reminded, and a run that did not see it (its look-up of
    # sent reminders raced the first run's commit)
    group, _, _ = bilingual_group()
    sub = paid_order(group, at=hours_ago(50)).sub_orders[0]
    with app.test_request_context("/", base_url=SHOP):
        assert notices.queue_ship_reminders(sub, 48) == 2
        db.session.commit()
        monkeypatch.setattr(notices, "_queued", lambda keys: set())
        # when it reminds again, then the outbox keys make the inserts no-ops
        assert notices.queue_ship_reminders(sub, 48) == 0
    db.session.commit()
    assert len(outbox("ship_reminder")) == 2
