"""The sign-in throttle's rules (pure): when an attempt may be checked, and what it costs.

A counter counts the attempts made under one key (an account, an address, an account from
one address, a trusted browser) since its window started. Every attempt is counted
*before* its password is checked, so parallel attempts cannot slip past a limit; a
successful one is given back afterwards.

- A hard rule refuses once `limit` attempts fall in the window, until the window ends.
- A soft rule never refuses for long: past `limit`, each further attempt waits a growing
  delay since the previous one (first_delay, doubled each time, at most max_delay), and
  the counter is forgotten after a whole window without attempts. An attacker can slow an
  account down this way but never lock its owner out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

ZERO = timedelta(0)


@dataclass(frozen=True)
class Rule:
    limit: int
    window: timedelta
    first_delay: timedelta | None = None  # set for a soft rule
    max_delay: timedelta | None = None

    @property
    def soft(self) -> bool:
        return self.first_delay is not None


@dataclass(frozen=True)
class Counter:
    attempts: int
    window_started_at: datetime
    last_attempt_at: datetime
    expires_at: datetime  # from then on the counter is as good as new


def fresh(now: datetime) -> Counter:
    return Counter(0, now, now, now)


def current(counter: Counter, now: datetime) -> Counter:
    """The counter as it stands at `now`: a fresh one once it has expired."""
    return counter if now < counter.expires_at else fresh(now)


def delay(rule: Rule, attempts: int) -> timedelta:
    """A soft rule's wait after `attempts` attempts (at least `limit`)."""
    doublings = min(attempts - rule.limit, 30)  # 2**30 s is past any sensible cap
    return min(rule.first_delay * 2**doublings, rule.max_delay)


def wait_before(counter: Counter, rule: Rule, now: datetime) -> timedelta:
    """How long before an attempt under `rule` may be checked; ZERO means now."""
    counter = current(counter, now)
    if counter.attempts < rule.limit:
        return ZERO
    if rule.soft:
        ready = counter.last_attempt_at + delay(rule, counter.attempts)
    else:
        ready = counter.window_started_at + rule.window
    return max(ready - now, ZERO)


def after_attempt(counter: Counter, rule: Rule, now: datetime) -> Counter:
    """The counter once an admitted attempt is counted."""
    counter = current(counter, now)
    # A soft counter lives a window past its last attempt; a hard one, to its window's end.
    expires_at = now + rule.window if rule.soft else counter.window_started_at + rule.window
    return Counter(counter.attempts + 1, counter.window_started_at, now, expires_at)


def after_success(counter: Counter, rule: Rule, now: datetime, clear: bool) -> Counter:
    """The counter once the attempt it counted turned out right: cleared, or given back."""
    if clear:
        return fresh(now)
    return replace(counter, attempts=max(counter.attempts - 1, 0))
