"""Money properties of the ledger against a real database (hypothesis, both backends).

Each example builds sentra, groups, rules and paid orders, then runs random refunds, group
cancellations, deliveries, payouts and payments Midtrans takes back (deny, cancel,
chargeback) through the real services over the following weeks
(the clock frozen at each action's moment), and checks the money rules with direct SQL
sums and the reconciliation figures up to several days. Every example runs inside a
savepoint that is rolled back afterwards (commission entries cannot be deleted), and
nothing in it commits.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import current_app
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, jakarta_date, jakarta_day_start, utcnow
from marketplace.ledger import commission, payouts, refunds, reversals
from marketplace.ledger.entries import all_rules
from marketplace.ledger.models import Payout, PayoutStatus, RefundMethod
from marketplace.ledger.parcels import cancel_parcel
from marketplace.ledger.reports import Period, figures_by_group
from marketplace.orders import fulfilment
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.status import OrderStatus, SubOrderStatus
from tests.clock import frozen_at
from tests.factories import deliver, make_group, make_order, make_rule, make_sentra, pay

RATES = st.integers(min_value=0, max_value=commission.MAX_RATE_BP)
ACTION_DAYS = 30  # refunds, cancellations, deliveries and payouts happen in the last 30 days


@st.composite
def scenarios(draw):
    """Plain data describing one example: ids are indexes into what the example builds."""
    n_sentra = draw(st.integers(1, 3))
    n_groups = draw(st.integers(1, 4))
    group_sentra = [draw(st.integers(0, n_sentra - 1)) for _ in range(n_groups)]
    rules, seen = [], set()
    for _ in range(draw(st.integers(0, 6))):
        scope = draw(st.sampled_from(["default", "sentra", "group"]))
        target = {"default": 0, "sentra": draw(st.integers(0, n_sentra - 1)),
                  "group": draw(st.integers(0, n_groups - 1))}[scope]
        days_ago = draw(st.integers(0, 90))
        if (scope, target, days_ago) not in seen:  # one rule per target and day
            seen.add((scope, target, days_ago))
            rules.append((scope, target, draw(RATES), days_ago))
    orders = draw(st.lists(st.fixed_dictionaries({
        "parts": st.lists(st.tuples(st.integers(0, n_groups - 1),
                                    st.integers(1, 10_000_000)),
                          min_size=1, max_size=n_groups, unique_by=lambda part: part[0]),
        "shipping": st.sampled_from([0, 9_000, 15_000, 27_500]),
        "days_ago": st.integers(ACTION_DAYS + 1, 60),  # paid before anything else happens
        # any minute of the WIB day, midnight included: the rate is that of the WIB day
        "minute": st.integers(0, 24 * 60 - 1),
        "paid": st.integers(0, 5).map(bool),
    }), min_size=1, max_size=5))
    index = st.integers(0, 20)  # an order, then one of its sub-orders (modulo their number)
    refund = st.tuples(st.just("refund"), index, index,
                       st.sampled_from(["part", "all", "over"]), st.integers(1, 100))
    deliver = st.tuples(st.just("deliver"), index, index)
    payout = st.tuples(st.just("payout"), index, index, st.integers(0, 3).map(bool))
    settle = st.tuples(st.just("settle"), index, index)  # deliver one parcel, pay its group
    month_end = st.tuples(st.just("month_end"))  # every group with money owed is paid
    drop_draft = st.tuples(st.just("drop_draft"), index)  # a draft payout is cancelled
    reverse = st.tuples(st.just("reverse"), index,  # Midtrans takes a payment back
                        st.sampled_from(["deny", "cancel", "chargeback"]))
    actions = draw(st.lists(st.tuples(
        st.integers(0, 40 * 60),  # minutes since the previous action
        st.one_of(refund, refund, deliver, deliver, payout, settle, month_end, drop_draft,
                  st.tuples(st.just("cancel"), index, index, st.booleans()), reverse),
    ), max_size=16))
    return {"group_sentra": group_sentra, "n_sentra": n_sentra, "rules": rules,
            "orders": orders, "actions": actions}


def _sub_rows() -> list[dict]:
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


def _scalar(sql: str, **params) -> int:
    return int(db.session.execute(text(sql), params).scalar() or 0)


class Example:
    """Builds one scenario through the real services and checks the money rules."""

    def __init__(self, scenario: dict) -> None:
        self.today = jakarta_date(utcnow())
        self.scenario = scenario
        sentra = [make_sentra() for _ in range(scenario["n_sentra"])]
        self.groups = [make_group(sentra[i], bank_name="BRI", bank_account_number="0012",
                                  bank_account_holder="Kelompok")
                       for i in scenario["group_sentra"]]
        for scope, target, rate, days_ago in scenario["rules"]:
            day = self.today - timedelta(days=days_ago)
            if scope == "default":
                make_rule(rate, effective_from=day)
            elif scope == "sentra":
                make_rule(rate, effective_from=day, sentra=sentra[target])
            else:
                make_rule(rate, effective_from=day, group=self.groups[target])
        self.orders, self.paid_day = [], {}
        for spec in scenario["orders"]:
            day = self.today - timedelta(days=spec["days_ago"])
            moment = jakarta_day_start(day) + timedelta(minutes=spec["minute"])
            order = make_order([(self.groups[g], goods) for g, goods in spec["parts"]],
                               shipping=spec["shipping"], at=moment)
            if spec["paid"]:
                pay(order, at=moment)
                self.paid_day[order.id] = day
            self.orders.append(order)

    def run(self) -> None:
        """Each action at its own moment, the clock frozen at it."""
        latest = utcnow() - timedelta(minutes=1)
        moment = jakarta_day_start(self.today - timedelta(days=ACTION_DAYS))
        self.days = set()
        for gap, action in self.scenario["actions"]:
            moment = min(moment + timedelta(minutes=gap), latest)
            self.moment, self.day = moment, jakarta_date(moment)
            self.days.add(self.day)
            with frozen_at(moment):
                getattr(self, f"_{action[0]}")(*action[1:])

    def _sub(self, order_index: int, sub_index: int):
        order = self.orders[order_index % len(self.orders)]
        return order, order.sub_orders[sub_index % len(order.sub_orders)]

    def _refund(self, order_index, sub_index, kind, percent) -> None:
        order, sub = self._sub(order_index, sub_index)
        room = refunds.refund_room(sub).total_left
        amount = {"all": room, "over": room + 1,
                  "part": max(1, room * percent // 100)}[kind]
        in_draft = _scalar("""SELECT COUNT(*) FROM payout_lines l JOIN payouts p
                              ON p.id = l.payout_id WHERE l.sub_order_id = :sub
                              AND p.status = 'draft'""", sub=sub.id)
        refused = (order.status != OrderStatus.PAID or room == 0 or kind == "over"
                   or in_draft)
        before = _scalar("SELECT COUNT(*) FROM refunds")
        if refused:
            with pytest.raises(refunds.RefundError):
                refunds.create_refund(order, sub, amount, "rusak", RefundMethod.BANK_TRANSFER,
                                      "BCA 04120001")
            assert _scalar("SELECT COUNT(*) FROM refunds") == before
            return
        refund = refunds.create_refund(order, sub, amount, "rusak",
                                       RefundMethod.BANK_TRANSFER, "BCA 04120001")
        assert refund.state == "succeeded" and refund.amount == amount

    def _cancel(self, order_index, sub_index, packing_first) -> None:
        order, sub = self._sub(order_index, sub_index)
        if order.status != OrderStatus.PAID or sub.status not in (
                SubOrderStatus.NEW, SubOrderStatus.PROCESSING):
            return
        if packing_first and sub.status == SubOrderStatus.NEW:
            fulfilment.start_processing(sub)
        refunded = _scalar("SELECT COALESCE(SUM(amount), 0) FROM refunds "
                           "WHERE sub_order_id = :sub", sub=sub.id)
        cancel_parcel(sub, "bahan habis")
        # the buyer is owed what the parcel cost, less what was already refunded
        assert sub.refund_due == sub.goods_amount + sub.shipping_amount - refunded

    def _deliver(self, order_index, sub_index) -> None:
        """Every new parcel of the order arrives; the one chosen first."""
        order, chosen = self._sub(order_index, sub_index)
        if order.status not in (OrderStatus.PAID, OrderStatus.REFUNDED):
            return
        for sub in [chosen, *order.sub_orders]:
            if sub.status == SubOrderStatus.NEW:
                deliver(sub, at=self.moment)

    def _month_end(self) -> None:
        for group in self.groups:
            lines = payouts.preview(group, self.day)
            if lines and sum(line.net for line in lines) > 0:
                payouts.mark_paid(payouts.create_payout(group, self.day), "TRF-BULAN",
                                  self.day)

    def _drop_draft(self, index) -> None:
        drafts = db.session.scalars(select(Payout).where(
            Payout.status == PayoutStatus.DRAFT).order_by(Payout.id)).all()
        if drafts:
            payout = drafts[index % len(drafts)]
            freed = set(payouts.cancel(payout))
            payable = set(payouts.payable_sub_order_ids(payout.group_id, self.day))
            assert freed <= payable  # its parcels can be paid out again

    def _reverse(self, order_index, transaction_status) -> None:
        """Midtrans takes the order's payment back: only a paid order is reversed, once."""
        order = self.orders[order_index % len(self.orders)]
        attempt = db.session.scalar(select(PaymentAttempt).where(
            PaymentAttempt.order_id == order.id))
        was_paid = order.status == OrderStatus.PAID
        verdict = reversals.reverse_payment(order, attempt, transaction_status)
        assert verdict == ("reversed" if was_paid else "no_change")
        if was_paid:
            assert order.status == OrderStatus.PAYMENT_REVERSED and order.needs_review
            assert not {SubOrderStatus.NEW, SubOrderStatus.PROCESSING} & {
                sub.status for sub in order.sub_orders}

    def _settle(self, order_index, sub_index) -> None:
        self._deliver(order_index, sub_index)
        self._payout(order_index, sub_index, True)

    def _payout(self, order_index, sub_index, mark_paid) -> None:
        _order, sub = self._sub(order_index, sub_index)  # the group of some sub-order
        group = next(group for group in self.groups if group.id == sub.group_id)
        lines = payouts.preview(group, self.day)
        total = sum(line.net for line in lines)
        if not lines or total <= 0:
            with pytest.raises(payouts.PayoutError):
                payouts.create_payout(group, self.day)
            return
        current = {row["id"]: row for row in _sub_rows()}
        payout = payouts.create_payout(group, self.day)
        assert payout.amount == total > 0
        assert payout.amount == sum(line.net_amount for line in payout.lines)
        for line in payout.lines:
            if line.sub_order_id is not None:  # the sub-order as it stands now
                row = current[line.sub_order_id]
                assert row["status"] == SubOrderStatus.DELIVERED
                assert (line.goods_amount, line.shipping_amount, line.commission_amount,
                        line.refunded_amount) == (
                    row["goods_amount"], row["shipping_amount"],
                    row["accrued"] + row["reversed"], row["refunded"])
        if mark_paid:
            payouts.mark_paid(payout, f"TRF-{payout.id}", self.day)

    # --- the properties ------------------------------------------------------------------
    def check(self) -> None:
        rows = _sub_rows()
        rules = all_rules()
        for row in rows:
            self._check_sub_order(row, rules)
        net_to_groups = sum(r["goods_amount"] + r["shipping_amount"]
                            - (r["accrued"] + r["reversed"]) - r["refunded"] for r in rows)
        commission_net = _scalar("SELECT SUM(amount) FROM commission_entries")
        gross_paid = _scalar("SELECT SUM(grand_total) FROM orders WHERE paid_at IS NOT NULL")
        refunded = _scalar("SELECT SUM(amount) FROM refunds WHERE state = 'succeeded'")
        assert net_to_groups + commission_net == gross_paid - refunded
        assert _scalar("SELECT MIN(amount) FROM commission_entries WHERE kind = 'accrual'") >= 0
        assert _scalar("SELECT MAX(amount) FROM commission_entries WHERE kind = 'reversal'") <= 0
        assert _scalar("""SELECT COUNT(*) FROM commission_entries e JOIN sub_orders s
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
        assert _scalar("SELECT COUNT(*) FROM payouts WHERE amount <= 0") == 0
        mismatched = _scalar("""
            SELECT COUNT(*) FROM payouts p
             WHERE p.status <> 'cancelled'
               AND p.amount <> (SELECT COALESCE(SUM(l.net_amount), 0) FROM payout_lines l
                                 WHERE l.payout_id = p.id)""")
        assert _scalar("""SELECT COUNT(*) FROM payout_lines l JOIN payouts p
                          ON p.id = l.payout_id WHERE p.status = 'cancelled'""") == 0
        assert mismatched == 0
        assert _scalar("""SELECT COUNT(*) FROM payout_lines l JOIN sub_orders s
                          ON s.id = l.sub_order_id
                          WHERE s.status <> 'delivered'""") == 0

    def _check_reversed(self, rows) -> None:
        """A reversed order's parcels: all money back with the buyer, no commission kept,
        none shippable, and none paid out after it (only claw-backs)."""
        reversed_orders = {o.id for o in self.orders if o.status == OrderStatus.PAYMENT_REVERSED}
        for row in rows:
            if self._order_of(row["id"]) in reversed_orders:
                assert row["refunded"] == row["goods_amount"] + row["shipping_amount"]
                assert row["accrued"] + row["reversed"] == 0
                assert row["status"] not in (SubOrderStatus.NEW, SubOrderStatus.PROCESSING)
        assert _scalar("""SELECT COUNT(*) FROM payout_lines l JOIN sub_orders s
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
        assert total_sales == _scalar(
            "SELECT SUM(grand_total) FROM orders WHERE paid_at IS NOT NULL")
        assert sum(f.commission_net for f in figures.values()) == _scalar(
            "SELECT SUM(amount) FROM commission_entries")
        assert sum(f.refunds for f in figures.values()) == _scalar(
            "SELECT SUM(amount) FROM refunds WHERE state = 'succeeded'")
        assert sum(f.paid_out for f in figures.values()) == _scalar(
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


# A month-end cycle the random search rarely assembles: a paid payout, a refund of a
# parcel in it (claw-back), a refund refused while its parcel sits in a draft payout, a
# cancellation after packing, the draft cancelled, the refund made, and a next payout
# that takes the claw-back back.
CLAWBACK_CYCLE = {
    "group_sentra": [0, 1], "n_sentra": 2,
    "rules": [("default", 0, 1000, 90), ("sentra", 1, 800, 45), ("group", 0, 1250, 40)],
    "orders": [
        {"parts": [(0, 100_005), (1, 250_000)], "shipping": 15_000, "days_ago": 50,
         "minute": 0, "paid": True},
        {"parts": [(0, 99_999)], "shipping": 9_000, "days_ago": 40, "minute": 1439,
         "paid": True},
        {"parts": [(1, 77_777)], "shipping": 0, "days_ago": 35, "minute": 600, "paid": True},
        {"parts": [(0, 12_345)], "shipping": 27_500, "days_ago": 33, "minute": 30,
         "paid": False},
    ],
    "actions": [(minutes, action) for minutes, action in [
        (60, ("deliver", 0, 0)), (3 * 1440, ("month_end",)),
        (2 * 1440, ("refund", 0, 0, "part", 40)), (60, ("refund", 0, 1, "part", 10)),
        (1440, ("deliver", 1, 0)), (120, ("payout", 1, 0, False)),
        (60, ("refund", 1, 0, "part", 50)), (180, ("cancel", 2, 0, True)),
        (1440, ("refund", 2, 0, "all", 1)), (10, ("refund", 3, 0, "part", 50)),
        (10, ("refund", 0, 0, "over", 1)), (1440, ("drop_draft", 0)),
        (60, ("refund", 1, 0, "part", 50)), (2 * 1440, ("month_end",)),
    ]],
}


# Payments taken back at every stage: a parcel paid out then charged back (claw-back), one
# in a draft payout (the draft is cancelled), one cancelled by its group, one new, one
# partly refunded, and a replay of a reversal.
REVERSAL_CYCLE = {
    "group_sentra": [0, 0], "n_sentra": 1,
    "rules": [("default", 0, 1000, 90), ("group", 1, 1500, 60)],
    "orders": [
        {"parts": [(0, 100_000), (1, 250_000)], "shipping": 15_000, "days_ago": 50,
         "minute": 0, "paid": True},
        {"parts": [(0, 99_999), (1, 12_345)], "shipping": 9_000, "days_ago": 40,
         "minute": 700, "paid": True},
        {"parts": [(1, 77_777)], "shipping": 0, "days_ago": 35, "minute": 60, "paid": True},
        {"parts": [(0, 55_555)], "shipping": 27_500, "days_ago": 33, "minute": 10,
         "paid": True},
    ],
    "actions": [(minutes, action) for minutes, action in [
        (60, ("deliver", 0, 0)), (1440, ("month_end",)), (60, ("deliver", 2, 0)),
        (60, ("payout", 2, 0, False)), (60, ("cancel", 1, 1, True)),
        (60, ("refund", 3, 0, "part", 30)), (1440, ("reverse", 0, "chargeback")),
        (60, ("reverse", 2, "deny")), (60, ("reverse", 1, "cancel")),
        (60, ("reverse", 3, "chargeback")), (60, ("reverse", 3, "chargeback")),
        (60, ("refund", 3, 0, "all", 1)), (1440, ("month_end",)),
    ]],
}


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(scenario=scenarios())
@example(scenario=CLAWBACK_CYCLE)
@example(scenario=REVERSAL_CYCLE)
def test_ledger_money_adds_up_for_random_orders_refunds_cancellations_and_payouts(
        app, scenario):
    savepoint = db.session.begin_nested()  # rolled back below: examples share the database
    try:
        example = Example(scenario)
        example.run()
        example.check()
    finally:
        savepoint.rollback()

