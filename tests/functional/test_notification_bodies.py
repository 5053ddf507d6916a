"""The notification endpoint keeps every body byte for byte and never answers 500."""

from __future__ import annotations

import hashlib
import json
from unittest import mock

import pytest
import requests
from sqlalchemy import select

from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
from marketplace.kernel.extensions import db
from marketplace.payments.models import PaymentNotification
from tests.checkout_helpers import notify, place

URL = "/pembayaran/midtrans/notifikasi"


# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


def _post(client, body: bytes):
    return client.post(URL, data=body, content_type="application/json")


def _rows() -> list[PaymentNotification]:
    db.session.expire_all()
    return list(db.session.scalars(select(PaymentNotification).order_by(PaymentNotification.id)))


def _signed(order_id: str, status_code: str = "200", gross: str = "125000.00") -> dict:
    raw = order_id + status_code + gross + SIMULATOR_SERVER_KEY
    return {"order_id": order_id, "status_code": status_code, "gross_amount": gross,
            "transaction_status": "settlement",
            "signature_key": hashlib.sha512(raw.encode()).hexdigest()}


@pytest.mark.parametrize(
    "body",
    [
        # an escaped NUL in a field we copy into our own columns, correctly signed
        json.dumps(_signed("PS-2026-000001-1\u0000x")).encode(),
        # an escaped NUL deeper down, in a key
        b'{"order_id": "PS-1", "va_numbers": [{"bank\\u0000": "bca"}]}',
        # raw NUL bytes: inside a JSON string, and as the whole body
        b'{"order_id": "PS-2026-000001-1\x00", "status_code": "200"}',
        b"\x00\x00\x00\x00",
        # not UTF-8 at all
        b'{"order_id": "\xff\xfe\xc3"}',
    ],
    ids=["escaped-nul", "escaped-nul-in-a-key", "raw-nul-in-a-string", "raw-nul", "not-utf-8"],
)
def test_notification_with_a_nul_is_kept_byte_for_byte_and_answered_400(app, client, body):
    # when Midtrans's endpoint receives a body holding a NUL (or bytes that are not text)
    response = _post(client, body)
    # then it is bad input, not a crash, and the row keeps exactly the bytes that came
    assert response.status_code == 400
    [row] = _rows()
    assert bytes(row.raw_body) == body
    assert row.verdict == "bad_json"
    # and nothing derived from the body carries the NUL into a text column
    assert "\x00" not in row.midtrans_order_id + row.transaction_status + row.detail


@pytest.mark.parametrize(
    "body",
    [b"[" * 200_000 + b"]" * 200_000,
     b'{"order_id": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b"}"],
    ids=["nested-lists", "nested-objects"],
)
def test_deeply_nested_notification_is_kept_and_answered_400(app, client, body):
    # when the body nests deeper than the JSON parser can follow
    response = _post(client, body)
    # then it is bad input, answered 400 with the body kept in full
    assert response.status_code == 400
    [row] = _rows()
    assert bytes(row.raw_body) == body and row.verdict == "bad_json"


def test_a_notification_body_is_shown_to_people_with_its_nul_escaped(app, client):
    _post(client, b'{"a": "\x00\xff"}')
    [row] = _rows()
    assert row.body_text == '{"a": "\\x00\\xff"}'


def test_a_failure_after_the_body_is_kept_is_answered_503_with_the_verdict(
        app, client, shop, simulator):
    # given a settled payment whose application fails unexpectedly
    order, attempt, _ = place(client, shop, simulator)
    requests.post(f"{simulator.base_url}/_simulator/pay/{attempt.midtrans_order_id}",
                  json={"transaction_status": "settlement", "notify": False}, timeout=5)
    with mock.patch("marketplace.payments.notifications.apply_status",
                    side_effect=RuntimeError("disk full")):
        # when its notification arrives
        response = notify(client, simulator, attempt.midtrans_order_id)
    # then Midtrans is asked to try again (503, not 500) and the row says what happened
    assert response.status_code == 503
    [row] = _rows()
    assert row.verdict == "error" and "RuntimeError" in row.detail
    assert json.loads(row.raw_body)["order_id"] == attempt.midtrans_order_id
    # and the retry applies it
    assert notify(client, simulator, attempt.midtrans_order_id).json["status"] == "applied"
    db.session.expire_all()
    assert order.status == "paid"


def test_a_signed_notification_with_numbers_for_strings_is_applied(
        app, client, shop, simulator):
    # given a settled payment, and its notification with status_code and gross_amount as
    # JSON numbers (signed, as Midtrans signs, over "200" and the two-decimal amount)
    order, attempt, _ = place(client, shop, simulator)
    requests.post(f"{simulator.base_url}/_simulator/pay/{attempt.midtrans_order_id}",
                  json={"transaction_status": "settlement", "notify": False}, timeout=5)
    body = _signed(attempt.midtrans_order_id, gross=f"{order.grand_total}.00")
    body.update(status_code=200, gross_amount=order.grand_total)
    # when it arrives
    response = _post(client, json.dumps(body).encode())
    # then the signature holds and the payment is applied
    assert response.status_code == 200 and response.json["status"] == "applied"


def test_replays_and_reconcile_runs_add_one_review_note(app, client, shop,
                                                        simulator):
    # given a card payment held for fraud review (capture + challenge)
    order, attempt, _ = place(client, shop, simulator)
    requests.post(f"{simulator.base_url}/_simulator/pay/{attempt.midtrans_order_id}",
                  json={"transaction_status": "capture", "fraud_status": "challenge",
                        "payment_type": "credit_card", "notify": False}, timeout=5)
    # when its notification arrives three times and reconcile runs twice
    for _ in range(3):
        assert notify(client, simulator, attempt.midtrans_order_id).json["status"] == "flagged"
    runner = app.test_cli_runner()
    for _ in range(2):
        runner.invoke(args=["payments", "reconcile"])
    # then the order is flagged once, with one note
    db.session.expire_all()
    assert order.needs_review and order.status == "pending_payment"
    assert len(order.review_reason.splitlines()) == 1
    assert "challenge" in order.review_reason
