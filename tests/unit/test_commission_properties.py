"""Properties of the pure commission arithmetic (hypothesis), checked against exact fractions."""

from datetime import date, timedelta
from fractions import Fraction
from math import floor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.ledger.commission import (
    MAX_RATE_BP,
    Rule,
    RuleScope,
    commission_for,
    rate_in_force,
    reversal_target,
    split_refund,
)

GOODS = st.integers(min_value=1, max_value=10**9)
RATES = st.integers(min_value=0, max_value=MAX_RATE_BP)
SETTINGS = settings(max_examples=300, database=None)


def _half_up(value: Fraction) -> int:
    """Exact half-up rounding of a non-negative fraction."""
    return floor(value + Fraction(1, 2))


@st.composite
def refund_runs(draw):
    """(goods, rate, accrual, [goods refunded by each refund, in order])."""
    goods = draw(GOODS)
    rate = draw(RATES)
    parts, left = [], goods
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        if left == 0:
            break
        part = draw(st.integers(min_value=1, max_value=left))
        parts.append(part)
        left -= part
    if draw(st.booleans()) and left:
        parts.append(left)  # often end with the rest: a full refund in instalments
    return goods, rate, commission_for(goods, rate), parts


@SETTINGS
@given(GOODS, RATES)
def test_commission_for_is_exact_half_up_rounding_within_the_goods(goods, rate):
    commission = commission_for(goods, rate)

    assert commission == _half_up(Fraction(goods * rate, 10_000))
    assert 0 <= commission <= goods
    assert isinstance(commission, int)


@SETTINGS
@given(GOODS)
def test_commission_for_the_extreme_rates_is_nothing_or_everything(goods):
    assert commission_for(goods, 0) == 0
    assert commission_for(goods, MAX_RATE_BP) == goods


@SETTINGS
@given(GOODS, RATES, RATES)
def test_commission_for_never_falls_when_the_rate_rises(goods, rate_a, rate_b):
    low, high = sorted((rate_a, rate_b))
    assert commission_for(goods, low) <= commission_for(goods, high)


@pytest.mark.parametrize(("goods", "rate"), [(-1, 1000), (100, -1), (100, MAX_RATE_BP + 1)])
def test_commission_for_refuses_negative_goods_and_rates_out_of_range(goods, rate):
    with pytest.raises(ValueError):
        commission_for(goods, rate)


@SETTINGS
@given(refund_runs())
def test_reversal_target_is_monotone_and_never_exceeds_the_accrual(run):
    goods, _rate, accrued, parts = run
    refunded, previous = 0, 0
    for part in parts:
        refunded += part
        target = reversal_target(accrued, goods, refunded, cancelled=False)
        assert previous <= target <= accrued
        expected = accrued if refunded >= goods else _half_up(Fraction(accrued * refunded,
                                                                        goods))
        assert target == expected
        previous = target


@SETTINGS
@given(GOODS, RATES, st.integers(min_value=0, max_value=10**9))
def test_reversal_target_is_the_whole_accrual_when_cancelled_or_fully_refunded(
        goods, rate, refunded):
    accrued = commission_for(goods, rate)

    assert reversal_target(accrued, goods, refunded, cancelled=True) == accrued
    assert reversal_target(accrued, goods, goods, cancelled=False) == accrued
    assert reversal_target(accrued, goods, goods + refunded, cancelled=False) == accrued
    assert reversal_target(accrued, goods, 0, cancelled=False) == 0


@SETTINGS
@given(refund_runs(), st.booleans())
def test_running_reversals_are_never_negative_and_add_up_to_the_target(run, cancel_at_end):
    goods, _rate, accrued, parts = run
    reversals, refunded, booked = [], 0, 0
    for part in parts:
        refunded += part
        target = reversal_target(accrued, goods, refunded, cancelled=False)
        reversals.append(target - booked)
        booked = target
    if cancel_at_end:
        final = reversal_target(accrued, goods, refunded, cancelled=True)
        reversals.append(final - booked)
        booked = final

    assert all(step >= 0 for step in reversals)
    assert sum(reversals) == booked == reversal_target(accrued, goods, refunded,
                                                       cancelled=cancel_at_end)
    if cancel_at_end or refunded == goods:
        assert sum(reversals) == accrued


@st.composite
def refund_splits(draw):
    goods_left = draw(st.integers(min_value=0, max_value=10**9))
    shipping_left = draw(st.integers(min_value=0, max_value=10**6))
    if goods_left + shipping_left == 0:
        goods_left = 1
    amount = draw(st.integers(min_value=1, max_value=goods_left + shipping_left))
    return amount, goods_left, shipping_left


@SETTINGS
@given(refund_splits())
def test_split_refund_covers_the_goods_first_then_the_shipping(case):
    amount, goods_left, shipping_left = case
    goods_part, shipping_part = split_refund(amount, goods_left, shipping_left)

    assert goods_part >= 0 and shipping_part >= 0
    assert goods_part + shipping_part == amount
    assert goods_part <= goods_left and shipping_part <= shipping_left
    assert shipping_part == 0 or goods_part == goods_left  # shipping only once goods are done


@SETTINGS
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6),
       st.data())
def test_split_refund_refuses_nothing_and_more_than_is_left(goods_left, shipping_left, data):
    amount = data.draw(st.one_of(
        st.integers(max_value=0), st.integers(min_value=goods_left + shipping_left + 1)))
    with pytest.raises(ValueError):
        split_refund(amount, goods_left, shipping_left)


@st.composite
def rule_books(draw):
    """Random rules for groups 1..3 in sentra 1..2, and a day to look them up on."""
    start = date(2024, 1, 1)
    rules, seen = [], set()
    for rule_id in range(1, draw(st.integers(min_value=0, max_value=12)) + 1):
        scope = draw(st.sampled_from(list(RuleScope)))
        target = None if scope == RuleScope.DEFAULT else draw(st.integers(1, 3))
        day = start + timedelta(days=draw(st.integers(0, 400)))
        if (scope, target, day) in seen:  # one rule per target and day, as in the table
            continue
        seen.add((scope, target, day))
        rules.append(Rule(rule_id, scope, target, draw(RATES), day))
    on = start + timedelta(days=draw(st.integers(0, 450)))
    return rules, draw(st.integers(1, 3)), draw(st.integers(1, 2)), on


@SETTINGS
@given(rule_books())
def test_rate_in_force_is_the_latest_rule_of_the_most_specific_scope(book):
    rules, group_id, sentra_id, on = book
    chosen = rate_in_force(rules, group_id, sentra_id, on)

    applicable = {
        RuleScope.GROUP: [r for r in rules if r.scope == RuleScope.GROUP
                          and r.target_id == group_id and r.effective_from <= on],
        RuleScope.SENTRA: [r for r in rules if r.scope == RuleScope.SENTRA
                           and r.target_id == sentra_id and r.effective_from <= on],
        RuleScope.DEFAULT: [r for r in rules if r.scope == RuleScope.DEFAULT
                            and r.effective_from <= on],
    }
    expected = None
    for scope in (RuleScope.GROUP, RuleScope.SENTRA, RuleScope.DEFAULT):
        if applicable[scope]:
            expected = max(applicable[scope], key=lambda r: r.effective_from)
            break
    assert chosen == expected
