"""Commission rules: what a rule means for the next payment, by precedence and effective
date, and the database's last word on twin or used rules."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest

from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.ledger import rules
from marketplace.ledger.rules import today_wib
from tests.commission_helpers import _count, _rules
from tests.factories import make_group, make_order, make_rule, make_sentra, pay


# --- Precedence and effective dates, end to end through payment ----------------------------
def _paid_rate(group, at: datetime) -> int:
    sub = pay(make_order([(group, 200_000)], at=at), at=at).sub_orders[0]
    return sub.commission_rate_bp


def test_payments_are_charged_by_group_then_sentra_then_default_on_the_day_paid(app):
    # given rules that start on different days
    dinoyo, celuk = make_sentra(), make_sentra()
    tanah_liat = make_group(sentra=dinoyo)
    gerabah = make_group(sentra=dinoyo)
    perak = make_group(sentra=celuk)
    make_rule(1000, effective_from=date(2025, 1, 1))
    make_rule(800, effective_from=date(2025, 3, 1), sentra=dinoyo)
    make_rule(1200, effective_from=date(2025, 5, 1))
    make_rule(500, effective_from=date(2025, 6, 1), group=tanah_liat)

    def wib(day: date, hour: int = 10) -> datetime:  # 10:00 WIB is 03:00 UTC
        return datetime(day.year, day.month, day.day, hour - 7, tzinfo=UTC)

    # then each payment uses the most specific rule in force on the day it was paid
    assert _paid_rate(tanah_liat, wib(date(2025, 2, 10))) == 1000  # only the default
    assert _paid_rate(tanah_liat, wib(date(2025, 4, 10))) == 800  # the sentra's rule
    assert _paid_rate(tanah_liat, wib(date(2025, 5, 10))) == 800  # sentra beats newer default
    assert _paid_rate(perak, wib(date(2025, 5, 10))) == 1200  # another sentra: new default
    assert _paid_rate(tanah_liat, wib(date(2025, 7, 1))) == 500  # the group's own rule
    assert _paid_rate(gerabah, wib(date(2025, 7, 1))) == 800  # not another group's rule
    # the day is the Jakarta day: 00:30 WIB on 1 June is still 31 May in UTC
    just_after_midnight = datetime(2025, 5, 31, 17, 30, tzinfo=UTC)
    assert _paid_rate(tanah_liat, just_after_midnight) == 500
    assert _paid_rate(tanah_liat, just_after_midnight - timedelta(hours=1)) == 800


def test_a_later_rule_never_changes_what_earlier_payments_were_charged(app):
    group = make_group()
    make_rule(1000, effective_from=date(2025, 1, 1))
    paid_in_january = pay(make_order([(group, 12_345)], at=datetime(2025, 1, 20, 3, tzinfo=UTC)),
                          at=datetime(2025, 1, 20, 3, tzinfo=UTC)).sub_orders[0]
    make_rule(1250, effective_from=date(2025, 2, 1), group=group)
    paid_in_february = pay(make_order([(group, 12_345)], at=datetime(2025, 2, 2, 3, tzinfo=UTC)),
                           at=datetime(2025, 2, 2, 3, tzinfo=UTC)).sub_orders[0]
    db.session.commit()

    assert (paid_in_january.commission_rate_bp, paid_in_january.commission_amount) == (1000,
                                                                                      1235)
    assert (paid_in_february.commission_rate_bp, paid_in_february.commission_amount) == (
        1250, 1543)


# --- The database has the last word ------------------------------------------------------
def test_a_twin_rule_slipping_past_the_check_is_refused_by_the_database(app):
    # as when two admins save the same rule at the same moment
    group = make_group()
    day = today_wib() + timedelta(days=2)
    make_rule(900, effective_from=day, group=group)
    with mock.patch.object(rules, "_twin_exists", return_value=False), \
            pytest.raises(rules.RuleError) as refused:
        rules.add_rule("group", group.id, 950, day, "", None)
    assert refused.value.field == "effective_from"
    db.session.commit()  # the session is still usable and kept the first rule
    assert [r.rate_bp for r in _rules()] == [900] and _count(AuditEntry) == 0


def test_a_rule_used_by_a_payment_racing_the_delete_is_kept(app):
    group = make_group()
    rule = make_rule(1100, effective_from=today_wib(), group=group)
    pay(make_order([(group, 50_000)]))
    db.session.commit()
    with mock.patch.object(rules, "rule_in_use", return_value=False), \
            pytest.raises(rules.RuleError):
        rules.delete_rule(rule)
    db.session.rollback()
    assert [r.id for r in _rules()] == [rule.id]
