"""Freezing the application's one clock (marketplace.kernel.timeutil.clock) in tests.

Use the `clock` fixture to hold time still for a whole test and move it by hand, or
`frozen_at(moment)` around the few statements that should happen at a given moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from marketplace.kernel import timeutil


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    """Every `utcnow()` reads `moment` inside the block; the clock is as before after it."""
    before = timeutil.clock.frozen_at
    timeutil.clock.frozen_at = moment
    try:
        yield moment
    finally:
        timeutil.clock.frozen_at = before


class FrozenClock:
    """The application's clock held at `now`, moved only by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    @property
    def now(self) -> datetime:
        return timeutil.clock.frozen_at

    @now.setter
    def now(self, moment: datetime) -> None:
        timeutil.clock.frozen_at = moment

    def advance(self, **delta) -> None:
        """Move the clock forward by `timedelta(**delta)`."""
        self.now += timedelta(**delta)
