"""Managing commission rules: adding, deleting an unused upcoming rule, and the overview.

A rule sets a rate (basis points) from a day on (Asia/Jakarta) for the association's
default, one sentra or one producer group. Rules never start in the past: payments already
made were charged at the rates then in force, and that history never changes. A rule is
deleted only while it is today's or upcoming and no sub-order was charged at it.
Every change is written to the admin audit log. Services flush; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from marketplace.catalog.models import ProducerGroup, Sentra
from marketplace.kernel import audit
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError
from marketplace.kernel.timeutil import jakarta_today as today_wib  # the day rules are dated by
from marketplace.ledger.commission import MAX_RATE_BP, RuleScope, percent_text
from marketplace.ledger.models import CommissionRule
from marketplace.orders.models import SubOrder

AUDIT_FIELDS = ("scope", "target_key", "sentra_id", "group_id", "rate_bp", "effective_from",
                "note")


class RuleError(MessageError):
    """A rule that cannot be added or deleted; str(error) is the message for the admin,
    `.params` the days and names it mentions, and `field` names the form field it is about
    (None when it is about the whole rule)."""

    def __init__(self, message: str, field: str | None = None, **params) -> None:
        super().__init__(message, **params)
        self.field = field


class RuleState(StrEnum):
    IN_FORCE = "in_force"  # the rule its target uses today
    UPCOMING = "upcoming"  # starts after today
    REPLACED = "replaced"  # a later rule for the same target is in force



def target_key(scope: RuleScope, target_id: int | None) -> str:
    return "default" if scope == RuleScope.DEFAULT else f"{scope.value}:{target_id}"


def target_name(rule: CommissionRule) -> str:
    """Who the rule is for, in words: the default, a sentra's or a group's name."""
    if rule.scope == RuleScope.SENTRA:
        return rule.sentra.name
    if rule.scope == RuleScope.GROUP:
        return rule.group.name
    return _("Association default")


def _snapshot(rule: CommissionRule) -> dict:
    return {**audit.snapshot(rule, AUDIT_FIELDS), "target": target_name(rule)}


def _summary(rule: CommissionRule) -> str:
    return (f"{rule.target_key} ({target_name(rule)}): {percent_text(rule.rate_bp)} % "
            f"from {rule.effective_from.isoformat()}")


def _check_target(scope: RuleScope, target_id: int | None):
    """The sentra or group the rule is for (None for the default); RuleError if missing."""
    if scope == RuleScope.DEFAULT:
        return None
    model, field = (Sentra, "sentra_id") if scope == RuleScope.SENTRA else (
        ProducerGroup, "group_id")
    if not target_id:
        message = (_("Choose the sentra this rate is for.") if scope == RuleScope.SENTRA
                   else _("Choose the producer group this rate is for."))
        raise RuleError(message, field)
    target = db.session.get(model, target_id)
    if target is None:
        message = (_("That sentra does not exist.") if scope == RuleScope.SENTRA
                   else _("That producer group does not exist."))
        raise RuleError(message, field)
    return target


def check_start_day(day: date, today: date | None = None) -> None:
    """RuleError unless `day` is today (WIB) or later: paid orders keep their rates."""
    today = today or today_wib()
    if day < today:
        raise RuleError(N_("A rule cannot start before today (%(today)s): payments already "
                           "made keep the rate they were charged. Choose today or a later "
                           "day."), "effective_from", today=today)


def _twin_exists(key: str, day: date) -> bool:
    return db.session.scalar(select(CommissionRule.id).where(
        CommissionRule.target_key == key, CommissionRule.effective_from == day)) is not None


def add_rule(scope, target_id: int | None, rate_bp: int, effective_from: date, note: str,
             actor=None, today: date | None = None) -> CommissionRule:
    """Add a rule from `effective_from` on; RuleError (translated) when it is refused.

    Refused: an unknown scope or target, a rate outside 0..100 %, a first day before today
    (WIB), and a second rule for the same target and day.
    """
    try:
        scope = RuleScope(scope)
    except ValueError:
        raise RuleError(_("Choose what the rule applies to."), "scope") from None
    if not isinstance(rate_bp, int) or not 0 <= rate_bp <= MAX_RATE_BP:
        raise RuleError(_("Enter a rate from 0 to 100 percent."), "rate")
    check_start_day(effective_from, today)
    target = _check_target(scope, target_id)
    key = target_key(scope, target.id if target else None)
    rule = CommissionRule(
        scope=scope, target_key=key, rate_bp=rate_bp, effective_from=effective_from,
        sentra=target if scope == RuleScope.SENTRA else None,
        group=target if scope == RuleScope.GROUP else None,
        note=(note or "").strip()[:300], created_by_id=getattr(actor, "id", None),
    )
    duplicate = RuleError(N_("There is already a rule for %(target)s starting on %(day)s. "
                             "Choose another day, or delete that rule first if it has not "
                             "been used."), "effective_from",
                          target=target.name if target else _("Association default"),
                          day=effective_from)
    if _twin_exists(key, effective_from):
        raise duplicate
    try:
        with db.session.begin_nested():  # a concurrent twin loses on the unique key
            db.session.add(rule)
            db.session.flush()
    except IntegrityError:
        raise duplicate from None
    audit.record("commission_rule.add", rule, _summary(rule), None, _snapshot(rule))
    return rule


def rule_in_use(rule: CommissionRule) -> bool:
    """Whether any sub-order was charged at this rule (its rate is then history)."""
    return db.session.scalar(
        select(SubOrder.id).where(SubOrder.commission_rule_id == rule.id).limit(1)
    ) is not None


def deletable(rule: CommissionRule, used: bool, today: date) -> bool:
    return rule.effective_from >= today and not used


def delete_rule(rule: CommissionRule, today: date | None = None) -> None:
    """Delete a rule that is today's or upcoming and was never used; RuleError otherwise."""
    today = today or today_wib()
    if rule.effective_from < today:
        raise RuleError(N_("This rule has been in force since %(day)s and is part of the "
                           "history: it cannot be deleted. To change the rate, add a new "
                           "rule."), day=rule.effective_from)
    used = _("Payments have already been charged at this rule, so it is part of the history "
             "and cannot be deleted. To change the rate, add a new rule from tomorrow.")
    if rule_in_use(rule):
        raise RuleError(used)
    before = _snapshot(rule)
    audit.record("commission_rule.delete", rule, _summary(rule), before, None)
    try:
        with db.session.begin_nested():  # a payment that just used it keeps it
            db.session.delete(rule)
            db.session.flush()
    except IntegrityError:
        raise RuleError(used) from None


# --- The overview page -----------------------------------------------------------------
@dataclass(frozen=True)
class RuleRow:
    rule: CommissionRule
    state: RuleState
    uses: int  # sub-orders charged at this rule
    deletable: bool

    @property
    def target(self) -> str:
        return target_name(self.rule)


@dataclass(frozen=True)
class Overview:
    today: date
    default: RuleRow | None  # the default rule in force today, if any
    fallback_bp: int  # the configured rate used while no default rule is in force
    overrides: list[RuleRow]  # sentra then group rules in force today
    upcoming: list[RuleRow]  # soonest first
    history: list[RuleRow]  # every rule, newest first

    @property
    def default_bp(self) -> int:
        return self.default.rule.rate_bp if self.default else self.fallback_bp


def rules_overview(today: date | None = None) -> Overview:
    """Everything the rules page shows, in two queries however many rules there are."""
    today = today or today_wib()
    rules = db.session.scalars(
        select(CommissionRule)
        .options(joinedload(CommissionRule.sentra),
                 joinedload(CommissionRule.group).joinedload(ProducerGroup.sentra),
                 joinedload(CommissionRule.created_by))
        .order_by(CommissionRule.effective_from.desc(), CommissionRule.id.desc())
    ).unique().all()
    uses = dict(db.session.execute(
        select(SubOrder.commission_rule_id, func.count(SubOrder.id))
        .where(SubOrder.commission_rule_id.is_not(None))
        .group_by(SubOrder.commission_rule_id)
    ).all())
    in_force: dict[str, int] = {}
    for rule in rules:  # newest first: the first started rule per target is the one in force
        if rule.effective_from <= today:
            in_force.setdefault(rule.target_key, rule.id)
    rows = []
    for rule in rules:
        if rule.effective_from > today:
            state = RuleState.UPCOMING
        elif in_force[rule.target_key] == rule.id:
            state = RuleState.IN_FORCE
        else:
            state = RuleState.REPLACED
        used = uses.get(rule.id, 0)
        rows.append(RuleRow(rule, state, used, deletable(rule, used > 0, today)))
    current = [row for row in rows if row.state == RuleState.IN_FORCE]
    scope_order = {RuleScope.SENTRA: 0, RuleScope.GROUP: 1}
    return Overview(
        today=today,
        default=next((r for r in current if r.rule.scope == RuleScope.DEFAULT), None),
        fallback_bp=current_app.config["COMMISSION_DEFAULT_BP"],
        overrides=sorted((r for r in current if r.rule.scope != RuleScope.DEFAULT),
                         key=lambda r: (scope_order[r.rule.scope], r.target.lower())),
        upcoming=sorted((r for r in rows if r.state == RuleState.UPCOMING),
                        key=lambda r: (r.rule.effective_from, r.rule.id)),
        history=rows,
    )


def target_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(sentra, producer groups) as (id, label) for the form's selects, by name."""
    sentra = [(s.id, s.name) for s in db.session.execute(
        select(Sentra.id, Sentra.name).order_by(Sentra.name))]
    groups = [(g.id, f"{g.name} · {g.sentra_name}") for g in db.session.execute(
        select(ProducerGroup.id, ProducerGroup.name, Sentra.name.label("sentra_name"))
        .join(Sentra, Sentra.id == ProducerGroup.sentra_id)
        .order_by(ProducerGroup.name))]
    return sentra, groups
