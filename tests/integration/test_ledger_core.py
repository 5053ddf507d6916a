"""The commission ledger, refunds and payouts against a real database (both backends)."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts, refunds
from marketplace.ledger.models import CommissionEntry, PayoutLine, RefundMethod
from marketplace.ledger.reports import Period, figures_by_group
from tests.factories import deliver, make_group, make_order, make_rule, pay


def _entries(sub):
    return db.session.scalars(
        select(CommissionEntry.amount).where(CommissionEntry.sub_order_id == sub.id)
        .order_by(CommissionEntry.id)).all()


def test_paying_books_commission_at_the_rate_in_force(app):
    group = make_group()
    make_rule(1000)
    make_rule(1250, group=group)
    order = pay(make_order([(group, 100_005)]))
    sub = order.sub_orders[0]

    assert (sub.commission_rate_bp, sub.commission_amount) == (1250, 12_501)
    assert _entries(sub) == [12_501]


def test_partial_then_full_refund_reverses_exactly_the_accrual(app):
    group = make_group()
    make_rule(1000)
    order = pay(make_order([(group, 99_999)]))
    sub = order.sub_orders[0]

    first = refunds.create_refund(order, sub, 33_333, "one broken", RefundMethod.BANK_TRANSFER,
                                  "BCA-1")
    rest = refunds.create_refund(order, sub, 99_999 - 33_333 + 15_000, "all of it",
                                 RefundMethod.BANK_TRANSFER, "BCA-2")

    assert (first.goods_amount, first.shipping_amount) == (33_333, 0)
    assert (rest.goods_amount, rest.shipping_amount) == (66_666, 15_000)
    assert _entries(sub) == [10_000, -3_333, -6_667]
    assert order.status == "refunded"
    with pytest.raises(refunds.RefundError):
        refunds.create_refund(order, sub, 1, "again", RefundMethod.BANK_TRANSFER, "BCA-3")


def test_ledger_rows_cannot_be_changed_or_deleted(app):
    group = make_group()
    order = pay(make_order([(group, 50_000)]))
    db.session.commit()
    for statement in ("UPDATE commission_entries SET amount = 0",
                      "DELETE FROM commission_entries"):
        with pytest.raises((IntegrityError, DBAPIError)):
            db.session.execute(text(statement))
        db.session.rollback()
    assert _entries(order.sub_orders[0]) == [5_000]


def test_payout_then_refund_claws_back_in_the_next_payout(app):
    group = make_group()
    make_rule(1000)
    earlier = utcnow() - timedelta(days=3)
    order = pay(make_order([(group, 100_000)], at=earlier), at=earlier)
    sub = deliver(order.sub_orders[0], at=earlier)
    payout = payouts.create_payout(group, jakarta_date(utcnow()))
    assert payout.amount == 100_000 + 15_000 - 10_000
    payouts.mark_paid(payout, "TRF-001", jakarta_date(utcnow()))
    with pytest.raises(payouts.PayoutError):
        payouts.cancel(payout)

    refund = refunds.create_refund(order, sub, 50_000, "cracked", RefundMethod.BANK_TRANSFER,
                                   "BCA-9")
    assert refund.clawback_amount == 50_000 - 5_000
    second_order = pay(make_order([(group, 200_000)]))
    deliver(second_order.sub_orders[0])
    second = payouts.create_payout(group, jakarta_date(utcnow()))

    assert second.amount == (200_000 + 15_000 - 20_000) - 45_000
    assert sum(line.net_amount for line in second.lines) == second.amount
    figures = figures_by_group(Period(jakarta_date(earlier), jakarta_date(utcnow())))[group.id]
    assert figures.paid_out == 105_000
    assert figures.owed_to_groups == (115_000 - 5_000 - 50_000 + 215_000 - 20_000) - 105_000


def test_a_sub_order_cannot_be_in_two_payouts(app):
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    sub = deliver(order.sub_orders[0])
    first = payouts.create_payout(group, jakarta_date(utcnow()))
    with pytest.raises(payouts.PayoutError):
        payouts.create_payout(group, jakarta_date(utcnow()))
    db.session.add(PayoutLine(payout_id=first.id, sub_order_id=sub.id, goods_amount=0,
                              shipping_amount=0, commission_amount=0, refunded_amount=0,
                              net_amount=0))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_the_orm_refuses_to_change_or_delete_an_entry(app):
    from marketplace.ledger.models import LedgerImmutableError

    group = make_group()
    order = pay(make_order([(group, 50_000)]))
    db.session.commit()
    entry = db.session.scalar(select(CommissionEntry).where(
        CommissionEntry.sub_order_id == order.sub_orders[0].id))
    entry.amount = 1
    with pytest.raises(LedgerImmutableError):
        db.session.flush()
    db.session.rollback()
    entry = db.session.scalar(select(CommissionEntry))
    db.session.delete(entry)
    with pytest.raises(LedgerImmutableError):
        db.session.flush()


def test_a_group_cancelling_after_a_partial_refund_owes_the_buyer_only_the_rest(app):
    from marketplace.ledger.parcels import cancel_parcel

    group = make_group()
    make_rule(1000)
    order = pay(make_order([(group, 100_000)]))
    sub = order.sub_orders[0]
    refunds.create_refund(order, sub, 30_000, "one cracked", RefundMethod.BANK_TRANSFER, "B-1")

    cancel_parcel(sub, "kiln broke")

    assert sub.refund_due == 100_000 + 15_000 - 30_000
    assert sum(_entries(sub)) == 0  # the whole commission is given back
