"""Commission arithmetic and rule precedence (marketplace/ledger/commission.py), no app."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.ledger.commission import (
    MAX_RATE_BP,
    RateError,
    Rule,
    RuleScope,
    commission_for,
    net_to_group,
    parse_percent,
    percent_text,
    rate_in_force,
    reversal_target,
    split_refund,
)

GROUP, OTHER_GROUP, SENTRA, OTHER_SENTRA = 7, 8, 3, 4
TODAY = date(2026, 3, 15)
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
LONG_AGO = date(2025, 1, 1)


def default(rate_bp, since=LONG_AGO, rule_id=None):
    return Rule(rule_id, RuleScope.DEFAULT, None, rate_bp, since)


def for_sentra(rate_bp, since=LONG_AGO, sentra=SENTRA, rule_id=None):
    return Rule(rule_id, RuleScope.SENTRA, sentra, rate_bp, since)


def for_group(rate_bp, since=LONG_AGO, group=GROUP, rule_id=None):
    return Rule(rule_id, RuleScope.GROUP, group, rate_bp, since)


def rate_on(rules, day=TODAY):
    rule = rate_in_force(rules, GROUP, SENTRA, day)
    return None if rule is None else rule.rate_bp


# --- parse_percent ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "rate_bp"),
    [("12,5", 1250), ("12.50", 1250), ("12,5 %", 1250), ("12.5%", 1250), (" 7 ", 700),
     ("0", 0), ("0,05", 5), ("100", 10_000), ("100,00", 10_000), ("99,99", 9_999),
     ("10", 1000)],
)
def test_parse_percent_reads_comma_or_point_decimals_as_basis_points(text, rate_bp):
    assert parse_percent(text) == rate_bp


@pytest.mark.parametrize(
    "text", ["abc", "", "   ", "12,345", "-5", "- 5", "12,", ",5", "1.000,5", "12,5 %%",
             "1e2", "12 5", "1000"],
)
def test_parse_percent_refuses_what_is_not_a_percentage_with_two_decimals(text):
    with pytest.raises(RateError) as refused:
        parse_percent(text)
    assert str(refused.value) == "format"


@pytest.mark.parametrize("text", ["150", "100,01", "100.5", "999"])
def test_parse_percent_refuses_more_than_a_hundred_percent(text):
    with pytest.raises(RateError) as refused:
        parse_percent(text)
    assert str(refused.value) == "range"


def test_parse_percent_refuses_nothing_at_all():
    with pytest.raises(RateError):
        parse_percent(None)


@pytest.mark.parametrize(("rate_bp", "text"), [(1250, "12.50"), (0, "0.00"), (5, "0.05"),
                                               (10_000, "100.00"), (1000, "10.00")])
def test_percent_text_gives_back_what_parse_percent_reads(rate_bp, text):
    assert percent_text(rate_bp) == text
    assert parse_percent(text) == rate_bp


# --- rate_in_force: precedence -----------------------------------------------------------
def test_rate_in_force_group_rule_beats_sentra_rule_beats_default():
    # given a default, a rule for the group's sentra and one for the group itself
    rules = [default(1000), for_sentra(800), for_group(500)]
    # then the group's own rule applies; without it the sentra's; without that the default
    assert rate_on(rules) == 500
    assert rate_on(rules[:2]) == 800
    assert rate_on(rules[:1]) == 1000


def test_rate_in_force_ignores_other_groups_and_other_sentra():
    rules = [default(1000), for_sentra(800, sentra=OTHER_SENTRA),
             for_group(500, group=OTHER_GROUP)]
    assert rate_on(rules) == 1000


def test_rate_in_force_is_none_without_any_rule_so_the_configured_fallback_applies():
    assert rate_in_force([], GROUP, SENTRA, TODAY) is None
    assert rate_in_force([for_group(500, group=OTHER_GROUP)], GROUP, SENTRA, TODAY) is None


def test_rate_in_force_a_sentra_rule_applies_to_a_group_without_a_default():
    assert rate_on([for_sentra(800)]) == 800


# --- rate_in_force: effective dates ------------------------------------------------------
def test_rate_in_force_a_rule_starting_tomorrow_is_not_used_today():
    rules = [default(1000), default(1500, since=TOMORROW)]
    assert rate_on(rules, TODAY) == 1000
    assert rate_on(rules, TOMORROW) == 1500


def test_rate_in_force_a_rule_starting_today_is_used_today():
    assert rate_on([default(1000), default(1500, since=TODAY)], TODAY) == 1500


def test_rate_in_force_the_latest_started_rule_wins_whatever_the_list_order():
    rules = [default(1200, since=date(2025, 6, 1)), default(1000, since=LONG_AGO),
             default(900, since=YESTERDAY), default(1100, since=date(2025, 12, 1))]
    assert rate_on(rules) == 900
    assert rate_on(list(reversed(rules))) == 900
    assert rate_on(rules, date(2025, 7, 1)) == 1200


def test_rate_in_force_a_later_group_rule_does_not_apply_before_its_day():
    # given a sentra rule in force and a group rule that only starts tomorrow
    rules = [default(1000), for_sentra(800), for_group(500, since=TOMORROW)]
    # then today the sentra rule still applies; from tomorrow the group's
    assert rate_on(rules, TODAY) == 800
    assert rate_on(rules, TOMORROW) == 500


def test_rate_in_force_before_any_rule_started_there_is_none():
    assert rate_on([default(1000, since=TOMORROW)], TODAY) is None


def test_rate_in_force_same_day_twins_resolve_to_the_later_rule():
    # the database forbids twins; if both exist anyway the later-added one counts
    rules = [for_group(500, rule_id=2), for_group(600, rule_id=9)]
    assert rate_in_force(rules, GROUP, SENTRA, TODAY).id == 9


# --- commission_for: half-up rounding ----------------------------------------------------
@pytest.mark.parametrize(
    ("goods", "rate_bp", "commission"),
    [(12_345, 1250, 1543),  # 1,543.125 -> 1,543
     (10, 1250, 1),  # 1.25 -> 1
     (4, 1250, 1),  # 0.5 -> 1 (half up)
     (3, 1250, 0),  # 0.375 -> 0
     (12_345, 1000, 1235),  # 1,234.5 -> 1,235
     (100_005, 1250, 12_501),  # 12,500.625 -> 12,501
     (0, 1250, 0),
     (125_000, 0, 0),
     (125_000, MAX_RATE_BP, 125_000)],
)
def test_commission_for_rounds_half_up_to_whole_rupiah(goods, rate_bp, commission):
    assert commission_for(goods, rate_bp) == commission


@pytest.mark.parametrize(("goods", "rate_bp"), [(-1, 1000), (1000, -1), (1000, 10_001)])
def test_commission_for_refuses_negative_goods_and_impossible_rates(goods, rate_bp):
    with pytest.raises(ValueError):
        commission_for(goods, rate_bp)


def test_net_to_group_is_goods_plus_shipping_less_commission():
    goods, shipping = 12_345, 15_000
    commission = commission_for(goods, 1250)
    assert net_to_group(goods, shipping, commission) == 12_345 + 15_000 - 1543
    assert net_to_group(goods, shipping, commission) + commission == goods + shipping


# --- reversal_target ---------------------------------------------------------------------
def test_reversal_target_a_cancellation_reverses_everything():
    assert reversal_target(1543, 12_345, 0, cancelled=True) == 1543
    assert reversal_target(1543, 12_345, 5_000, cancelled=True) == 1543


def test_reversal_target_nothing_refunded_reverses_nothing():
    assert reversal_target(1543, 12_345, 0, cancelled=False) == 0


def test_reversal_target_a_full_refund_reverses_everything():
    assert reversal_target(1543, 12_345, 12_345, cancelled=False) == 1543


def test_reversal_target_is_proportional_to_the_goods_refunded():
    # 10,000 commission on 100,000 goods: refunding 33,333 reverses 3,333.3 -> 3,333
    assert reversal_target(10_000, 100_000, 33_333, cancelled=False) == 3_333
    assert reversal_target(10_000, 100_000, 50_000, cancelled=False) == 5_000
    # 1,543 on 12,345: half the goods (6,172.5 cannot be; 6,173) -> 771.56... -> 772
    assert reversal_target(1543, 12_345, 6_173, cancelled=False) == 772


def test_reversal_target_running_totals_add_up_to_the_accrual():
    # three refunds of one unit each on three units: the parts 333 + 334 + 333 = 1,000
    targets = [reversal_target(1000, 3, refunded, cancelled=False) for refunded in (1, 2, 3)]
    parts = [targets[0], targets[1] - targets[0], targets[2] - targets[1]]
    assert targets == [333, 667, 1000]
    assert sum(parts) == 1000 and min(parts) >= 0


@settings(deadline=None, max_examples=200)
@given(goods=st.integers(1, 10_000_000), rate_bp=st.integers(0, MAX_RATE_BP),
       cuts=st.lists(st.integers(1, 10_000_000), max_size=6))
def test_reversal_target_parts_never_go_backwards_and_sum_to_the_accrual(goods, rate_bp,
                                                                          cuts):
    accrued = commission_for(goods, rate_bp)
    refunded, reversed_so_far = 0, 0
    for cut in [*cuts, goods]:
        refunded = min(goods, refunded + cut)
        target = reversal_target(accrued, goods, refunded, cancelled=False)
        assert target >= reversed_so_far  # a later refund never gives commission back
        reversed_so_far = target
    assert reversed_so_far == accrued


# --- split_refund ------------------------------------------------------------------------
def test_split_refund_covers_the_goods_first_then_the_shipping():
    assert split_refund(30_000, 100_000, 15_000) == (30_000, 0)
    assert split_refund(100_000, 100_000, 15_000) == (100_000, 0)
    assert split_refund(110_000, 100_000, 15_000) == (100_000, 10_000)
    assert split_refund(115_000, 100_000, 15_000) == (100_000, 15_000)


def test_split_refund_after_the_goods_are_refunded_only_shipping_is_left():
    assert split_refund(15_000, 0, 15_000) == (0, 15_000)


@pytest.mark.parametrize("amount", [0, -1, 115_001])
def test_split_refund_refuses_nothing_negative_or_more_than_is_left(amount):
    with pytest.raises(ValueError):
        split_refund(amount, 100_000, 15_000)
