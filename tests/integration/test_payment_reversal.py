"""A payment Midtrans takes back after settlement (deny, cancel, chargeback) makes the order
no longer paid: parcels on hold, stock back, commission reversed, payouts and claw-backs
right, the ledger invariant and the reconciliation identity intact (both backends).

The confirmed statuses are applied with payments.outcomes.apply_status, as the notification
endpoint and the reconcile command do after asking Midtrans.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from marketplace.gateways.midtrans import TransactionStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts, refunds
from marketplace.ledger.models import (
    CommissionEntry,
    Payout,
    PayoutStatus,
    Refund,
    RefundMethod,
)
from marketplace.ledger.parcels import cancel_parcel
from marketplace.ledger.reports import Period, figures_by_group
from marketplace.orders import fulfilment
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from marketplace.orders.services import flag_for_review
from marketplace.payments.outcomes import apply_status
from marketplace.payments.reconcile import reconcile_refunds
from tests.factories import deliver, make_group, make_order, make_rule, pay


def _status(attempt: PaymentAttempt, transaction_status: str, amount: int) -> TransactionStatus:
    """What Midtrans's status API answers for the attempt now."""
    return TransactionStatus.from_dict({
        "order_id": attempt.midtrans_order_id, "transaction_status": transaction_status,
        "status_code": "200", "gross_amount": f"{amount}.00",
        "payment_type": attempt.payment_type, "transaction_id": "tx-1",
    })


def _apply(order: Order, transaction_status: str, attempt_no: int = 1) -> str:
    attempt = db.session.scalar(select(PaymentAttempt).where(
        PaymentAttempt.order_id == order.id, PaymentAttempt.attempt_no == attempt_no))
    db.session.commit()
    return apply_status(attempt.id, _status(attempt, transaction_status, order.grand_total))


def _fresh(order: Order) -> Order:
    db.session.commit()
    return db.session.get(Order, order.id, populate_existing=True)


def _stock(sub) -> int:
    return db.session.execute(text("SELECT stock FROM products WHERE id = :id"),
                              {"id": sub.lines[0].product_id}).scalar()


def _scalar(sql: str, **params) -> int:
    return int(db.session.execute(text(sql), params).scalar() or 0)


def _net_commission(sub_id: int) -> int:
    return _scalar("SELECT COALESCE(SUM(amount), 0) FROM commission_entries "
                   "WHERE sub_order_id = :s", s=sub_id)


def _parcels_in_every_status():
    """A paid order of five parcels at 10 %: new, processing, shipped, delivered, and one
    the group cancelled (commission already reversed, buyer owed, not yet refunded)."""
    make_rule(1000)
    groups = [make_group(name=name) for name in
              ("Griya Keramik", "Perak Celuk", "Batik Maja", "Tempe Sanan", "Anyaman Pandan")]
    order = pay(make_order([(g, goods) for g, goods in zip(
        groups, (100_000, 200_000, 50_000, 80_000, 60_000), strict=True)], shipping=15_000))
    new, packing, shipped, delivered, cancelled = order.sub_orders
    fulfilment.start_processing(packing)
    fulfilment.start_processing(shipped)
    fulfilment.ship(shipped, "JNE", "JNE0001")
    deliver(delivered)
    cancel_parcel(cancelled, "bahan habis")
    db.session.commit()
    return order


def _check_invariant_and_identity() -> None:
    """docs/money.md: Σ net to groups + Σ commission = Σ gross paid − Σ refunded, and the
    reconciliation identity for every group, from the first sale up to today."""
    net_to_groups = _scalar("""
        SELECT SUM(s.goods_amount + s.shipping_amount
                   - (SELECT COALESCE(SUM(e.amount), 0) FROM commission_entries e
                       WHERE e.sub_order_id = s.id)
                   - (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r
                       WHERE r.sub_order_id = s.id AND r.state = 'succeeded'))
          FROM sub_orders s JOIN orders o ON o.id = s.order_id WHERE o.paid_at IS NOT NULL""")
    commission = _scalar("SELECT SUM(amount) FROM commission_entries")
    gross = _scalar("SELECT SUM(grand_total) FROM orders WHERE paid_at IS NOT NULL")
    refunded = _scalar("SELECT SUM(amount) FROM refunds WHERE state = 'succeeded'")
    assert net_to_groups + commission == gross - refunded
    today = jakarta_date(utcnow())
    for gid, f in figures_by_group(Period(today - timedelta(days=60), today)).items():
        assert f.gross_sales + f.shipping - f.commission_net - f.refunds == (
            f.owed_to_groups + f.owed_to_buyers + f.paid_out), (gid, f)
        assert f.owed_to_buyers >= 0


@pytest.mark.parametrize("transaction_status", ["deny", "cancel", "chargeback"])
def test_reverse_payment_holds_unshipped_parcels_and_gives_everything_back(app,
                                                                           transaction_status):
    # given a paid order with a parcel in every status
    order = _parcels_in_every_status()
    new, packing, shipped, delivered, cancelled = order.sub_orders
    stock_before = [_stock(sub) for sub in order.sub_orders]

    # when Midtrans confirms the payment was taken back
    verdict = _apply(order, transaction_status)

    # then the order is no longer paid and waits for the admin, saying why
    order = _fresh(order)
    assert verdict == "reversed"
    assert order.status == "payment_reversed" and order.needs_review
    assert f"{order.number}-1 became {transaction_status} after payment" in order.review_reason
    # the parcels not yet shipped are on hold with their units back on sale, once
    assert [sub.status for sub in order.sub_orders] == [
        "on_hold", "on_hold", "shipped", "delivered", "cancelled_by_group"]
    assert [_stock(sub) for sub in order.sub_orders] == [
        stock_before[0] + 1, stock_before[1] + 1, stock_before[2], stock_before[3],
        stock_before[4]]  # the cancelled parcel's unit went back when it was cancelled
    # what each parcel had left to refund is recorded as taken back by Midtrans
    reversal = db.session.scalars(select(Refund).where(
        Refund.method == RefundMethod.REVERSAL).order_by(Refund.sub_order_id)).all()
    assert [(r.sub_order_id, r.amount, r.state, r.reason) for r in reversal] == [
        (sub.id, sub.total, "succeeded", transaction_status) for sub in order.sub_orders]
    # the commission comes back in entries of its own; the cancelled parcel's already had
    reasons = db.session.scalars(select(CommissionEntry.reason).where(
        CommissionEntry.refund_id.in_([r.id for r in reversal]))).all()
    assert len(reasons) == 4
    assert all(reason.startswith(f"payment reversed by Midtrans ({transaction_status})")
               for reason in reasons)
    assert [_net_commission(sub.id) for sub in order.sub_orders] == [0, 0, 0, 0, 0]
    # never "refunded", and nothing of it is payable or left to refund
    assert refunds.refund_room(new).total_left == 0
    assert payouts.payable_sub_order_ids(delivered.group_id, jakarta_date(utcnow())) == []
    _check_invariant_and_identity()


def test_a_replayed_reversal_or_a_second_reconcile_changes_nothing(app):
    # given an order whose payment was reversed
    order = _parcels_in_every_status()
    assert _apply(order, "chargeback") == "reversed"
    order = _fresh(order)
    note, stock = order.review_reason, [_stock(sub) for sub in order.sub_orders]
    counts = (_scalar("SELECT COUNT(*) FROM refunds"),
              _scalar("SELECT COUNT(*) FROM commission_entries"))

    # when the same status is applied again, then a deny arrives for it as well
    again = _apply(order, "chargeback")
    other = _apply(order, "deny")

    # then nothing more happens and no second note is written
    order = _fresh(order)
    assert (again, other) == ("no_change", "no_change")
    assert order.review_reason == note
    assert [_stock(sub) for sub in order.sub_orders] == stock
    assert (_scalar("SELECT COUNT(*) FROM refunds"),
            _scalar("SELECT COUNT(*) FROM commission_entries")) == counts
    # and the reversal refunds are never sent to Midtrans
    assert reconcile_refunds() == {}


def test_a_parcel_already_paid_out_is_clawed_back_from_the_next_payout(app):
    # given a delivered parcel paid out to its group (115.000 − 10.000 commission)
    make_rule(1000)
    group = make_group()
    earlier = utcnow() - timedelta(days=3)
    order = pay(make_order([(group, 100_000)], at=earlier), at=earlier)
    deliver(order.sub_orders[0], at=earlier)
    first = payouts.create_payout(group, jakarta_date(utcnow()))
    payouts.mark_paid(first, "TRF-1", jakarta_date(utcnow()))
    db.session.commit()

    # when the buyer's bank charges the payment back
    assert _apply(order, "chargeback") == "reversed"

    # then the group's next payout takes back what it was paid for that parcel
    order = _fresh(order)
    refund = db.session.scalar(select(Refund).where(Refund.method == RefundMethod.REVERSAL))
    assert (refund.amount, refund.clawback_amount) == (115_000, 105_000)
    assert "Claw-back from next payouts: 105000." in order.review_reason
    other = pay(make_order([(group, 200_000)]))
    deliver(other.sub_orders[0])
    second = payouts.create_payout(group, jakarta_date(utcnow()))
    assert second.amount == (200_000 + 15_000 - 20_000) - 105_000
    assert sorted(line.net_amount for line in second.lines) == [-105_000, 195_000]
    _check_invariant_and_identity()


def test_a_draft_payout_holding_a_reversed_parcel_is_cancelled(app):
    # given a draft payout of two delivered parcels, one of the order to be reversed
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    other = pay(make_order([(group, 40_000)]))
    deliver(order.sub_orders[0])
    deliver(other.sub_orders[0])
    draft = payouts.create_payout(group, jakarta_date(utcnow()))
    number = draft.number
    db.session.commit()

    # when the order's payment is denied after settlement
    assert _apply(order, "deny") == "reversed"

    # then the draft is cancelled and only the other parcel is payable again
    order = _fresh(order)
    assert db.session.get(Payout, draft.id).status == PayoutStatus.CANCELLED
    assert f"Draft payout(s) {number} cancelled" in order.review_reason
    assert payouts.payable_sub_order_ids(group.id, jakarta_date(utcnow())) == [
        other.sub_orders[0].id]
    _check_invariant_and_identity()


def test_payouts_leave_out_orders_under_review_until_the_review_is_closed(app):
    # given two delivered parcels of one group, one of an order flagged for review
    group = make_group()
    flagged = pay(make_order([(group, 100_000)]))
    fine = pay(make_order([(group, 50_000)]))
    deliver(flagged.sub_orders[0])
    deliver(fine.sub_orders[0])
    flag_for_review(flagged, "Midtrans lists a refund we did not record")
    today = jakarta_date(utcnow())

    # then only the other parcel is payable
    assert payouts.payable_sub_order_ids(group.id, today) == [fine.sub_orders[0].id]

    # when the admin closes the review, it is payable again
    flagged.needs_review = False
    db.session.flush()
    assert payouts.payable_sub_order_ids(group.id, today) == [
        flagged.sub_orders[0].id, fine.sub_orders[0].id]


def test_a_reversed_order_stays_out_of_payouts_after_its_review_is_closed(app):
    # given a delivered parcel of an order whose payment was reversed, review closed
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    deliver(order.sub_orders[0])
    db.session.commit()
    assert _apply(order, "cancel") == "reversed"
    order = _fresh(order)
    order.needs_review = False
    db.session.commit()

    # then no payout ever takes it (the buyer has the money back)
    assert payouts.payable_sub_order_ids(group.id, jakarta_date(utcnow())) == []
    with pytest.raises(payouts.PayoutError):
        payouts.create_payout(group, jakarta_date(utcnow()))


def test_studio_actions_refuse_a_parcel_on_hold(app):
    # given a parcel put on hold by a reversal
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    db.session.commit()
    _apply(order, "deny")
    sub = _fresh(order).sub_orders[0]

    # then the group can neither pack, ship nor cancel it, and is told why
    for action, args in ((fulfilment.start_processing, ()), (fulfilment.ship, ("JNE", "X1")),
                         (cancel_parcel, ("habis",))):
        with pytest.raises(fulfilment.SubOrderError, match="ditahan"):
            action(sub, *args)
    assert sub.status == "on_hold"


def test_partial_chargeback_only_flags_the_order_once(app):
    # given a paid order
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    db.session.commit()

    # when Midtrans reports a partial chargeback, twice
    first, second = _apply(order, "partial_chargeback"), _apply(order, "partial_chargeback")

    # then the order stays paid and is flagged once, saying what to do
    order = _fresh(order)
    assert (first, second) == ("flagged", "no_change")
    assert order.status == "paid" and order.sub_orders[0].status == "new"
    assert order.review_reason.count("partial_chargeback") == 1
    assert "stays paid" in order.review_reason
    assert _scalar("SELECT COUNT(*) FROM refunds") == 0


def test_a_chargeback_after_a_full_refund_only_flags_the_order(app):
    # given an order refunded in full by bank transfer
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    refunds.create_refund(order, order.sub_orders[0], 115_000, "batal",
                          RefundMethod.BANK_TRANSFER, "BCA-1")
    db.session.commit()

    # when Midtrans reports a chargeback
    verdict = _apply(order, "chargeback")

    # then the order stays refunded and the admin is told to contest it
    order = _fresh(order)
    assert verdict == "flagged"
    assert order.status == "refunded" and order.needs_review
    assert "refunded in full" in order.review_reason
    assert _scalar("SELECT COUNT(*) FROM refunds") == 1


def test_only_the_payment_that_paid_the_order_reverses_it(app):
    # given an order paid through attempt 2, attempt 1 abandoned at Snap
    group = make_group()
    order = make_order([(group, 100_000)])
    db.session.add(PaymentAttempt(order_id=order.id, attempt_no=2,
                                  midtrans_order_id=f"{order.number}-2",
                                  gross_amount=order.grand_total, state="redirected",
                                  transaction_status="", payment_type="bank_transfer"))
    pay(order)  # attempt 1, settled
    db.session.execute(text("UPDATE payment_attempts SET transaction_status = 'pending' "
                            "WHERE midtrans_order_id = :m"), {"m": f"{order.number}-1"})
    db.session.execute(text("UPDATE payment_attempts SET transaction_status = 'settlement' "
                            "WHERE midtrans_order_id = :m"), {"m": f"{order.number}-2"})
    db.session.commit()

    # when the abandoned attempt is cancelled
    verdict = _apply(order, "cancel", attempt_no=1)

    # then the order stays paid, untouched
    order = _fresh(order)
    assert verdict == "no_change"
    assert order.status == "paid" and not order.needs_review


def test_a_deny_of_one_of_two_settled_payments_keeps_the_order_paid(app):
    # given an order the buyer paid twice (both attempts settled)
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    db.session.add(PaymentAttempt(order_id=order.id, attempt_no=2,
                                  midtrans_order_id=f"{order.number}-2",
                                  gross_amount=order.grand_total, state="redirected",
                                  transaction_status="settlement",
                                  payment_type="bank_transfer"))
    db.session.commit()

    # when one of them is denied
    verdict = _apply(order, "deny", attempt_no=2)

    # then the order is still paid through the other, and the admin is told
    order = _fresh(order)
    assert verdict == "flagged"
    assert order.status == "paid" and order.sub_orders[0].status == "new"
    assert "stays paid" in order.review_reason


def test_an_admin_can_never_record_a_reversal_refund(app):
    group = make_group()
    order = pay(make_order([(group, 100_000)]))

    with pytest.raises(refunds.RefundError):
        refunds.create_refund(order, order.sub_orders[0], 10_000, "coba",
                              RefundMethod.REVERSAL, "X")
    assert db.session.scalar(select(func.count(Refund.id))) == 0


def test_a_draft_holding_a_parcel_of_an_order_flagged_since_cannot_be_marked_paid(app):
    # given a draft payout, then the order of one of its parcels flagged for review
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    deliver(order.sub_orders[0])
    draft = payouts.create_payout(group, jakarta_date(utcnow()))
    flag_for_review(order, "Midtrans lists a refund we did not record")

    # when the admin marks the draft paid
    with pytest.raises(payouts.PayoutError, match=order.number):
        payouts.mark_paid(draft, "TRF-1", jakarta_date(utcnow()))

    # then it stays a draft, to cancel and create again once the review is closed
    assert draft.status == PayoutStatus.DRAFT
