"""Migration 0010_payment_reversal keeps every row and only widens three status checks.

test_migrations compares columns, not CHECK constraints, and runs on an empty database; on
SQLite this migration rebuilds tables other rows point at, so it is tried with data.
"""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from marketplace import create_app
from marketplace.kernel.extensions import db
from tests.conftest import _base_config
from tests.migration_helpers import insert_row

REVISION = "0010_payment_reversal"
TABLES = ("sentra", "producer_groups", "orders", "sub_orders", "payment_attempts",
          "refunds", "commission_entries")


def _counts(conn) -> dict[str, int]:
    return {name: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {name}").scalar()  # noqa: S608
            for name in TABLES}


def _refused(conn, sql: str) -> bool:
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(sql)
    except IntegrityError:
        return True
    return False


def test_upgrade_keeps_every_row_and_accepts_the_new_statuses_only(empty_database,
                                                                    tmp_path):
    app = create_app(_base_config(empty_database, str(tmp_path)))
    with app.app_context():
        # given a paid order with a parcel, a payment, a refund and a ledger entry at 0005
        upgrade(revision="0005")
        with db.engine.begin() as conn:
            sentra = insert_row(conn, "sentra", slug="s")
            group = insert_row(conn, "producer_groups", sentra_id=sentra, slug="g",
                            status="approved")
            order = insert_row(conn, "orders", number="PS-2026-000001", checkout_key="k",
                            status="paid", goods_amount=100_000, shipping_amount=15_000,
                            grand_total=115_000)
            sub = insert_row(conn, "sub_orders", order_id=order, group_id=group, status="new",
                          goods_amount=100_000, shipping_amount=15_000, commission_amount=0)
            insert_row(conn, "payment_attempts", order_id=order, midtrans_order_id="PS-1-1")
            insert_row(conn, "refunds", order_id=order, sub_order_id=sub, group_id=group,
                    amount=10_000, goods_amount=10_000, shipping_amount=0, method="midtrans",
                    state="succeeded", refund_key="PS-1-R1", clawback_amount=0)
            insert_row(conn, "commission_entries", sub_order_id=sub, group_id=group,
                    kind="accrual", base_amount=100_000, rate_bp=1000, amount=10_000,
                    idempotency_key="accrual:1")
            before = _counts(conn)

        # when the database is upgraded
        upgrade(revision=REVISION)

        # then every row is still there, still joined up, and only the new values pass
        with db.engine.begin() as conn:
            assert _counts(conn) == before
            assert conn.exec_driver_sql(
                "SELECT o.status, s.status, r.method FROM orders o JOIN sub_orders s "
                "ON s.order_id = o.id JOIN refunds r ON r.sub_order_id = s.id").one() == (
                "paid", "new", "midtrans")
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            conn.exec_driver_sql("UPDATE orders SET status = 'payment_reversed'")
            conn.exec_driver_sql("UPDATE sub_orders SET status = 'on_hold'")
            conn.exec_driver_sql("UPDATE refunds SET method = 'reversal'")
            assert _refused(conn, "UPDATE orders SET status = 'lost'")
            assert _refused(conn, "UPDATE sub_orders SET status = 'lost'")
            assert _refused(conn, "UPDATE refunds SET method = 'cash'")
            assert _refused(conn, "UPDATE orders SET grand_total = 1")  # older checks stay
            assert _refused(conn, "UPDATE sub_orders SET order_id = 999")  # and foreign keys

        # and a downgrade refuses while rows use the new values (flask-migrate exits 1)
        with pytest.raises(SystemExit):
            downgrade(revision="0005")
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE orders SET status = 'paid'")
            conn.exec_driver_sql("UPDATE sub_orders SET status = 'new'")
            conn.exec_driver_sql("UPDATE refunds SET method = 'midtrans'")
        downgrade(revision="0005")
        with db.engine.begin() as conn:
            assert _counts(conn) == before
            assert _refused(conn, "UPDATE orders SET status = 'payment_reversed'")
        db.session.remove()
        db.engine.dispose()
