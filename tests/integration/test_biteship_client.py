"""The Biteship client against the simulator over real HTTP: rates, and every way it fails."""

import socket
import time

import pytest

from marketplace.gateways.biteship import BiteshipClient, Rate, RateError
from tests.shipping_helpers import (
    JAYAPURA,
    MALANG,
    MALANG_NEIGHBOUR,
    NOWHERE,
    biteship_simulator,
)

COURIERS = ["jne", "jnt", "sicepat", "pos", "anteraja"]


def ask(client, destination, grams=1000, origin=MALANG, couriers=COURIERS):
    return client.rates(origin_postal_code=origin, destination_postal_code=destination,
                        couriers=couriers, weight_grams=grams, value=150_000)


def by_service(rates):
    return {(rate.courier_code, rate.service_code): rate for rate in rates}


def test_rates_come_back_dearer_and_slower_for_farther_and_heavier_parcels():
    with biteship_simulator() as server:
        client = BiteshipClient(server.base_url, "biteship_test.any", timeout=5)
        # when a group in Malang asks for 1 kg to Malang and 2.4 kg to Jayapura
        local = by_service(ask(client, MALANG_NEIGHBOUR, grams=1000))
        papua = by_service(ask(client, JAYAPURA, grams=2400))
    # then every courier answers, with whole-rupiah prices
    assert {courier for courier, _ in local} == set(COURIERS)
    assert all(isinstance(rate, Rate) and type(rate.price) is int for rate in local.values())
    # and each service to Jayapura costs more and takes longer than within Malang
    for key, rate in papua.items():
        assert rate.price > local[key].price
        assert rate.etd_max_days > local[key].etd_max_days
    assert papua[("jne", "reg")].price > 3 * local[("jne", "reg")].price
    assert local[("jne", "reg")].courier_name == "JNE"


def test_the_request_carries_what_biteship_documents():
    with biteship_simulator() as server:
        ask(BiteshipClient(server.base_url, "k"), JAYAPURA, grams=1250, couriers=["jne", "jnt"])
        (sent,) = server.calls
    assert sent == {"origin_postal_code": int(MALANG), "destination_postal_code": int(JAYAPURA),
                    "couriers": "jne,jnt",
                    "items": [{"name": "Parcel", "value": 150_000, "weight": 1250,
                               "quantity": 1}]}


def test_only_the_asked_couriers_are_quoted():
    with biteship_simulator() as server:
        rates = ask(BiteshipClient(server.base_url, "k"), MALANG_NEIGHBOUR, couriers=["sicepat"])
    assert {rate.courier_code for rate in rates} == {"sicepat"}
    assert {rate.service_code for rate in rates} == {"reg", "best"}


def test_a_provider_that_is_down_is_a_rate_error():
    with biteship_simulator(mode="down") as server:
        with pytest.raises(RateError, match="HTTP 503"):
            ask(BiteshipClient(server.base_url, "k"), JAYAPURA)


def test_a_slow_provider_fails_within_the_timeout():
    with biteship_simulator(mode="slow", slow_seconds=10) as server:
        client = BiteshipClient(server.base_url, "k", timeout=0.5)
        started = time.monotonic()
        with pytest.raises(RateError, match="timeout"):
            ask(client, JAYAPURA)
        assert time.monotonic() - started < 3


def test_a_wrong_or_missing_key_is_a_rate_error():
    with biteship_simulator(api_key="biteship_test.right") as server:
        assert ask(BiteshipClient(server.base_url, "biteship_test.right"), JAYAPURA)
        with pytest.raises(RateError, match="HTTP 401"):
            ask(BiteshipClient(server.base_url, "biteship_test.wrong"), JAYAPURA)
        with pytest.raises(RateError, match="HTTP 401"):
            ask(BiteshipClient(server.base_url, ""), JAYAPURA)


def test_an_unknown_postal_code_is_a_rate_error_saying_so():
    with biteship_simulator() as server:
        with pytest.raises(RateError, match=f"HTTP 400.*postal code {NOWHERE}"):
            ask(BiteshipClient(server.base_url, "k"), NOWHERE)


def test_a_refused_connection_is_a_rate_error():
    # a port that was free a moment ago, with nothing listening on it
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(RateError, match="unreachable"):
        ask(BiteshipClient(f"http://127.0.0.1:{port}", "k", timeout=2), JAYAPURA)


def test_a_server_that_is_not_biteship_is_a_rate_error():
    with biteship_simulator() as server:
        client = BiteshipClient(server.base_url + "/elsewhere", "k")
        with pytest.raises(RateError, match="HTTP 404"):
            ask(client, JAYAPURA)
