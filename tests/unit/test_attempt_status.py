"""Payment-attempt states move only created → redirected | failed (payments/status.py)."""

import pytest

from marketplace.kernel.statemachine import IllegalTransitionError, check_transition
from marketplace.orders.attempts import ATTEMPT_TRANSITIONS, LIVE_STATES, AttemptState


@pytest.mark.parametrize("new", [AttemptState.REDIRECTED, AttemptState.FAILED])
def test_attempt_transitions_let_a_created_attempt_get_a_page_or_fail(new):
    check_transition(ATTEMPT_TRANSITIONS, AttemptState.CREATED, new)


@pytest.mark.parametrize("current", [AttemptState.REDIRECTED, AttemptState.FAILED])
@pytest.mark.parametrize("new", list(AttemptState))
def test_attempt_transitions_keep_a_redirected_or_failed_attempt_as_it_is(current, new):
    with pytest.raises(IllegalTransitionError):
        check_transition(ATTEMPT_TRANSITIONS, current, new)


def test_attempt_live_states_are_those_still_payable_or_being_made():
    assert LIVE_STATES == {AttemptState.CREATED, AttemptState.REDIRECTED}
