"""The money rules checked after a ledger example has run, straight from SQL.

`MoneyChecks` is mixed into tests.ledger_example.Example: it reads the example's orders,
groups, paid days and action days, and checks every sub-order's commission and refunds,
the payouts, the reversed orders and the reconciliation figures up to several days.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import text

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, jakarta_date
from marketplace.ledger import commission
from marketplace.ledger.entries import all_rules
from marketplace.ledger.reports import Period, figures_by_group
from marketplace.orders.status import OrderStatus, SubOrderStatus
from tests.ledger_scenarios import ACTION_DAYS


def sub_rows() -> list[dict]:
    """Per sub-order of every paid order: its copies and its sums, straight from SQL."""
    rows = db.session.execute(text("""
        SELECT s.id, s.group_id, g.sentra_id, s.status, s.goods_amount, s.shipping_amount,
               s.commission_amount, s.commission_rate_bp, s.commission_rule_id, o.paid_at,
               (SELECT COALESCE(SUM(e.amount), 0) FROM commission_entries e
                 WHERE e.sub_order_id = s.id AND e.kind = 'accrual') AS accrued,
               (SELECT COUNT(*) FROM commission_entries e
                 WHERE e.sub_order_id = s.id AND e.kind = 'accrual') AS accruals,
               (SELECT COALESCE(SUM(e.amount), 0) FROM commission_entries e
                 WHERE e.sub_order_id = s.id AND e.kind = 'reversal') AS reversed,
               (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r
                 WHERE r.sub_order_id = s.id AND r.state = 'succeeded') AS refunded,
               (SELECT COALESCE(SUM(r.goods_amount), 0) FROM refunds r
                 WHERE r.sub_order_id = s.id AND r.state = 'succeeded') AS goods_refunded
          FROM sub_orders s
          JOIN orders o ON o.id = s.order_id
          JOIN producer_groups g ON g.id = s.group_id
         WHERE o.paid_at IS NOT NULL
         ORDER BY s.id
    """).columns(paid_at=UTCDateTime())).mappings().all()
    sums = ("accrued", "accruals", "reversed", "refunded", "goods_refunded")
    # PostgreSQL sums bigints as numeric: compare as int like the code does.
    return [{**row, **{name: int(row[name]) for name in sums}} for row in rows]


def scalar(sql: str, **params) -> int:
    return int(db.session.execute(text(sql), params).scalar() or 0)


class MoneyChecks:
    """The properties of a built and run example (see tests.ledger_example.Example)."""

    def check(self) -> None:
        rows = sub_rows()
        rules = all_rules()
        for row in rows:
            self._check_sub_order(row, rules)
        net_to_groups = sum(r["goods_amount"] + r["shipping_amount"]
                            - (r["accrued"] + r["reversed"]) - r["refunded"] for r in rows)
        commission_net = scalar("SELECT SUM(amount) FROM commission_entries")
        gross_paid = scalar("SELECT SUM(grand_total) FROM orders WHERE paid_at IS NOT NULL")
        refunded = scalar("SELECT SUM(amount) FROM refunds WHERE state = 'succeeded'")
        assert net_to_groups + commission_net == gross_paid - refunded
        assert scalar("SELECT MIN(amount) FROM commission_entries WHERE kind = 'accrual'") >= 0
        assert scalar("SELECT MAX(amount) FROM commission_entries WHERE kind = 'reversal'") <= 0
        assert scalar("""SELECT COUNT(*) FROM commission_entries e JOIN sub_orders s
                          ON s.id = e.sub_order_id JOIN orders o ON o.id = s.order_id
                          WHERE o.paid_at IS NULL""") == 0  # unpaid orders earn nothing
        self._check_payouts()
        self._check_reversed(rows)
        self._check_figures()

    def _check_sub_order(self, row: dict, rules) -> None:
        group_id, sentra_id = row["group_id"], row["sentra_id"]
        paid_day = self.paid_day[self._order_of(row["id"])]
        rule = commission.rate_in_force(rules, group_id, sentra_id, paid_day)
        expected_rate = rule.rate_bp if rule else current_app.config["COMMISSION_DEFAULT_BP"]
        assert jakarta_date(row["paid_at"]) == paid_day
        assert row["commission_rate_bp"] == expected_rate
        assert row["commission_rule_id"] == (rule.id if rule else None)
        goods, shipping = row["goods_amount"], row["shipping_amount"]
        accrued, reversed_, refunded = row["accrued"], -row["reversed"], row["refunded"]
        assert row["accruals"] == 1
        assert accrued == row["commission_amount"] == commission.commission_for(goods,
                                                                                 expected_rate)
        cancelled = row["status"] == SubOrderStatus.CANCELLED_BY_GROUP
        assert reversed_ == commission.reversal_target(accrued, goods, row["goods_refunded"],
                                                       cancelled)
        commission_net = accrued - reversed_
        assert 0 <= commission_net <= row["commission_amount"]
        assert 0 <= refunded <= goods + shipping
        assert goods + shipping - commission_net - refunded >= 0  # net to group

    def _order_of(self, sub_id: int) -> int:
        return next(o.id for o in self.orders for s in o.sub_orders if s.id == sub_id)

    def _check_payouts(self) -> None:
        assert scalar("SELECT COUNT(*) FROM payouts WHERE amount <= 0") == 0
        mismatched = scalar("""
            SELECT COUNT(*) FROM payouts p
             WHERE p.status <> 'cancelled'
               AND p.amount <> (SELECT COALESCE(SUM(l.net_amount), 0) FROM payout_lines l
                                 WHERE l.payout_id = p.id)""")
        assert scalar("""SELECT COUNT(*) FROM payout_lines l JOIN payouts p
                          ON p.id = l.payout_id WHERE p.status = 'cancelled'""") == 0
        assert mismatched == 0
        assert scalar("""SELECT COUNT(*) FROM payout_lines l JOIN sub_orders s
                          ON s.id = l.sub_order_id
                          WHERE s.status NOT IN ('delivered', 'completed')""") == 0

    def _check_reversed(self, rows) -> None:
        """A reversed order's parcels: all money back with the buyer, no commission kept,
        none shippable, and none paid out after it (only claw-backs)."""
        reversed_orders = {o.id for o in self.orders if o.status == OrderStatus.PAYMENT_REVERSED}
        for row in rows:
            if self._order_of(row["id"]) in reversed_orders:
                assert row["refunded"] == row["goods_amount"] + row["shipping_amount"]
                assert row["accrued"] + row["reversed"] == 0
                assert row["status"] not in (SubOrderStatus.NEW, SubOrderStatus.PROCESSING)
        assert scalar("""SELECT COUNT(*) FROM payout_lines l JOIN sub_orders s
                          ON s.id = l.sub_order_id JOIN orders o ON o.id = s.order_id
                          JOIN payouts p ON p.id = l.payout_id
                          WHERE o.status = 'payment_reversed'
                            AND p.status <> 'paid'""") == 0

    def _check_figures(self) -> None:
        group_ids = [group.id for group in self.groups]
        start = self.today - timedelta(days=100)
        figures = figures_by_group(Period(start, self.today), group_ids)
        for gid in group_ids:
            f = figures[gid]
            assert f.gross_sales + f.shipping - f.commission_net - f.refunds == (
                f.owed_to_groups + f.owed_to_buyers + f.paid_out), (gid, f)
            assert f.owed_to_buyers >= 0
        total_sales = sum(f.gross_sales + f.shipping for f in figures.values())
        assert total_sales == scalar(
            "SELECT SUM(grand_total) FROM orders WHERE paid_at IS NOT NULL")
        assert sum(f.commission_net for f in figures.values()) == scalar(
            "SELECT SUM(amount) FROM commission_entries")
        assert sum(f.refunds for f in figures.values()) == scalar(
            "SELECT SUM(amount) FROM refunds WHERE state = 'succeeded'")
        assert sum(f.paid_out for f in figures.values()) == scalar(
            "SELECT SUM(amount) FROM payouts WHERE status = 'paid'")
        self._check_periods(group_ids, start)

    def _check_periods(self, group_ids, start) -> None:
        """Up to any day, the figures add up; and what is owed at the end of one period,
        plus the next period's flows, is what is owed at the end of the next."""
        ends = sorted({self.today - timedelta(days=ACTION_DAYS + 1), *self.days})
        ends = ends[:: max(1, len(ends) // 4)][:5]
        previous = None
        for end in ends:
            upto = figures_by_group(Period(start, end), group_ids)
            for gid in group_ids:
                f = upto[gid]
                assert f.gross_sales + f.shipping - f.commission_net - f.refunds == (
                    f.owed_to_groups + f.owed_to_buyers + f.paid_out), (gid, end, f)
            if previous is not None:
                last_end, before = previous
                flows = figures_by_group(Period(last_end + timedelta(days=1), end), group_ids)
                for gid in group_ids:
                    b, f, a = before[gid], flows[gid], upto[gid]
                    assert a.owed_to_groups + a.owed_to_buyers == (
                        b.owed_to_groups + b.owed_to_buyers + f.gross_sales + f.shipping
                        - f.commission_net - f.refunds - f.paid_out), (gid, end)
                    for name in ("gross_sales", "shipping", "commission_earned",
                                 "commission_reversed", "refunds", "paid_out"):
                        assert getattr(a, name) == getattr(b, name) + getattr(f, name)
            previous = (end, upto)

