"""Reading Biteship's Rates API answers: whole rupiah only, day ranges, and clear refusals."""

import pytest

from marketplace.gateways.biteship import (
    BiteshipClient,
    Rate,
    RateError,
    parse_duration,
    parse_price,
    parse_rates,
    rates_request,
)


def entry(**overrides) -> dict:
    """A pricing entry as Biteship documents it."""
    base = {
        "available_for_cash_on_delivery": True,
        "company": "jne",
        "courier_name": "JNE",
        "courier_code": "jne",
        "courier_service_name": "Reguler",
        "courier_service_code": "reg",
        "description": "Layanan reguler",
        "duration": "1 - 2 days",
        "shipment_duration_range": "1 - 2",
        "shipment_duration_unit": "days",
        "service_type": "standard",
        "shipping_type": "parcel",
        "price": 30000,
        "type": "reg",
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def answer(*entries) -> dict:
    return {"success": True, "object": "courier_pricing", "code": 20001003,
            "message": "Success to retrieve courier pricing", "pricing": list(entries)}


def test_a_documented_answer_becomes_rates():
    rates = parse_rates(answer(
        entry(),
        entry(courier_service_name="Yakin Esok Sampai (YES)", courier_service_code="yes",
              shipment_duration_range="1 - 1", price=54000),
        entry(courier_code="sicepat", courier_name="SiCepat",
              courier_service_name="Besok Sampai Tujuan", courier_service_code="best",
              shipment_duration_range="1", price=42000),
    ))
    assert rates == [
        Rate("jne", "JNE", "reg", "Reguler", 30000, 1, 2),
        Rate("jne", "JNE", "yes", "Yakin Esok Sampai (YES)", 54000, 1, 1),
        Rate("sicepat", "SiCepat", "best", "Besok Sampai Tujuan", 42000, 1, 1),
    ]
    assert all(type(rate.price) is int for rate in rates)


def test_no_services_is_an_empty_list_not_an_error():
    assert parse_rates(answer()) == []


@pytest.mark.parametrize(("text", "unit", "days"), [
    ("1 - 2", "days", (1, 2)),
    ("1-2", "days", (1, 2)),
    ("2", "days", (2, 2)),
    (" 3 - 6 ", "Days", (3, 6)),
    ("0", "days", (0, 0)),
    (3, "days", (3, 3)),
    ("1 - 3", "hours", (1, 1)),
    ("8 - 12", "Hours", (1, 1)),
    ("2 - 3", None, (2, 3)),
])
def test_durations_in_days_and_hours(text, unit, days):
    assert parse_duration(text, unit) == days


@pytest.mark.parametrize(("text", "unit"), [
    ("", "days"), ("soon", "days"), ("1 - 2 - 3", "days"), ("3 - 1", "days"),
    ("-1", "days"), ("1.5", "days"), (None, "days"), (True, "days"), ("1 - 2", "weeks"),
])
def test_unreadable_durations_are_refused(text, unit):
    with pytest.raises(RateError, match="duration"):
        parse_duration(text, unit)


def test_an_entry_with_only_the_duration_text_is_read_from_it():
    rates = parse_rates(answer(
        entry(shipment_duration_range=None, shipment_duration_unit=None, duration="2 - 4 days"),
        entry(shipment_duration_range=None, shipment_duration_unit=None, duration="1 - 3 Hours"),
    ))
    assert [(r.etd_min_days, r.etd_max_days) for r in rates] == [(2, 4), (1, 1)]


@pytest.mark.parametrize(("value", "price"), [
    (30000, 30000), (30000.0, 30000), ("30000", 30000), (" 30000 ", 30000), (0, 0),
])
def test_prices_in_whole_rupiah_are_accepted(value, price):
    assert parse_price(value) == price
    assert type(parse_price(value)) is int


@pytest.mark.parametrize("value", [30000.5, "30000.5", "30.000", "30000.00", "Rp 30000", -1,
                                   None, True, float("nan"), float("inf"), [30000], "1e4"])
def test_prices_that_are_not_whole_rupiah_are_refused(value):
    with pytest.raises(RateError, match="price"):
        parse_price(value)


@pytest.mark.parametrize("body", [
    None, [], "ok", {"success": True}, {"success": True, "pricing": {}},
    {"success": "true", "pricing": []},
])
def test_malformed_answers_are_refused(body):
    with pytest.raises(RateError):
        parse_rates(body)


@pytest.mark.parametrize("bad", [
    {"courier_code": None}, {"courier_code": ""}, {"courier_name": 5},
    {"courier_service_code": None}, {"courier_service_name": " "},
    {"price": None}, {"price": 1.25}, {"shipment_duration_range": "x"},
])
def test_one_malformed_entry_refuses_the_whole_answer(bad):
    with pytest.raises(RateError, match="bad answer"):
        parse_rates(answer(entry(), entry(**bad)))  # None leaves the field out


def test_an_entry_that_is_not_an_object_is_refused():
    with pytest.raises(RateError, match="pricing entry"):
        parse_rates(answer(entry(), "jne reg 30000"))


def test_a_refusal_says_why():
    with pytest.raises(RateError, match="No sufficient balance"):
        parse_rates({"success": False,
                     "error": "No sufficient balance to call rates API. Please top up"})


def test_the_request_body_follows_the_documentation():
    body = rates_request("65144", "99111", ["jne", "JNT", "jne", " sicepat "], 1200, 250_000)
    assert body == {
        "origin_postal_code": 65144,
        "destination_postal_code": 99111,
        "couriers": "jne,jnt,sicepat",
        "items": [{"name": "Parcel", "value": 250_000, "weight": 1200, "quantity": 1}],
    }


@pytest.mark.parametrize(("args", "reason"), [
    (("6514", "99111", ["jne"], 1000, 1), "postal code"),
    (("65144", "99x11", ["jne"], 1000, 1), "postal code"),
    (("65144", "99111", [], 1000, 1), "couriers"),
    (("65144", "99111", ["jne,jnt"], 1000, 1), "couriers"),
    (("65144", "99111", ["jne"], 0, 1), "weight"),
    (("65144", "99111", ["jne"], 1.5, 1), "weight"),
    (("65144", "99111", ["jne"], 1000, -1), "value"),
])
def test_a_request_biteship_would_refuse_is_not_sent(args, reason):
    with pytest.raises(RateError, match=reason):
        rates_request(*args)


def test_the_client_never_shows_its_key():
    client = BiteshipClient("https://api.biteship.com/", "biteship_live.secret", timeout=3)
    assert "secret" not in repr(client)
    assert client.base_url == "https://api.biteship.com"
