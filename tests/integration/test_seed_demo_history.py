"""The demo history: months of paid, delivered, refunded and paid-out orders, seeded once."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from marketplace.catalog.models import ProducerGroup, Product
from marketplace.consistency.report import run_check
from marketplace.demo import seed_demo, seed_history
from marketplace.demo.history import CHECKOUT_KEY_PREFIX
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import JAKARTA, jakarta_date
from marketplace.ledger import commission
from marketplace.ledger.entries import all_rules
from marketplace.ledger.models import CommissionEntry, CommissionRule, Payout, Refund
from marketplace.ledger.reports import Period, figures_by_group
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order, SubOrder

TABLES = (Order, SubOrder, CommissionEntry, CommissionRule, Refund, Payout, PaymentAttempt)


def _counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in TABLES}


def _sum(sql: str) -> int:
    return int(db.session.execute(text(sql)).scalar() or 0)


def _stock() -> dict[int, int]:
    return dict(db.session.execute(select(Product.id, Product.stock)).all())


@pytest.fixture
def catalogue(app):
    seed_demo(with_images=False)
    db.session.commit()
    return app


def test_seed_history_fills_months_of_trade_once(catalogue, caplog):
    now = datetime(2026, 5, 20, 4, 30, tzinfo=UTC)
    stock = _stock()

    created = seed_history(now=now)
    db.session.commit()

    assert created["orders"] >= 60 and created["refunds"] >= 3 and created["payouts"] >= 5
    months = {o.created_at.astimezone(JAKARTA).replace(day=1).date() for o in db.session.scalars(
        select(Order).where(Order.checkout_key.like(f"{CHECKOUT_KEY_PREFIX}%")))}
    assert len(months) >= 4
    statuses = set(db.session.scalars(select(Order.status)))
    assert {"paid", "expired", "cancelled"} <= statuses
    sub_statuses = set(db.session.scalars(select(SubOrder.status)))
    assert {"delivered", "cancelled_by_group"} <= sub_statuses
    assert sub_statuses & {"new", "processing", "shipped"}  # recent orders on their way
    assert "completed" in sub_statuses  # received by the buyer, or completed by the command
    assert _sum("SELECT COUNT(*) FROM sub_orders WHERE received_at IS NOT NULL") >= 1
    _assert_two_complaints(now)
    assert _sum("SELECT COUNT(*) FROM payouts WHERE status = 'paid' AND bank_reference <> ''") >= 1
    assert _sum("SELECT COUNT(*) FROM payouts WHERE status = 'draft'") == 1
    assert _sum("SELECT COUNT(*) FROM commission_entries WHERE kind = 'reversal'") >= 1
    assert _sum("SELECT COUNT(*) FROM refunds WHERE method = 'bank_transfer' "
                "AND bank_reference LIKE 'BCA %'") == _sum("SELECT COUNT(*) FROM refunds")
    assert _sum("SELECT COUNT(*) FROM refunds WHERE shipping_amount = 0") >= 1  # a partial
    assert _sum("SELECT COUNT(*) FROM refunds WHERE clawback_amount > 0") >= 1
    assert _stock() == stock  # the history reserves and releases nothing
    assert not [r.message for r in caplog.records if "demo history" in r.message]

    before = _counts()
    assert seed_history(now=now + timedelta(days=3)) == {}
    db.session.commit()
    assert _counts() == before


def test_seed_history_money_adds_up_and_rates_follow_the_rules(catalogue):
    now = datetime(2026, 5, 20, 4, 30, tzinfo=UTC)
    seed_history(now=now)
    db.session.commit()

    gross = _sum("SELECT SUM(grand_total) FROM orders WHERE paid_at IS NOT NULL")
    net_to_groups = _sum("""
        SELECT SUM(s.goods_amount + s.shipping_amount
                   - (SELECT COALESCE(SUM(e.amount), 0) FROM commission_entries e
                       WHERE e.sub_order_id = s.id)
                   - (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r
                       WHERE r.sub_order_id = s.id AND r.state = 'succeeded'))
          FROM sub_orders s JOIN orders o ON o.id = s.order_id
         WHERE o.paid_at IS NOT NULL""")
    commission_net = _sum("SELECT SUM(amount) FROM commission_entries")
    refunded = _sum("SELECT SUM(amount) FROM refunds WHERE state = 'succeeded'")
    assert net_to_groups + commission_net == gross - refunded
    assert _sum("SELECT COUNT(*) FROM commission_entries WHERE kind = 'accrual' "
                "AND amount < 0") == 0
    assert _sum("SELECT COUNT(*) FROM payouts p WHERE p.amount <> (SELECT SUM(l.net_amount) "
                "FROM payout_lines l WHERE l.payout_id = p.id)") == 0

    rules = all_rules()
    sentra_of = dict(db.session.execute(
        select(ProducerGroup.id, ProducerGroup.sentra_id)).all())
    paid = db.session.execute(
        select(SubOrder.group_id, SubOrder.commission_rate_bp, Order.paid_at)
        .join(Order, Order.id == SubOrder.order_id).where(Order.paid_at.is_not(None))).all()
    assert len({rate for _g, rate, _p in paid}) >= 3  # default, sentra and group rates
    for group_id, rate_bp, paid_at in paid:
        rule = commission.rate_in_force(rules, group_id, sentra_of[group_id],
                                        jakarta_date(paid_at))
        assert rule is not None and rate_bp == rule.rate_bp

    period = Period(jakarta_date(now) - timedelta(days=200), jakarta_date(now))
    figures = figures_by_group(period)
    for f in figures.values():
        assert f.gross_sales + f.shipping - f.commission_net - f.refunds == (
            f.owed_to_groups + f.owed_to_buyers + f.paid_out)
    sentra_with_sales = {sentra_of[gid] for gid, f in figures.items() if f.gross_sales > 0}
    assert len(sentra_with_sales) >= 4
    assert sum(f.paid_out for f in figures.values()) > 0
    assert sum(f.owed_to_groups for f in figures.values()) > 0  # delivered, not paid out yet
    # and the operator's consistency check (`flask orders check`) finds nothing
    report = run_check(db.engine)
    assert report.findings == [], report.as_text()


def _fingerprint() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(text(
        "SELECT o.checkout_key, o.status, o.grand_total, s.group_id, s.status,"
        " s.commission_amount FROM orders o JOIN sub_orders s ON s.order_id = o.id"
        " ORDER BY o.checkout_key, s.group_id")).all()]


def test_seed_history_works_whatever_the_day_and_is_deterministic(catalogue, caplog):
    prints = {}
    for now in (datetime(2026, 3, 31, 16, 59, tzinfo=UTC),  # the last minute of a WIB month
                datetime(2026, 7, 6, 3, 0, tzinfo=UTC),  # the morning payouts are made
                datetime(2026, 3, 5, 17, 0, tzinfo=UTC),  # the first minute of a WIB day
                datetime(2026, 3, 31, 16, 59, tzinfo=UTC)):  # the first day again
        savepoint = db.session.begin_nested()  # rolled back: each day starts from scratch
        try:
            created = seed_history(now=now)

            assert created["orders"] >= 60, now
            assert _sum("SELECT COUNT(*) FROM payouts WHERE status = 'draft'") == 1, now
            assert _sum("SELECT COUNT(*) FROM payouts WHERE status = 'paid'") >= 1, now
            assert _sum("SELECT COUNT(*) FROM refunds") >= 3, now
            _assert_two_complaints(now)
            latest = db.session.scalar(select(func.max(CommissionEntry.created_at)))
            assert latest <= now
            fingerprint = _fingerprint()
            assert prints.setdefault(now, fingerprint) == fingerprint  # same day, same data
        finally:
            savepoint.rollback()
            # and forgets every object of that day: one not yet garbage-collected would
            # share its id with the next day's row of the same table (SQLite reuses ids)
            db.session.expunge_all()
    assert not [r.message for r in caplog.records if "demo history" in r.message]


def _assert_two_complaints(now) -> None:
    """One complaint waits for the association, one was refunded in part (DOMAIN.md): the
    waiting one's parcel is neither completed nor in a payout."""
    assert _sum("SELECT COUNT(*) FROM complaints WHERE status IN ('open', 'answered')") == 1, now
    assert _sum("SELECT COUNT(*) FROM complaints WHERE status = 'refunded_partly' "
                "AND refund_id IS NOT NULL") == 1, now
    assert _sum("""SELECT COUNT(*) FROM complaints c JOIN sub_orders s ON s.id = c.sub_order_id
                    WHERE c.status IN ('open', 'answered') AND (s.status = 'completed'
                      OR EXISTS (SELECT 1 FROM payout_lines l WHERE l.sub_order_id = s.id))
                 """) == 0, now
    assert _sum("SELECT COUNT(*) FROM complaint_events") >= 4, now  # 2 opened, answer, refund
