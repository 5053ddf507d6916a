"""Our Gateway drives the real midtransclient against the simulator over HTTP."""

from __future__ import annotations

import re
import socket
import time

import midtransclient
import pytest
import requests
from werkzeug.wrappers import Response

from marketplace.gateways.midtrans import (
    SIMULATOR_SERVER_KEY,
    GatewayError,
    GatewayUnavailableError,
    MidtransConfig,
    TransactionNotFoundError,
    config_from_app,
    gateway_from_config,
)
from marketplace.gateways.midtrans_simulator import SimulatorServer
from tests.simulator_helpers import FAST, hook, serving, snap_params

SANDBOX_SNAP = "https://app.sandbox.midtrans.com/snap/v1"
SANDBOX_CORE = "https://api.sandbox.midtrans.com"


@pytest.fixture
def simulator():
    with SimulatorServer(SIMULATOR_SERVER_KEY, None, **FAST) as sim:
        yield sim


@pytest.fixture
def gateway(simulator):
    config = config_from_app({"MIDTRANS_SIMULATOR_URL": simulator.base_url, "MIDTRANS_TIMEOUT": 2})
    with gateway_from_config(config) as gw:
        yield gw


def _gateway_at(base_url: str, timeout: float = 2.0, **kw):
    config = MidtransConfig(
        server_key=kw.pop("server_key", SIMULATOR_SERVER_KEY),
        client_key="SB-Mid-client-test",
        base_url_override=base_url,
        timeout=timeout,
        **kw,
    )
    return gateway_from_config(config)


def _paid(simulator, gateway, order_id: str, status: str = "settlement", **extra) -> None:
    gateway.create_snap(snap_params(order_id))
    answer = hook(simulator.base_url, f"pay/{order_id}", {"transaction_status": status, **extra})
    assert answer.status_code == 200, answer.text


# --- Snap ------------------------------------------------------------------------------
def test_create_snap_returns_a_token_and_the_payment_page(simulator, gateway):
    snap = gateway.create_snap(snap_params("PS-2026-000001-1"))

    assert snap.token
    assert snap.redirect_url == f"{simulator.base_url}/snap/v4/redirection/{snap.token}"
    page = requests.get(snap.redirect_url, timeout=5)
    assert page.status_code == 200
    assert "PS-2026-000001-1" in page.text
    assert "Rp 125.000" in page.text


def test_create_snap_with_a_wrong_server_key_is_refused_with_401(simulator):
    with _gateway_at(simulator.base_url, server_key="SB-Mid-server-wrong") as gw:
        with pytest.raises(GatewayError) as refused:
            gw.create_snap(snap_params("PS-2026-000002-1"))
        with pytest.raises(GatewayError) as lookup:
            gw.status("PS-2026-000002-1")

    assert refused.value.http_status == 401
    assert "Access denied" in refused.value.messages[0]
    assert lookup.value.http_status == 401
    assert not isinstance(lookup.value, TransactionNotFoundError)


@pytest.mark.parametrize("amount", [125000.0, "125000"])
def test_create_snap_refuses_a_gross_amount_that_is_not_an_int(gateway, amount):
    params = snap_params("PS-2026-000003-1")
    params["transaction_details"]["gross_amount"] = amount

    with pytest.raises(GatewayError) as refused:
        gateway.create_snap(params)

    assert refused.value.http_status == 400
    assert "transaction_details.gross_amount must be an integer" in refused.value.messages


def test_create_snap_refuses_items_that_do_not_add_up(gateway):
    params = snap_params("PS-2026-000004-1")
    params["item_details"][1]["price"] += 1

    with pytest.raises(GatewayError) as refused:
        gateway.create_snap(params)

    assert refused.value.http_status == 400
    assert refused.value.messages == [
        "transaction_details.gross_amount is not equal to the sum of item_details"
    ]


def test_create_snap_refuses_an_order_id_used_before(gateway):
    gateway.create_snap(snap_params("PS-2026-000005-1"))

    with pytest.raises(GatewayError) as refused:
        gateway.create_snap(snap_params("PS-2026-000005-1"))

    assert refused.value.messages == ["transaction_details.order_id has already been taken"]
    gateway.create_snap(snap_params("PS-2026-000005-2"))  # a retry gets its own id


def test_create_snap_accepts_50_characters_of_order_id_but_not_51(gateway):
    gateway.create_snap(snap_params("P" * 50))

    with pytest.raises(GatewayError) as refused:
        gateway.create_snap(snap_params("Q" * 51))

    assert refused.value.http_status == 400


# --- status ----------------------------------------------------------------------------
def test_status_is_not_found_until_a_payment_method_is_chosen(gateway):
    gateway.create_snap(snap_params("PS-2026-000006-1"))

    with pytest.raises(TransactionNotFoundError) as missing:
        gateway.status("PS-2026-000006-1")

    assert missing.value.http_status == 404


def test_status_after_settlement_reports_whole_rupiah(simulator, gateway):
    _paid(simulator, gateway, "PS-2026-000007-1")

    status = gateway.status("PS-2026-000007-1")

    assert status.transaction_status == "settlement"
    assert status.status_code == "200"
    assert status.gross_amount == 125_000
    assert status.payment_type == "bank_transfer"
    assert status.settlement_time
    assert status.raw["gross_amount"] == "125000.00"
    # Looking it up by Midtrans's transaction id (as after a notification) gives the same.
    assert gateway.status(status.transaction_id).order_id == "PS-2026-000007-1"


def test_expiring_a_pending_transaction_reports_407_without_raising(simulator, gateway):
    _paid(simulator, gateway, "PS-2026-000008-1", "pending")

    expired = gateway.expire("PS-2026-000008-1")
    status = gateway.status("PS-2026-000008-1")

    assert (expired.status_code, expired.transaction_status) == ("407", "expire")
    assert (status.status_code, status.transaction_status) == ("407", "expire")


def test_cancel_moves_a_pending_transaction_but_not_a_settled_one(simulator, gateway):
    _paid(simulator, gateway, "PS-2026-000009-1", "pending")
    _paid(simulator, gateway, "PS-2026-000009-2", "settlement")

    cancelled = gateway.cancel("PS-2026-000009-1")
    with pytest.raises(GatewayError) as refused:
        gateway.cancel("PS-2026-000009-2")

    assert cancelled.transaction_status == "cancel"
    assert gateway.status("PS-2026-000009-1").status_code == "202"
    assert refused.value.http_status == 412


def test_a_challenged_card_payment_can_be_approved(simulator, gateway):
    _paid(simulator, gateway, "PS-2026-000010-1", "capture", fraud_status="challenge")
    held = gateway.status("PS-2026-000010-1")

    approved = gateway.approve("PS-2026-000010-1")

    assert (held.transaction_status, held.fraud_status, held.status_code) == (
        "capture", "challenge", "201")
    assert (approved.transaction_status, approved.fraud_status) == ("capture", "accept")


# --- refunds ---------------------------------------------------------------------------
def test_full_refund(simulator, gateway):
    _paid(simulator, gateway, "PS-2026-000011-1", payment_type="gopay")

    refund = gateway.refund("PS-2026-000011-1", 125_000, "out of stock", "PS-2026-000011-R1")

    assert refund.transaction_status == "refund"
    assert refund.refund_amount == 125_000
    status = gateway.status("PS-2026-000011-1")
    assert status.transaction_status == "refund"
    # Midtrans writes the refund's time as "YYYY-MM-DD HH:MM:SS" (WIB), as its other times
    [listed] = status.raw["refunds"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", listed["created_at"])


def test_partial_refund_is_idempotent_per_refund_key(simulator, gateway):
    _paid(simulator, gateway, "PS-2026-000012-1", payment_type="gopay")

    first = gateway.refund("PS-2026-000012-1", 25_000, "one item broken", "R-1")
    again = gateway.refund("PS-2026-000012-1", 25_000, "one item broken", "R-1")
    with pytest.raises(GatewayError) as too_much:
        gateway.refund("PS-2026-000012-1", 100_001, "more than is left", "R-2")

    assert first.transaction_status == again.transaction_status == "partial_refund"
    assert first.raw["refund_chargeback_id"] == again.raw["refund_chargeback_id"]
    assert gateway.status("PS-2026-000012-1").raw["refund_amount"] == "25000.00"
    assert too_much.value.http_status == 412


def test_refund_before_payment_is_refused(simulator, gateway):
    _paid(simulator, gateway, "PS-2026-000013-1", "pending", payment_type="gopay")

    with pytest.raises(GatewayError) as refused:
        gateway.refund("PS-2026-000013-1", 1_000, "too early", "R-1")

    assert refused.value.http_status == 412


def test_refund_of_a_bank_transfer_is_refused_as_midtrans_does(simulator, gateway):
    # given a payment settled by bank transfer, which Midtrans cannot send back by API
    _paid(simulator, gateway, "PS-2026-000014-1")

    # when the shop asks for a refund through the API
    with pytest.raises(GatewayError) as refused:
        gateway.refund("PS-2026-000014-1", 10_000, "broken", "PS-2026-000014-R1")

    # then Midtrans's answer says the payment type does not support it, and nothing moved
    assert refused.value.http_status == 412
    assert "does not support refund" in str(refused.value)
    assert refused.value.raw["status_code"] == "412"
    status = gateway.status("PS-2026-000014-1")
    assert status.transaction_status == "settlement"
    assert "refunds" not in status.raw


def test_the_payment_page_gopay_button_settles_a_payment_the_api_can_refund(gateway):
    # given a buyer who pays on the payment page with its GoPay button
    snap = gateway.create_snap(snap_params("PS-2026-000015-1"))
    page = requests.get(snap.redirect_url, timeout=5).text
    chosen = requests.post(snap.redirect_url, data={"choice": "gopay"}, timeout=5)

    # when the shop refunds part of it
    refund = gateway.refund("PS-2026-000015-1", 20_000, "one cup cracked", "PS-2026-000015-R1")

    # then it was a GoPay settlement and Midtrans refunded it
    assert "Pay with GoPay" in page and chosen.status_code == 200
    assert (refund.transaction_status, refund.refund_amount) == ("partial_refund", 20_000)
    assert gateway.status("PS-2026-000015-1").payment_type == "gopay"


# --- failures --------------------------------------------------------------------------
def test_closed_port_is_unavailable_at_once():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()

    with _gateway_at(f"http://127.0.0.1:{port}", timeout=0.5) as gw:
        with pytest.raises(GatewayUnavailableError):
            gw.status("PS-2026-000014-1")

    assert time.monotonic() - started < 2


def test_a_silent_server_times_out_after_the_configured_timeout():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts connections, never answers
        started = time.monotonic()
        with _gateway_at(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.3) as gw:
            with pytest.raises(GatewayUnavailableError):
                gw.create_snap(snap_params("PS-2026-000015-1"))
        elapsed = time.monotonic() - started

    assert 0.25 < elapsed < 2


@pytest.mark.parametrize(
    ("answer", "content_type"),
    [('{"status_code": "503", "status_message": "busy"}', "application/json"),
     ("<h1>Bad gateway</h1>", "text/html")],
)
def test_server_errors_are_unavailable(answer, content_type):
    def failing(environ, start_response):
        return Response(answer, status=503, content_type=content_type)(environ, start_response)

    with serving(failing) as base_url, _gateway_at(base_url) as gw:
        with pytest.raises(GatewayUnavailableError):
            gw.status("PS-2026-000016-1")


# --- per-instance base URLs --------------------------------------------------------------
def test_base_url_overrides_stay_on_their_own_gateway(simulator):
    with SimulatorServer(SIMULATOR_SERVER_KEY, None, **FAST) as other:
        other_url = other.base_url
        with _gateway_at(simulator.base_url) as first, _gateway_at(other_url) as second:
            snap_one = first.create_snap(snap_params("PS-2026-000017-1"))
            snap_two = second.create_snap(snap_params("PS-2026-000017-1"))
            hook(simulator.base_url, "pay/PS-2026-000017-1", {"transaction_status": "settlement"})

            assert first.status("PS-2026-000017-1").transaction_status == "settlement"
            with pytest.raises(TransactionNotFoundError):
                second.status("PS-2026-000017-1")

    assert snap_one.redirect_url.startswith(simulator.base_url)
    assert snap_two.redirect_url.startswith(other_url)
    assert midtransclient.config.ApiConfig.SNAP_SANDBOX_BASE_URL == SANDBOX_SNAP
    assert midtransclient.config.ApiConfig.CORE_SANDBOX_BASE_URL == SANDBOX_CORE
    fresh = midtransclient.Snap(server_key="x")
    assert fresh.api_config.get_snap_base_url() == SANDBOX_SNAP
    assert fresh.api_config.custom_headers == {}


def test_production_override_uses_the_production_names(simulator):
    with _gateway_at(simulator.base_url, is_production=True) as gw:
        snap = gw.create_snap(snap_params("PS-2026-000018-1"))

    assert snap.redirect_url.startswith(simulator.base_url)
    assert midtransclient.config.ApiConfig.SNAP_PRODUCTION_BASE_URL == (
        "https://app.midtrans.com/snap/v1"
    )
