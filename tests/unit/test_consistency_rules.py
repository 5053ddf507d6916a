"""The rules of `flask orders check`, on plain rows (no app, no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from marketplace.consistency.rules import (
    AttemptRow,
    HoldingRow,
    OrderRow,
    ProductRow,
    Snapshot,
    SubOrderRow,
    after_sale_findings,
    attempt_findings,
    balance_findings,
    commission_findings,
    findings,
    product_findings,
    release_findings,
    reservation_findings,
    structure_findings,
)
from marketplace.orders.status import holds_units

NOW = datetime(2026, 12, 12, 3, 0, tzinfo=UTC)
ORDER = OrderRow(id=7, number="PS-2026-000007", status="paid", goods_amount=100_000,
                 shipping_amount=15_000, grand_total=115_000, needs_review=False,
                 released=False, sub_orders=1, sub_goods=100_000, sub_shipping=15_000,
                 refunded=0, paid_attempts=1, paid_gross_min=115_000, paid_gross_max=115_000)
# Paid at 10 %: 10,000 commission accrued.
SUB = SubOrderRow(id=11, order_id=7, group_name="Griya Keramik", status="delivered",
                  goods_amount=100_000, shipping_amount=15_000, released=False,
                  commission_amount=10_000, commission_rate_bp=1000, lines=1,
                  line_goods=100_000, accruals=1, accrued=10_000, accrual_rate_bp=1000)
HOLDING = HoldingRow(sub_order_id=11, product_id=3, ordered=2, taken=2, releases=0)
PENDING = ORDER._replace(status="pending_payment", paid_attempts=0, paid_gross_min=None,
                  paid_gross_max=None)
ATTEMPT = AttemptRow(order_id=7, midtrans_order_id="PS-2026-000007-1", state="redirected",
                     gross_amount=115_000, transaction_status="", has_redirect=True)


def kinds(found) -> list[str]:
    return [f.kind for f in found]


@pytest.mark.parametrize(("order_status", "sub_status", "holds"), [
    ("pending_payment", "awaiting_payment", True),
    ("paid", "new", True),
    ("paid", "delivered", True),
    ("paid", "completed", True),  # received: the goods stay sold
    ("refunded", "delivered", True),  # refunded after delivery: the goods are with the buyer
    ("payment_reversed", "shipped", True),
    ("payment_reversed", "on_hold", False),
    ("paid", "cancelled_by_group", False),
    ("expired", "cancelled", False),
    ("cancelled", "cancelled", False),
])
def test_holds_units_follows_the_order_and_parcel_status(order_status, sub_status, holds):
    assert holds_units(order_status, sub_status) is holds


def test_structure_of_a_sound_order_is_fine():
    assert structure_findings(ORDER, [SUB]) == []


def test_structure_finds_an_order_without_parcels_and_a_parcel_without_lines():
    assert [f.message for f in structure_findings(ORDER._replace(sub_orders=0), [])] == [
        "has no sub-orders"]
    [found] = structure_findings(ORDER, [SUB._replace(lines=0, line_goods=0)])
    assert (found.order, found.message) == ("PS-2026-000007",
                                            "parcel 11 (Griya Keramik) has no lines")


def test_structure_finds_totals_that_do_not_add_up():
    found = structure_findings(ORDER._replace(sub_goods=90_000),
                               [SUB._replace(line_goods=60_000)])
    assert kinds(found) == ["order_structure", "order_structure"]
    assert "sub-orders add up to 90000 + 15000" in found[0].message
    assert "lines add up to 60000" in found[1].message


def test_reservation_held_by_a_paid_parcel_is_fine():
    assert reservation_findings(ORDER, SUB, [HOLDING]) == []


def test_reservation_missing_for_a_pending_order_is_found():
    [found] = reservation_findings(PENDING, SUB._replace(status="awaiting_payment"),
                                   [HOLDING._replace(taken=0)])
    assert "2 unit(s) should be out of stock" in found.message


def test_reservation_given_back_twice_is_found():
    sub = SUB._replace(status="cancelled", released=True)
    expired = PENDING._replace(status="expired", released=True)
    [found] = reservation_findings(expired, sub, [HOLDING._replace(taken=-2, releases=2)])
    assert "given back 2 time(s)" in found.message


def test_reservation_never_given_back_is_found():
    sub = SUB._replace(status="cancelled_by_group", released=True)
    [found] = reservation_findings(ORDER, sub, [HOLDING])
    assert "still out of stock" in found.message


def test_reservation_of_units_for_no_line_is_found():
    [found] = reservation_findings(ORDER, SUB, [HOLDING, HoldingRow(11, 4, 0, 1, 0)])
    assert "1 unit(s) taken for no line" in found.message


def test_release_marks_must_match_the_state():
    # a held parcel marked released would never give its units back when cancelled
    assert "marked released" in reservation_findings(
        ORDER, SUB._replace(released=True), [HOLDING])[0].message
    assert "not marked released" in reservation_findings(
        ORDER, SUB._replace(status="on_hold"), [HOLDING._replace(taken=0)])[0].message
    assert release_findings(PENDING._replace(released=True))[0].message == (
        "pending, but its stock is marked released")
    assert release_findings(PENDING._replace(status="expired"))[0].message == (
        "expired, but its stock was never released")
    assert release_findings(ORDER) == []


def test_product_stock_must_equal_its_history_and_what_orders_hold():
    product = ProductRow(id=3, sku="VAS-1", name="Vas", stock=8, history=8, supply=10, held=2)
    assert product_findings(product) == []
    found = product_findings(product._replace(stock=11))
    assert kinds(found) == ["stock_history", "stock_orders"]
    assert "changed by +3 outside the app" in found[0].message
    assert found[0].product == "VAS-1" and found[0].order is None


def test_commission_one_accrual_at_the_copied_rate_is_fine():
    assert commission_findings(ORDER, SUB) == []


@pytest.mark.parametrize(("accruals", "message"), [
    (0, "has 0 accrual(s), not exactly one"), (2, "has 2 accrual(s), not exactly one")])
def test_commission_without_exactly_one_accrual_is_found(accruals, message):
    [found] = commission_findings(ORDER, SUB._replace(accruals=accruals))
    assert found.kind == "accrual" and message in found.message


def test_commission_on_an_unpaid_order_is_found():
    expired = PENDING._replace(status="expired")
    assert kinds(commission_findings(expired, SUB)) == ["accrual"]
    assert commission_findings(expired, SUB._replace(accruals=0, accrued=0)) == []


def test_commission_that_differs_from_the_rate_is_found():
    [found] = commission_findings(ORDER, SUB._replace(accrued=10_001))
    assert found.kind == "ledger" and "the rate gives 10000" in found.message


def test_commission_given_back_must_follow_refunds_and_cancellations():
    # a quarter of the goods refunded: a quarter of the commission back
    refunded = SUB._replace(refunded=25_000, goods_refunded=25_000, reversed=-2_500)
    assert commission_findings(ORDER, refunded) == []
    [found] = commission_findings(ORDER, refunded._replace(reversed=0))
    assert "0 of its commission given back, 2500 should be" in found.message
    cancelled = SUB._replace(status="cancelled_by_group", reversed=-10_000)
    assert commission_findings(ORDER, cancelled) == []


def test_balance_of_a_paid_order_adds_up():
    assert balance_findings(ORDER, [SUB]) == []
    refunded = SUB._replace(refunded=25_000, goods_refunded=25_000, reversed=-2_500)
    assert balance_findings(ORDER._replace(refunded=25_000), [refunded]) == []


def test_balance_finds_refunds_booked_on_another_order_and_a_wrong_settlement():
    found = balance_findings(ORDER._replace(refunded=5_000, paid_gross_max=116_000), [SUB])
    assert kinds(found) == ["ledger", "ledger"]
    assert "paid 115000 − refunded 5000" in found[0].message
    assert "Midtrans settled 115000 and 116000" in found[1].message
    assert "no payment attempt was settled" in balance_findings(
        ORDER._replace(paid_attempts=0), [SUB])[0].message


def test_a_pending_order_needs_an_attempt_the_buyer_can_pay_through():
    placed = NOW - timedelta(hours=2)
    assert attempt_findings(PENDING, [ATTEMPT], NOW, placed) == []
    for attempt in (ATTEMPT._replace(state="failed"), ATTEMPT._replace(gross_amount=1),
                    ATTEMPT._replace(transaction_status="expire")):
        [found] = attempt_findings(PENDING, [attempt], NOW, placed)
        assert found.kind == "pending_attempt"
    [found] = attempt_findings(PENDING, [], NOW, placed)
    assert found.message == ("pending since 2026-12-12 01:00 UTC, nothing the buyer can pay "
                             "through (no attempt)")
    # one being placed right now has a moment to get its first attempt
    assert attempt_findings(PENDING, [], NOW, NOW - timedelta(minutes=2)) == []


def test_a_settlement_on_an_unpaid_order_is_found_unless_the_admin_has_it():
    settled = ATTEMPT._replace(transaction_status="settlement")
    expired = PENDING._replace(status="expired", released=True)
    [found] = attempt_findings(expired, [settled], NOW)
    assert found.kind == "settled_unpaid"
    assert found.message == "PS-2026-000007-1 is settlement (115000), but the order is expired"
    # under review: on the admin's list already; a closed review naming it: dealt with
    assert attempt_findings(expired._replace(needs_review=True), [settled], NOW) == []
    note = "2026-12-01 10:00 UTC: PS-2026-000007-1 settled after the order was expired"
    assert attempt_findings(expired, [settled], NOW, review_note=note) == []


def test_findings_come_grouped_by_kind_then_order():
    snapshot = Snapshot(
        taken_at=NOW,
        orders=[ORDER._replace(id=8, number="PS-2026-000008", sub_orders=0), ORDER],
        sub_orders=[SUB._replace(accruals=0)],
        holdings=[HOLDING],
        products=[ProductRow(3, "VAS-1", "Vas", 5, 7, 9, held=2)],
        attempts=[],
    )
    found = findings(snapshot)
    assert [(f.kind, f.order) for f in found] == [
        ("order_structure", "PS-2026-000008"),
        ("stock_history", None),
        ("stock_orders", None),
        ("accrual", "PS-2026-000007"),
        ("ledger", "PS-2026-000008"),
    ]


def test_a_completed_parcel_has_its_dates_and_no_open_complaint():
    completed = SUB._replace(status="completed", shipped=True, completed=True)
    assert after_sale_findings(ORDER, completed) == []
    assert after_sale_findings(ORDER, SUB._replace(open_complaints=1)) == []  # held: fine

    undated = after_sale_findings(ORDER, completed._replace(completed=False))
    disputed = after_sale_findings(ORDER, completed._replace(open_complaints=1))
    twice = after_sale_findings(ORDER, SUB._replace(open_complaints=2))

    assert kinds(undated) == kinds(disputed) == kinds(twice) == ["after_sale"]
    assert "completed while a complaint is open" in disputed[0].message
    assert "2 open complaints" in twice[0].message
