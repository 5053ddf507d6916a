"""Invoice numbers: issued when an order is paid, sequential per year (in WIB) without gaps,
unique when orders are paid at the same moment, and backfilled in paid-date order."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, text

from marketplace.kernel.dbtx import begin_write, new_write
from marketplace.kernel.extensions import db
from marketplace.orders.invoices import Invoice, InvoiceCounter, backfill_invoices, invoice_of
from tests.factories import make_group, make_order, pay


def _numbers() -> list[str]:
    return list(db.session.scalars(select(Invoice.number).order_by(Invoice.id)))


def _forget_invoices() -> None:
    """As if the orders had been paid before invoices existed."""
    db.session.execute(delete(Invoice))
    db.session.execute(delete(InvoiceCounter))
    db.session.commit()


def test_paying_an_order_issues_its_invoice_numbered_in_the_year_of_payment(app):
    # given three orders paid in 2026 and one at 00:30 WIB on 1 January 2027
    group = make_group()
    moments = [datetime(2026, 3, 1, 3, tzinfo=UTC), datetime(2026, 7, 9, 8, tzinfo=UTC),
               datetime(2026, 12, 31, 16, 59, tzinfo=UTC),
               datetime(2026, 12, 31, 17, 30, tzinfo=UTC)]
    orders = [pay(make_order([(group, 50_000)]), at=moment) for moment in moments]
    db.session.commit()
    # then each has an invoice dated its payment, and the new year starts again at 1
    assert [invoice_of(order).number for order in orders] == [
        "INV/2026/000001", "INV/2026/000002", "INV/2026/000003", "INV/2027/000001"]
    assert invoice_of(orders[1]).issued_at == moments[1]


def test_a_payment_rolled_back_takes_its_number_back(app):
    group = make_group()
    first = make_order([(group, 50_000)])
    second = make_order([(group, 60_000)])
    db.session.commit()
    # when the first payment fails after its number was taken
    pay(first, at=datetime(2026, 4, 1, tzinfo=UTC))
    db.session.rollback()
    # then the next payment gets that number: no gap
    pay(second, at=datetime(2026, 4, 2, tzinfo=UTC))
    db.session.commit()
    assert _numbers() == ["INV/2026/000001"]
    assert invoice_of(second).number == "INV/2026/000001"


def test_orders_paid_before_invoices_existed_are_numbered_in_paid_date_order(app):
    # given orders paid in an order different from their ids, before invoices existed
    group = make_group()
    late = make_order([(group, 50_000)])
    early = make_order([(group, 70_000)])
    unpaid = make_order([(group, 90_000)])
    pay(late, at=datetime(2026, 5, 2, tzinfo=UTC))
    pay(early, at=datetime(2026, 5, 1, tzinfo=UTC))
    db.session.commit()
    _forget_invoices()
    # when the command runs, twice
    runner = app.test_cli_runner()
    first = runner.invoke(args=["invoices", "backfill"])
    again = runner.invoke(args=["invoices", "backfill"])
    # then the earlier payment has the lower number, and nothing is numbered twice
    assert first.exit_code == 0, first.output
    assert "Invoices issued: 2." in first.output
    assert "Invoices issued: 0." in again.output
    db.session.expire_all()
    assert invoice_of(early).number == "INV/2026/000001"
    assert invoice_of(late).number == "INV/2026/000002"
    assert invoice_of(unpaid) is None


def test_backfill_up_to_an_order_numbers_only_those_paid_before_it(app):
    group = make_group()
    orders = [make_order([(group, 50_000)]) for _ in range(3)]
    for day, order in enumerate(orders, start=1):
        pay(order, at=datetime(2026, 6, day, tzinfo=UTC))
    db.session.commit()
    _forget_invoices()
    new_write()
    assert backfill_invoices(up_to=orders[1]) == 2
    db.session.commit()
    assert invoice_of(orders[2]) is None
    assert invoice_of(orders[1]).number == "INV/2026/000002"


# --- two payments at once ------------------------------------------------------------------
PAYERS = 6


def _pay_one(url: str, instance: str, order_id: int, barrier, results) -> None:
    """One payment in its own process: its own app, engine and connection."""
    from marketplace import create_app
    from marketplace.orders import services as orders
    from marketplace.payments.outcomes import mark_order_paid

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                      "INSTANCE_PATH": instance, "TESTING": True})
    with app.app_context():
        if url.startswith("sqlite"):
            db.session.execute(text("PRAGMA busy_timeout=60000"))
        db.session.commit()
        barrier.wait(timeout=60)
        try:
            begin_write()
            mark_order_paid(orders.lock_order(order_id))
            db.session.commit()
            results.put("paid")
        except Exception as error:  # noqa: BLE001 - reported to the parent as a failure
            db.session.rollback()
            results.put(f"error: {error.__class__.__name__}: {error}")
        finally:
            db.session.remove()
            db.engine.dispose()


def test_orders_paid_at_the_same_moment_get_consecutive_unique_numbers(app, tmp_path):
    group = make_group()
    order_ids = [make_order([(group, 40_000 + n)]).id for n in range(PAYERS)]
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()  # nothing inherited across fork

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PAYERS), context.Queue()
    workers = [context.Process(target=_pay_one, args=(url, str(tmp_path), oid, barrier, results))
               for oid in order_ids]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == ["paid"] * PAYERS, outcomes
    sequences = sorted(db.session.scalars(select(Invoice.sequence)))
    assert sequences == list(range(1, PAYERS + 1))
    assert len(set(_numbers())) == PAYERS
    assert db.session.scalar(select(func.count(func.distinct(Invoice.order_id)))) == PAYERS
