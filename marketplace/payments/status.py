"""Payment-attempt states and their transition table (pure data, like orders/status.py)."""

from enum import StrEnum


class AttemptState(StrEnum):
    CREATED = "created"  # saved before Snap is asked: no payment page yet
    REDIRECTED = "redirected"  # Snap gave a payment page (or Midtrans knows a payment for it)
    # Snap refused or could not be reached, or the start never finished and Midtrans knows
    # no payment for it: it can never be paid; paying again makes a new attempt.
    FAILED = "failed"


# created → redirected | failed; both are final. An attempt stays "created" only while its
# request talks to Snap: one unfinished after PAYMENT_START_STALE_SECONDS is settled with
# Midtrans (payments/service.py settle_abandoned_start).
ATTEMPT_TRANSITIONS: dict[AttemptState, frozenset[AttemptState]] = {
    AttemptState.CREATED: frozenset({AttemptState.REDIRECTED, AttemptState.FAILED}),
    AttemptState.REDIRECTED: frozenset(),
    AttemptState.FAILED: frozenset(),
}

# Attempts the buyer may still pay through, or that are being made right now.
LIVE_STATES = frozenset({AttemptState.CREATED, AttemptState.REDIRECTED})
