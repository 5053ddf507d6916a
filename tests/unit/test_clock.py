"""The one clock: utcnow reads the system time unless a test froze it."""

from datetime import UTC, datetime, timedelta

from marketplace.kernel.timeutil import jakarta_today, utcnow
from tests.clock import frozen_at

MOMENT = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)


def test_utcnow_runs_free_by_default():
    before = datetime.now(UTC)
    assert before <= utcnow() <= datetime.now(UTC)


def test_frozen_at_holds_every_reader_and_restores_the_clock():
    with frozen_at(MOMENT):
        assert utcnow() == MOMENT
        assert str(jakarta_today()) == "2026-03-02"  # 01:30 WIB the next day
        with frozen_at(MOMENT + timedelta(days=1)):
            assert utcnow() == MOMENT + timedelta(days=1)
        assert utcnow() == MOMENT
    assert utcnow() != MOMENT


def test_the_clock_fixture_moves_only_by_hand(clock):
    start = utcnow()
    assert utcnow() == start == clock.now
    clock.advance(minutes=15)
    assert utcnow() == start + timedelta(minutes=15)
    clock.now = MOMENT
    assert utcnow() == MOMENT
