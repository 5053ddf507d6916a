"""Migration 0011 gives an existing database the stock history that leads to what it holds:
an opening balance per product and the reservations of the orders still holding units, so
`flask orders check` finds its stock and reservations in order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade

from marketplace import create_app
from marketplace.consistency.report import run_check
from marketplace.kernel.extensions import db
from tests.conftest import _base_config
from tests.migration_helpers import insert_row

BEFORE = "0012_mail_outbox"
REVISION = "0013_stock_movements"
STOCK_KINDS = {"stock_history", "stock_orders", "reservation"}
RELEASED = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def _order(conn, number: str, status: str, parcels, released=None) -> int:
    """An order of `parcels`: (group, sub-order status, [(product, quantity)], released)."""
    order = insert_row(conn, "orders", number=number, checkout_key=number, status=status,
                    goods_amount=1, shipping_amount=0, grand_total=1,
                    stock_released_at=released)
    for group, sub_status, lines, sub_released in parcels:
        sub = insert_row(conn, "sub_orders", order_id=order, group_id=group, status=sub_status,
                      goods_amount=1, shipping_amount=0, commission_amount=0,
                      stock_released_at=sub_released)
        for product, quantity in lines:
            insert_row(conn, "order_lines", sub_order_id=sub, product_id=product,
                    quantity=quantity, unit_price=1)
    return order


def test_upgrade_opens_each_product_with_its_stock_plus_what_orders_hold(
        empty_database, tmp_path):
    app = create_app(_base_config(empty_database, str(tmp_path)))
    with app.app_context():
        # given a shop at 0012: a vase with 5 in stock, a plate with none
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            sentra = insert_row(conn, "sentra", slug="s")
            group = insert_row(conn, "producer_groups", sentra_id=sentra, slug="g",
                            status="approved")
            category = insert_row(conn, "categories", slug="c")
            vase, plate, bowl = (
                insert_row(conn, "products", group_id=group, category_id=category, sku=sku,
                        slug=sku, status="active", stock=stock)
                for sku, stock in (("VAS", 5), ("PIR", 0), ("MAN", 0)))
            # a pending order holds 2 vases; a paid one sold 1 vase (delivered) and gave a
            # plate back (its group cancelled that parcel); an expired one gave 3 back
            _order(conn, "PS-1", "pending_payment", [(group, "awaiting_payment", [(vase, 2)],
                                                      None)])
            _order(conn, "PS-2", "paid", [(group, "delivered", [(vase, 1)], None),
                                          (group, "cancelled_by_group", [(plate, 1)],
                                           RELEASED)])
            _order(conn, "PS-3", "expired", [(group, "cancelled", [(vase, 3)], RELEASED)],
                   released=RELEASED)
            # and one revived after expiring, before reviving reset its parcel's mark: its
            # plate is out, but the parcel says released
            _order(conn, "PS-4", "paid", [(group, "new", [(plate, 1)], RELEASED)])

        # when the database is upgraded
        upgrade(revision=REVISION)

        with db.engine.begin() as conn:
            movements = conn.exec_driver_sql(
                "SELECT p.sku, m.reason, m.delta, o.number FROM stock_movements m "
                "JOIN products p ON p.id = m.product_id "
                "LEFT JOIN orders o ON o.id = m.order_id ORDER BY m.id").all()
            released_marks = conn.exec_driver_sql(
                "SELECT o.number, s.stock_released_at IS NOT NULL FROM sub_orders s "
                "JOIN orders o ON o.id = s.order_id ORDER BY s.id").all()
        # then each product opens with its stock plus the units orders hold (5 + 2 + 1
        # vases, 0 + 1 plate), those orders reserve them, and the bowl has no history
        assert [tuple(m) for m in movements] == [
            ("VAS", "opening", 8, None), ("PIR", "opening", 1, None),
            ("VAS", "reserve", -2, "PS-1"), ("VAS", "reserve", -1, "PS-2"),
            ("PIR", "reserve", -1, "PS-4")]
        # and the revived order's parcel can give its plate back again
        assert [tuple(r) for r in released_marks] == [
            ("PS-1", False), ("PS-2", False), ("PS-2", True), ("PS-3", True), ("PS-4", False)]
        # so the check (today's, on today's schema) finds the stock and every reservation
        # in order
        upgrade()
        report = run_check(db.engine)
        assert not [f for f in report.findings if f.kind in STOCK_KINDS], report.as_text()
        # and the history is append-only from the start
        for statement in ("UPDATE stock_movements SET delta = 1", "DELETE FROM stock_movements"):
            with db.engine.connect() as conn, pytest.raises(Exception, match="immutable"):
                conn.exec_driver_sql(statement)

        downgrade(revision=BEFORE)
        db.session.remove()
        db.engine.dispose()
