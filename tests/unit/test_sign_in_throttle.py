"""The sign-in throttle's rules, as plain functions of counters and time."""

from datetime import UTC, datetime, timedelta

from marketplace.accounts import throttle
from marketplace.accounts.throttle import ZERO, Rule

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)
HARD = Rule(5, WINDOW)
SOFT = Rule(10, WINDOW, first_delay=timedelta(seconds=2), max_delay=timedelta(seconds=60))


def _attempts(rule, count, start=T0, step=timedelta(0)):
    counter, now = throttle.fresh(start), start
    for _ in range(count):
        assert throttle.wait_before(counter, rule, now) == ZERO
        counter = throttle.after_attempt(counter, rule, now)
        now += step
    return counter


def test_hard_rule_refuses_past_its_limit_until_the_window_ends():
    counter = _attempts(HARD, 5, step=timedelta(minutes=1))
    at = T0 + timedelta(minutes=5)
    assert throttle.wait_before(counter, HARD, at) == timedelta(minutes=10)
    assert throttle.wait_before(counter, HARD, T0 + WINDOW) == ZERO
    # a new window starts from scratch
    renewed = throttle.after_attempt(counter, HARD, T0 + WINDOW)
    assert renewed.attempts == 1 and renewed.window_started_at == T0 + WINDOW


def test_soft_rule_delay_doubles_and_stops_at_the_cap():
    delays = [throttle.delay(SOFT, attempts).total_seconds() for attempts in range(10, 18)]
    assert delays == [2, 4, 8, 16, 32, 60, 60, 60]
    assert throttle.delay(SOFT, 10_000) == timedelta(seconds=60)  # no overflow


def test_soft_rule_waits_since_the_last_attempt():
    counter = _attempts(SOFT, 10)
    assert throttle.wait_before(counter, SOFT, T0) == timedelta(seconds=2)
    assert throttle.wait_before(counter, SOFT, T0 + timedelta(seconds=2)) == ZERO
    counter = throttle.after_attempt(counter, SOFT, T0 + timedelta(seconds=2))
    assert throttle.wait_before(counter, SOFT, T0 + timedelta(seconds=3)) == timedelta(seconds=3)


def test_soft_rule_forgets_after_a_window_without_attempts():
    counter = _attempts(SOFT, 10, step=timedelta(minutes=10))  # spread over 90 minutes
    last = T0 + timedelta(minutes=90)
    assert counter.attempts == 10
    assert throttle.wait_before(counter, SOFT, last + WINDOW - timedelta(seconds=1)) == ZERO
    assert throttle.current(counter, last + WINDOW).attempts == 0


def test_success_clears_or_gives_back_one_attempt():
    counter = _attempts(HARD, 3)
    assert throttle.after_success(counter, HARD, T0, clear=True).attempts == 0
    assert throttle.after_success(counter, HARD, T0, clear=False).attempts == 2
    assert throttle.after_success(throttle.fresh(T0), HARD, T0, clear=False).attempts == 0
