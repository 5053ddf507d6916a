"""The simulator notifies the shop as Midtrans does: signed, retried, never redirected."""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY, verify_signature
from marketplace.gateways.midtrans_simulator import SimulatorServer
from tests.simulator_helpers import (
    FAST,
    NOTIFY_PATH,
    Receiver,
    create_snap,
    hook,
    serving,
    snap_params,
    wait_for,
)

KEY = SIMULATOR_SERVER_KEY
WIB = timezone(timedelta(hours=7))


@pytest.fixture
def receiver():
    return Receiver()


@pytest.fixture
def shop_url(receiver):
    with serving(receiver) as base_url:
        yield base_url


@pytest.fixture
def simulator(shop_url):
    with SimulatorServer(KEY, None, **FAST) as sim:
        sim.notify_url = shop_url + NOTIFY_PATH  # set after start, as the tests of the shop do
        yield sim


def _snap(simulator, order_id: str, **extra) -> dict:
    answer = create_snap(simulator.base_url, KEY, snap_params(order_id, **extra))
    assert answer.status_code == 201, answer.text
    return answer.json()


def _pay(simulator, order_id: str, status: str = "settlement", **extra) -> requests.Response:
    return hook(simulator.base_url, f"pay/{order_id}", {"transaction_status": status, **extra})


def _deliveries(simulator) -> list[dict]:
    return requests.get(f"{simulator.base_url}/_simulator/notifications", timeout=5).json()


def test_settlement_notification_is_signed_with_midtrans_strings(simulator, receiver):
    _snap(simulator, "PS-2026-000101-1")

    _pay(simulator, "PS-2026-000101-1")

    [payload] = wait_for(lambda: receiver.payloads)
    assert payload["transaction_status"] == "settlement"
    assert payload["status_code"] == "200"
    assert payload["gross_amount"] == "125000.00"
    expected = hashlib.sha512(
        ("PS-2026-000101-1" + "200" + "125000.00" + KEY).encode()
    ).hexdigest()
    assert payload["signature_key"] == expected
    assert verify_signature(payload, KEY)
    [delivery] = wait_for(lambda: [d for d in _deliveries(simulator) if d["attempts"]])
    assert (delivery["state"], delivery["attempts"], delivery["last_status"]) == (
        "delivered", 1, 200)


def test_a_failed_delivery_is_retried_until_the_shop_accepts_it(simulator, receiver):
    receiver.answers = [500, 503]
    _snap(simulator, "PS-2026-000102-1")

    _pay(simulator, "PS-2026-000102-1")

    payloads = wait_for(lambda: len(receiver.payloads) == 3 and receiver.payloads)
    assert payloads[0] == payloads[1] == payloads[2]
    [delivery] = wait_for(lambda: [d for d in _deliveries(simulator) if d["state"] != "retrying"])
    assert (delivery["state"], delivery["attempts"]) == ("delivered", 3)
    assert [attempt["status"] for attempt in delivery["log"]] == [500, 503, 200]


def test_a_redirect_answer_is_not_followed_and_the_notification_is_lost(simulator, receiver):
    receiver.answers = [302]
    _snap(simulator, "PS-2026-000103-1")

    _pay(simulator, "PS-2026-000103-1")

    [delivery] = wait_for(lambda: [d for d in _deliveries(simulator) if d["state"] == "failed"])
    time.sleep(0.4)  # longer than the whole retry schedule
    assert delivery["attempts"] == 1
    assert [r["path"] for r in receiver.requests] == [NOTIFY_PATH]


def test_a_pending_payment_expires_when_the_clock_passes_its_expiry(simulator, receiver):
    start = datetime.now(WIB).strftime("%Y-%m-%d %H:%M:%S +0700")
    _snap(simulator, "PS-2026-000104-1",
          expiry={"start_time": start, "unit": "minute", "duration": 15})
    _pay(simulator, "PS-2026-000104-1", "pending")
    wait_for(lambda: len(receiver.payloads) == 1)

    hook(simulator.base_url, "clock", {"advance_seconds": 16 * 60})

    pending, expired = wait_for(lambda: len(receiver.payloads) == 2 and receiver.payloads)
    assert (pending["transaction_status"], pending["status_code"]) == ("pending", "201")
    # a notification says 202 for an expired transaction (407 is the Expire API's answer)
    assert (expired["transaction_status"], expired["status_code"]) == ("expire", "202")
    assert verify_signature(expired, KEY)


def test_the_expire_api_answers_407_and_its_notification_says_202(simulator, receiver):
    _snap(simulator, "PS-2026-000110-1")
    _pay(simulator, "PS-2026-000110-1", "pending")
    wait_for(lambda: len(receiver.payloads) == 1)

    answer = requests.post(f"{simulator.base_url}/v2/PS-2026-000110-1/expire",
                           auth=(KEY, ""), timeout=5)

    assert (answer.json()["transaction_status"], answer.json()["status_code"]) == (
        "expire", "407")
    _, expired = wait_for(lambda: len(receiver.payloads) == 2 and receiver.payloads)
    assert (expired["transaction_status"], expired["status_code"]) == ("expire", "202")
    assert verify_signature(expired, KEY)


def test_a_snap_page_that_expired_before_a_choice_sends_nothing(simulator, receiver):
    snap = _snap(simulator, "PS-2026-000105-1", expiry={"unit": "hour", "duration": 1})

    hook(simulator.base_url, "clock", {"advance_seconds": 2 * 3600})
    page = requests.get(snap["redirect_url"], timeout=5)
    chosen = requests.post(snap["redirect_url"], data={"choice": "settlement"}, timeout=5)
    paid = _pay(simulator, "PS-2026-000105-1")
    status = requests.get(
        f"{simulator.base_url}/v2/PS-2026-000105-1/status", auth=(KEY, ""), timeout=5
    )

    assert "expired" in page.text
    assert (chosen.status_code, paid.status_code, status.status_code) == (410, 410, 404)
    assert status.json() == {"status_code": "404", "status_message": "Transaction doesn't exist."}
    assert simulator.notifier.wait_idle(2)
    assert _deliveries(simulator) == []
    assert receiver.payloads == []


def test_the_payment_page_choice_notifies_and_returns_the_buyer_to_the_shop(
    simulator, receiver, shop_url
):
    finish = shop_url + "/pembayaran/selesai?from=snap"
    snap = _snap(simulator, "PS-2026-000106-1", callbacks={"finish": finish})
    page = requests.get(snap["redirect_url"], timeout=5)

    answer = requests.post(
        snap["redirect_url"], data={"choice": "settlement"}, allow_redirects=False, timeout=5
    )

    assert "Rp 125.000" in page.text and "Tas anyaman pandan" in page.text
    assert answer.status_code == 303
    location = urlsplit(answer.headers["Location"])
    assert location.path == "/pembayaran/selesai"
    assert parse_qs(location.query) == {
        "from": ["snap"],
        "order_id": ["PS-2026-000106-1"],
        "status_code": ["200"],
        "transaction_status": ["settlement"],
    }
    [payload] = wait_for(lambda: receiver.payloads)
    assert payload["transaction_status"] == "settlement"


def test_resend_replays_the_same_notification(simulator, receiver):
    _snap(simulator, "PS-2026-000107-1")
    _pay(simulator, "PS-2026-000107-1")
    wait_for(lambda: receiver.payloads)

    answer = hook(simulator.base_url, "resend/PS-2026-000107-1")

    assert answer.status_code == 202
    first, second = wait_for(lambda: len(receiver.payloads) == 2 and receiver.payloads)
    assert first == second


def test_the_state_file_keeps_transactions_over_a_restart(tmp_path):
    state = tmp_path / "simulator.sqlite3"
    with SimulatorServer(KEY, None, state, **FAST) as sim:
        assert create_snap(sim.base_url, KEY, snap_params("PS-2026-000108-1")).status_code == 201
        assert _pay(sim, "PS-2026-000108-1").status_code == 200

    with SimulatorServer(KEY, None, state, **FAST) as sim:
        status = requests.get(
            f"{sim.base_url}/v2/PS-2026-000108-1/status", auth=(KEY, ""), timeout=5
        )
        again = create_snap(sim.base_url, KEY, snap_params("PS-2026-000108-1"))

    assert status.json()["transaction_status"] == "settlement"
    assert again.status_code == 400


def test_the_sweeper_expires_a_pending_payment_without_any_lookup(simulator, receiver):
    start = datetime.now(WIB).strftime("%Y-%m-%d %H:%M:%S +0700")
    _snap(simulator, "PS-2026-000109-1",
          expiry={"start_time": start, "unit": "second", "duration": 2})
    _pay(simulator, "PS-2026-000109-1", "pending")

    payloads = wait_for(lambda: len(receiver.payloads) == 2 and receiver.payloads)

    assert [p["transaction_status"] for p in payloads] == ["pending", "expire"]
