"""The one thing the order page says about paying, from the order and its latest attempt."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from marketplace.payments.progress import (
    CONFIRMING_WINDOW,
    PAYABLE,
    PaymentStep,
    pay_by,
    payment_step,
)

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@dataclass
class Attempt:
    state: str = "redirected"
    redirect_url: str = "https://app.sandbox.midtrans.com/snap/v4/redirection/abc"
    transaction_status: str = ""
    returned_at: datetime | None = None


def test_payment_step_offers_pay_now_before_any_attempt():
    assert payment_step("pending_payment", None, NOW) == PaymentStep.PAY


def test_payment_step_offers_a_retry_when_snap_failed():
    assert payment_step("pending_payment", Attempt(state="failed", redirect_url=""),
                        NOW) == PaymentStep.RETRY


def test_payment_step_says_confirming_right_after_the_buyer_returned():
    # given a buyer back from Snap a minute ago, Midtrans not yet heard from
    attempt = Attempt(returned_at=NOW - timedelta(minutes=1))
    # then no second payment is offered
    step = payment_step("pending_payment", attempt, NOW)
    assert step == PaymentStep.CONFIRMING and step not in PAYABLE


def test_payment_step_offers_pay_now_again_once_the_window_has_passed():
    attempt = Attempt(returned_at=NOW - CONFIRMING_WINDOW - timedelta(seconds=1))
    assert payment_step("pending_payment", attempt, NOW) == PaymentStep.PAY


@pytest.mark.parametrize("status", ["pending", "authorize"])
def test_payment_step_points_to_the_instructions_once_a_method_is_chosen(status):
    attempt = Attempt(transaction_status=status, returned_at=NOW)
    assert payment_step("pending_payment", attempt, NOW) == PaymentStep.INSTRUCTIONS


@pytest.mark.parametrize("status", ["capture", "settlement"])
def test_payment_step_never_offers_to_pay_twice_while_midtrans_holds_a_payment(status):
    # capture/challenge, or an amount being checked: the order is still pending
    attempt = Attempt(transaction_status=status)
    assert payment_step("pending_payment", attempt, NOW) == PaymentStep.CONFIRMING


def test_payment_step_thanks_only_a_buyer_who_just_paid():
    assert payment_step("paid", Attempt(transaction_status="settlement", returned_at=NOW),
                        NOW) == PaymentStep.THANKS
    assert payment_step("paid", Attempt(transaction_status="settlement"),
                        NOW) == PaymentStep.PAID


@pytest.mark.parametrize("status", ["cancelled", "expired", "refunded"])
def test_payment_step_is_closed_for_an_order_that_will_not_be_paid(status):
    attempt = Attempt(transaction_status="deny", returned_at=NOW)
    assert payment_step(status, attempt, NOW) == PaymentStep.CLOSED


def test_pay_by_is_an_hour_after_placing_while_there_is_no_payment_page():
    # given an order placed now, expiring in 24 hours, held one hour without a payment page
    expires, hour = NOW + timedelta(hours=24), timedelta(hours=1)
    # then without an attempt, or after Snap failed, it must be paid within the hour
    assert pay_by(expires, NOW, None, hour) == NOW + hour
    assert pay_by(expires, NOW, Attempt(state="failed", redirect_url=""), hour) == NOW + hour
    # and with a payment page it keeps its full time, never more
    assert pay_by(expires, NOW, Attempt(), hour) == expires
    assert pay_by(NOW + timedelta(minutes=30), NOW, None, hour) == NOW + timedelta(minutes=30)
