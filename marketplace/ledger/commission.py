"""Commission arithmetic and rule precedence: pure functions over plain values.

Rates are basis points (1000 = 10 %). Rounding is money.py's half-up; nothing here
imports Flask or the database, so the rules are unit-tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marketplace.kernel.money import basis_points_of, round_half_up_div

MAX_RATE_BP = 10_000  # 100 %: the association never takes more than the goods


class RuleScope(StrEnum):
    DEFAULT = "default"
    SENTRA = "sentra"
    GROUP = "group"


# Group override > sentra override > association default (DOMAIN.md).
PRECEDENCE = (RuleScope.GROUP, RuleScope.SENTRA, RuleScope.DEFAULT)


@dataclass(frozen=True)
class Rule:
    id: int | None
    scope: RuleScope
    target_id: int | None  # the sentra or group id; None for the default
    rate_bp: int
    effective_from: date


class RateError(ValueError):
    """A rate that cannot be a commission rate; str(error) names the problem (English)."""


_PERCENT = re.compile(r"^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$", re.ASCII)


def parse_percent(text: str) -> int:
    """'12,5' or '12.50 %' -> 1250 basis points; RateError for anything else."""
    match = _PERCENT.match(text or "")
    if not match:
        raise RateError("format")
    whole, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    rate_bp = int(whole) * 100 + int(fraction)
    if rate_bp > MAX_RATE_BP:
        raise RateError("range")
    return rate_bp


def percent_text(rate_bp: int) -> str:
    """1250 -> '12.50' (the form field's value; the page formats it for the locale)."""
    return f"{rate_bp // 100}.{rate_bp % 100:02d}"


def rate_in_force(rules: Iterable[Rule], group_id: int, sentra_id: int,
                  on: date) -> Rule | None:
    """The rule that applies to a group on a day: the latest effective rule of the most
    specific scope that has one."""
    best: dict[RuleScope, Rule] = {}
    for rule in rules:
        if rule.effective_from > on:
            continue
        if rule.scope == RuleScope.GROUP and rule.target_id != group_id:
            continue
        if rule.scope == RuleScope.SENTRA and rule.target_id != sentra_id:
            continue
        current = best.get(rule.scope)
        if current is None or (rule.effective_from, rule.id or 0) > (
                current.effective_from, current.id or 0):
            best[rule.scope] = rule
    for scope in PRECEDENCE:
        if scope in best:
            return best[scope]
    return None


def commission_for(goods_amount: int, rate_bp: int) -> int:
    """round_half_up(goods * rate_bp / 10000): commission is on goods, never on shipping."""
    if goods_amount < 0 or not 0 <= rate_bp <= MAX_RATE_BP:
        raise ValueError("goods must be >= 0 and the rate within 0..10000 bp")
    return basis_points_of(goods_amount, rate_bp)


def net_to_group(goods_amount: int, shipping_amount: int, commission: int) -> int:
    return goods_amount + shipping_amount - commission


def reversal_target(accrued: int, goods_amount: int, goods_refunded: int,
                    cancelled: bool) -> int:
    """How much of the accrual should stand reversed in total.

    A group's cancellation reverses all of it. Refunds reverse in proportion to the goods
    refunded so far, computed on the running total so the parts always add up to the whole.
    """
    if cancelled or goods_refunded >= goods_amount:
        return accrued
    if goods_refunded <= 0 or goods_amount <= 0:
        return 0
    return round_half_up_div(accrued * goods_refunded, goods_amount)


def split_refund(amount: int, goods_left: int, shipping_left: int) -> tuple[int, int]:
    """A refund covers the goods first, then the shipping: (goods part, shipping part)."""
    if amount <= 0 or amount > goods_left + shipping_left:
        raise ValueError("a refund is positive and at most what is left to refund")
    goods_part = min(amount, goods_left)
    return goods_part, amount - goods_part
