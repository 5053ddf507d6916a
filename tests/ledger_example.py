"""One ledger example built and run through the real services (the money properties).

`Example` builds a scenario of tests.ledger_scenarios (sentra, groups, rules, paid orders),
runs its actions each at its own moment with the clock frozen at it, and checks the money
rules (tests.ledger_checks.MoneyChecks). Nothing in it commits.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, jakarta_day_start, utcnow
from marketplace.ledger import payouts, refunds, reversals
from marketplace.ledger.models import Payout, PayoutStatus, RefundMethod
from marketplace.ledger.parcels import cancel_parcel
from marketplace.orders import fulfilment
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.status import OrderStatus, SubOrderStatus
from tests.clock import frozen_at
from tests.factories import deliver, make_group, make_order, make_rule, make_sentra, pay
from tests.ledger_checks import MoneyChecks, scalar, sub_rows
from tests.ledger_scenarios import ACTION_DAYS


class Example(MoneyChecks):
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
        in_draft = scalar("""SELECT COUNT(*) FROM payout_lines l JOIN payouts p
                              ON p.id = l.payout_id WHERE l.sub_order_id = :sub
                              AND p.status = 'draft'""", sub=sub.id)
        refused = (order.status != OrderStatus.PAID or room == 0 or kind == "over"
                   or in_draft)
        before = scalar("SELECT COUNT(*) FROM refunds")
        if refused:
            with pytest.raises(refunds.RefundError):
                refunds.create_refund(order, sub, amount, "rusak", RefundMethod.BANK_TRANSFER,
                                      "BCA 04120001")
            assert scalar("SELECT COUNT(*) FROM refunds") == before
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
        refunded = scalar("SELECT COALESCE(SUM(amount), 0) FROM refunds "
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
        current = {row["id"]: row for row in sub_rows()}
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
