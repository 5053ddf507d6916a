"""The demo history's timeline: events run in time order with the one clock
(kernel.timeutil.clock) showing each event's moment, and the demo's few date helpers."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from datetime import date, datetime, timedelta

from flask import current_app

from marketplace.kernel.timeutil import clock, jakarta_date, jakarta_day_start
from marketplace.ledger import payouts, refunds
from marketplace.orders import fulfilment


class Timeline:
    """Events run in time order, with the clock showing each event's moment; an event may
    add later ones."""

    def __init__(self) -> None:
        self._events: list[tuple[datetime, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self.moment: datetime | None = None  # the event running now

    def add(self, moment: datetime, action: Callable[[], None]) -> None:
        heapq.heappush(self._events, (moment, next(self._seq), action))

    def run(self) -> None:
        before = clock.frozen_at
        try:
            while self._events:
                self.moment, _seq, action = heapq.heappop(self._events)
                clock.frozen_at = self.moment  # the one clock every service reads
                try:
                    action()
                except (refunds.RefundError, payouts.PayoutError,
                        fulfilment.SubOrderError) as exc:  # never expected: keep the rest
                    current_app.logger.warning("demo history: skipped an event: %s", exc)
        finally:
            clock.frozen_at = before


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return jakarta_day_start(day) + timedelta(hours=hour, minutes=minute)


def after_payout(delivered: datetime) -> date:
    """A day after the payout that covers a parcel delivered then (the next month's 6th)."""
    month = (jakarta_date(delivered).replace(day=1) + timedelta(days=32)).replace(day=1)
    return month.replace(day=8)


