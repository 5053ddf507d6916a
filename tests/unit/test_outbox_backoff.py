"""The outbox's retry schedule (pure)."""

from datetime import timedelta

from marketplace.kernel.outbox import retry_delay


def test_retry_delay_doubles_after_each_failure_up_to_the_cap():
    # given a base of one minute and a cap of six hours
    waits = [retry_delay(n, 60, 6 * 3600) for n in range(1, 12)]
    # then the waits are 1, 2, 4… minutes, never more than the cap
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert waits[-1] == timedelta(hours=6) and waits == sorted(waits)
    # and absurd attempt counts neither overflow nor go below the base
    assert retry_delay(10_000, 60, 3600) == timedelta(hours=1)
    assert retry_delay(0, 60, 3600) == timedelta(minutes=1)
