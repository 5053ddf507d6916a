"""Notification signatures and Midtrans amounts, checked without any server."""

from __future__ import annotations

import hashlib

import pytest

from marketplace.gateways.midtrans import (
    SIMULATOR_SERVER_KEY,
    parse_amount,
    signature_for,
    verify_signature,
)
from marketplace.gateways.midtrans_simulator import DEFAULT_SERVER_KEY

KEY = "SB-Mid-server-test-key"


def _notification(**changes) -> dict:
    payload = {"order_id": "PS-2026-000123-1", "status_code": "200", "gross_amount": "125000.00"}
    text = payload["order_id"] + payload["status_code"] + payload["gross_amount"] + KEY
    payload["signature_key"] = hashlib.sha512(text.encode()).hexdigest()
    payload.update(changes)
    return payload


def test_verify_signature_accepts_a_correct_signature():
    assert verify_signature(_notification(), KEY)


@pytest.mark.parametrize(
    "tampered",
    [
        {"gross_amount": "1250000.00"},
        {"gross_amount": "125000"},  # the same money, but not the string that was signed
        {"status_code": "201"},
        {"order_id": "PS-2026-000124-1"},
    ],
)
def test_verify_signature_refuses_tampered_fields(tampered):
    assert not verify_signature(_notification(**tampered), KEY)


def test_verify_signature_refuses_another_server_key():
    assert not verify_signature(_notification(), "SB-Mid-server-other-key")
    assert not verify_signature(_notification(), "")


@pytest.mark.parametrize(
    "numbers",
    [
        {"status_code": 200},
        {"gross_amount": 125000},
        {"gross_amount": 125000.0},
        {"status_code": 200, "gross_amount": 125000},
        {"status_code": 200.0, "gross_amount": 125000.00},
    ],
)
def test_verify_signature_reads_json_numbers_in_their_canonical_form(numbers):
    # given a notification signed over "200" and "125000.00", whose fields arrive as numbers
    payload = _notification(**numbers)
    # then it is verified on "200" and "125000.00", as Midtrans signed it
    assert verify_signature(payload, KEY)


@pytest.mark.parametrize(
    "numbers",
    [
        {"gross_amount": 125000.5},  # not the amount that was signed
        {"gross_amount": 1250000},
        {"status_code": 201},
        {"status_code": 200.5},
        {"status_code": True},
        {"gross_amount": True},
        {"gross_amount": float("nan")},
        {"gross_amount": float("inf")},
    ],
)
def test_verify_signature_refuses_numbers_that_are_not_what_was_signed(numbers):
    assert not verify_signature(_notification(**numbers), KEY)


@pytest.mark.parametrize(
    "broken",
    [
        {"status_code": [200]},
        {"gross_amount": {"value": "125000.00"}},
        {"order_id": 123},
        {"signature_key": None},
        {"signature_key": "é" * 128},  # non-ASCII must not crash the comparison
    ],
)
def test_verify_signature_refuses_missing_or_non_string_fields(broken):
    assert not verify_signature(_notification(**broken), KEY)


def test_verify_signature_refuses_a_payload_without_fields():
    assert not verify_signature({}, KEY)


def test_signature_for_matches_what_verify_signature_expects():
    payload = _notification()
    assert signature_for("PS-2026-000123-1", "200", "125000.00", KEY) == payload["signature_key"]


@pytest.mark.parametrize(
    ("value", "rupiah"),
    [("125000.00", 125_000), ("125000", 125_000), (125_000, 125_000), ("0.00", 0),
     (" 99000.0 ", 99_000)],
)
def test_parse_amount_reads_whole_rupiah(value, rupiah):
    assert parse_amount(value) == rupiah


@pytest.mark.parametrize(
    "value", ["100.50", "100.01", "1e5", "", "abc", "-5", "12.3.4", "1,000", "١٢٣", 1.5, 100.0,
              True, None, -1],
)
def test_parse_amount_refuses_what_is_not_whole_rupiah(value):
    with pytest.raises(ValueError):
        parse_amount(value)


def test_simulator_and_gateway_share_the_simulator_key():
    assert DEFAULT_SERVER_KEY == SIMULATOR_SERVER_KEY
