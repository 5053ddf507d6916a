"""The Biteship simulator on its own: prices by distance and weight, and Biteship's errors."""

import json

import pytest
from werkzeug.test import Client

from marketplace.gateways.biteship_simulator.app import SimulatorApp
from marketplace.gateways.biteship_simulator.pricing import (
    charged_kilograms,
    place,
    price_services,
    zone,
)
from tests.shipping_helpers import JAKARTA, JAYAPURA, MALANG, MALANG_NEIGHBOUR, NOWHERE

ALL = ["jne", "jnt", "sicepat", "pos", "anteraja"]


def body(origin=MALANG, destination=JAYAPURA, couriers="jne,jnt", weight=1000, **extra):
    return {"origin_postal_code": int(origin), "destination_postal_code": int(destination),
            "couriers": couriers,
            "items": [{"name": "Guci", "value": 150_000, "weight": weight, "quantity": 1}],
            **extra}


def post(app, payload, key="any-key"):
    headers = {"authorization": key} if key is not None else {}
    response = Client(app).post("/v1/rates/couriers", json=payload, headers=headers)
    return response.status_code, json.loads(response.get_data(as_text=True))


def prices(origin, destination, grams=1000, couriers=ALL):
    entries = price_services(place(origin), place(destination), couriers, grams)
    return {(e["courier_code"], e["courier_service_code"]): e for e in entries}


def test_postal_codes_are_placed_with_their_regency_and_province():
    malang = place(MALANG)
    assert (malang.province_code, malang.regency_code) == ("35", "35.73")
    assert (malang.province, malang.regency) == ("Jawa Timur", "Kota Malang")
    assert place(JAYAPURA).province == "Papua"
    assert place(NOWHERE) is None


def test_zones_grow_with_distance():
    malang = place(MALANG)
    assert zone(malang, place(MALANG_NEIGHBOUR)) == 0
    assert zone(malang, place("60111")) == 1  # Surabaya
    assert zone(malang, place(JAKARTA)) == 2
    assert zone(malang, place(JAYAPURA)) == 6


@pytest.mark.parametrize(("grams", "kilograms"), [(1, 1), (1000, 1), (1001, 2), (2500, 3)])
def test_weight_is_charged_in_whole_kilograms_rounded_up(grams, kilograms):
    assert charged_kilograms(grams) == kilograms


def test_farther_and_heavier_costs_more_and_the_same_request_costs_the_same():
    near, far = prices(MALANG, MALANG_NEIGHBOUR), prices(MALANG, JAYAPURA)
    heavy = prices(MALANG, JAYAPURA, grams=2400)
    for key, entry in far.items():
        assert entry["price"] > near[key]["price"]
        assert heavy[key]["price"] > entry["price"]
        assert isinstance(entry["price"], int) and entry["price"] % 500 == 0
    assert prices(MALANG, JAYAPURA) == far


def test_each_courier_offers_services_at_different_speeds_and_prices():
    near = prices(MALANG, JAKARTA)
    assert near[("jne", "yes")]["price"] > near[("jne", "reg")]["price"]
    assert near[("jne", "yes")]["shipment_duration_range"] == "1"
    assert near[("jne", "oke")]["price"] < near[("jne", "reg")]["price"]
    assert {courier for courier, _ in near} == set(ALL)
    # next-day services do not reach Papua
    assert ("jne", "yes") not in prices(MALANG, JAYAPURA)


def test_the_endpoint_answers_in_biteships_shape():
    status, answer = post(SimulatorApp(), body(couriers="jne,tiki"))
    assert status == 200 and answer["success"] is True
    assert answer["origin"]["postal_code"] == int(MALANG)
    assert answer["destination"]["administrative_division_level_1_name"] == "Papua"
    assert {e["courier_code"] for e in answer["pricing"]} == {"jne"}  # tiki is not offered
    first = answer["pricing"][0]
    assert {"courier_name", "courier_service_code", "courier_service_name", "price",
            "duration", "shipment_duration_range", "shipment_duration_unit"} <= set(first)


def test_a_missing_key_is_401_and_a_wrong_one_too_when_a_key_is_set():
    assert post(SimulatorApp(), body(), key=None)[0] == 401
    status, answer = post(SimulatorApp(api_key="right"), body(), key="wrong")
    assert status == 401 and answer["success"] is False and answer["error"]
    assert post(SimulatorApp(api_key="right"), body(), key="Bearer right")[0] == 200


@pytest.mark.parametrize("payload", [
    None, [], {},
    body(origin="6514"), body(destination=NOWHERE), body(couriers=""), body(couriers="tiki"),
    body(weight=0), body(weight=1.5), {**body(), "items": []},
    {**body(), "items": [{"name": "x", "value": 1, "weight": 10}]},  # no quantity
])
def test_bodies_biteship_would_refuse_are_400_with_an_error(payload):
    status, answer = post(SimulatorApp(), payload)
    assert status == 400
    assert answer["success"] is False and isinstance(answer["error"], str)


def test_down_is_503_and_the_mode_can_be_switched_over_http():
    app = SimulatorApp()
    client = Client(app)
    assert client.post("/_simulator/mode", data={"mode": "down"}).status_code == 200
    status, answer = post(app, body())
    assert status == 503 and answer["success"] is False
    assert client.post("/_simulator/mode", data={"mode": "sideways"}).status_code == 400
    client.post("/_simulator/mode", data={"mode": "ok"})
    assert post(app, body())[0] == 200
