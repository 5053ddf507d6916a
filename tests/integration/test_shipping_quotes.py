"""Shipping quotes for a parcel (marketplace/shipping/quotes.py): the rate table, the
group's services, packing fee and free shipping, the flat fee, and the Biteship provider
through its simulator over HTTP, with the table when it is down."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from marketplace.kernel.extensions import db
from marketplace.shipping import services
from marketplace.shipping.models import ShippingRate
from marketplace.shipping.quotes import quote_parcel
from tests.factories import make_group
from tests.shipping_helpers import JAYAPURA, MALANG, biteship_config, biteship_simulator

DINOYO = "35.73.05.1004"  # Kota Malang, Jawa Timur (65144)
PURWANTORO = "35.73.01.1007"  # Kota Malang too (65122)
GURABESI = "91.71.01.1001"  # Kota Jayapura, Papua (99111)


def shipping_group(services_chosen=("jne:reg", "jne:yes"), packing_fee=0, tolerance=300,
                   **kw):
    """An approved group shipping from Dinoyo with these services."""
    group = make_group(origin_village_code=kw.pop("origin", DINOYO), **kw)
    services.save_group_settings(group, list(services_chosen), packing_fee, tolerance)
    db.session.commit()
    return group


@pytest.fixture
def rates(app):
    """The demo rate table between Jawa Timur and Papua (the whole table takes a second)."""
    added = services.seed_default_rates(["35", "91"])
    db.session.commit()
    return added


@pytest.fixture
def biteship(app):
    """The Biteship simulator over HTTP, configured as the app's rate provider."""
    with biteship_simulator() as server:
        app.config.update(biteship_config(server, timeout=2))
        yield server


def codes(quotes) -> list[str]:
    return [option.code for option in quotes.options]


# --- the rate table ----------------------------------------------------------------------
def test_table_quotes_papua_dearer_and_slower_than_the_same_city(app, rates):
    group = shipping_group()

    near = quote_parcel(group, PURWANTORO, 800, 100_000)
    far = quote_parcel(group, GURABESI, 800, 100_000)

    assert {o.source for o in near.options + far.options} == {"table"}
    assert not near.fell_back and not far.fell_back
    near_reg, far_reg = near.option("jne:reg"), far.option("jne:reg")
    assert far_reg.price > 5 * near_reg.price
    assert far_reg.etd_min_days > near_reg.etd_max_days
    assert (far_reg.courier_name, far_reg.service_name) == ("JNE", "REG")


def test_table_quotes_only_the_groups_services_cheapest_first(app, rates):
    group = shipping_group(("jne:yes", "pos:kilat", "jnt:ez"))

    quotes = quote_parcel(group, GURABESI, 500, 100_000)

    assert sorted(codes(quotes)) == ["jne:yes", "jnt:ez", "pos:kilat"]
    prices = [o.price for o in quotes.options]
    assert prices == sorted(prices)
    assert quotes.group_id == group.id
    assert quotes.destination_village_code == GURABESI


def test_table_price_counts_each_charged_kilogram(app, rates):
    group = shipping_group(("jne:reg",), tolerance=300)
    row = db.session.scalar(select(ShippingRate).filter_by(
        origin_province_code="35", destination_province_code="91", courier_code="jne",
        service_code="reg"))

    light = quote_parcel(group, GURABESI, 1_300, 50_000)  # within the tolerance: 1 kg
    heavy = quote_parcel(group, GURABESI, 2_400, 50_000)  # 3 kg

    assert (light.weight_grams, light.charged_weight_grams) == (1_300, 1_000)
    assert light.cheapest.price == row.first_kg_price
    assert heavy.charged_weight_grams == 3_000
    assert heavy.cheapest.price == row.first_kg_price + 2 * row.next_kg_price


def test_packing_fee_is_added_to_every_service(app, rates):
    plain = shipping_group(("jne:reg", "jne:yes"))
    packed = shipping_group(("jne:reg", "jne:yes"), packing_fee=5_000)

    without = quote_parcel(plain, GURABESI, 800, 100_000)
    with_fee = quote_parcel(packed, GURABESI, 800, 100_000)

    for code in ("jne:reg", "jne:yes"):
        assert with_fee.option(code).price == without.option(code).price + 5_000


def test_free_shipping_from_the_groups_threshold(app, rates):
    group = shipping_group(("jne:reg", "jne:yes"), packing_fee=5_000,
                           free_shipping_threshold=300_000)

    below = quote_parcel(group, GURABESI, 800, 299_999)
    reached = quote_parcel(group, GURABESI, 800, 300_000)

    assert all(o.price > 5_000 for o in below.options)
    assert [o.price for o in reached.options] == [0, 0]
    # free either way: the faster service comes first
    assert codes(reached) == ["jne:yes", "jne:reg"]


def test_flat_fee_when_the_group_chose_no_services(app, rates):
    group = make_group(origin_village_code=DINOYO, shipping_fee=17_000,
                       free_shipping_threshold=200_000)
    db.session.commit()

    quotes = quote_parcel(group, GURABESI, 800, 100_000)
    free = quote_parcel(group, GURABESI, 800, 250_000)

    assert codes(quotes) == ["flat"]
    flat = quotes.cheapest
    assert (flat.price, flat.source, flat.etd_min_days, flat.etd_max_days) == (
        17_000, "flat", 0, 0)
    assert not flat.has_estimate
    assert free.cheapest.price == 0


def test_flat_fee_when_the_origin_is_unknown(app, rates):
    group = shipping_group(origin="", shipping_fee=12_000)

    quotes = quote_parcel(group, GURABESI, 800, 100_000)

    assert codes(quotes) == ["flat"] and quotes.cheapest.price == 12_000


def test_flat_fee_when_the_table_has_no_row_for_the_route(app):
    group = shipping_group(("jne:reg",), shipping_fee=20_000)

    quotes = quote_parcel(group, GURABESI, 800, 100_000)

    assert codes(quotes) == ["flat"] and quotes.cheapest.price == 20_000
    assert not quotes.fell_back


def test_seeding_the_rate_table_twice_adds_nothing(app):
    first = services.seed_default_rates()
    db.session.commit()
    assert first == 38 * 38 * len(services.catalogue_services())
    assert services.seed_default_rates() == 0
    assert db.session.scalar(select(func.count(ShippingRate.id))) == first


def test_seeding_keeps_an_edited_rate(app, rates):
    row = db.session.scalar(select(ShippingRate).filter_by(
        origin_province_code="35", destination_province_code="35", courier_code="jne",
        service_code="reg"))
    row.first_kg_price = 7_777
    db.session.commit()

    assert services.seed_default_rates(["35", "91"]) == 0
    db.session.expire_all()
    assert db.session.get(ShippingRate, row.id).first_kg_price == 7_777


# --- the rate provider (Biteship, through its simulator) ---------------------------------
def test_provider_quotes_the_groups_services_with_packing_fee(app, rates, biteship):
    group = shipping_group(("jne:reg", "sicepat:best", "pos:kilat"), packing_fee=3_000)

    quotes = quote_parcel(group, GURABESI, 1_200, 150_000)

    assert not quotes.fell_back
    assert {o.source for o in quotes.options} == {"provider"}
    # SiCepat BEST (next day) does not reach Papua from Java: only what is offered shows
    assert sorted(codes(quotes)) == ["jne:reg", "pos:kilat"]
    call = biteship.calls[-1]
    assert call["origin_postal_code"] == int(MALANG)
    assert call["destination_postal_code"] == int(JAYAPURA)
    assert set(call["couriers"].split(",")) == {"jne", "sicepat", "pos"}
    assert call["items"][0]["weight"] == 1_000  # the charged weight (300 g tolerance)
    assert call["items"][0]["value"] == 150_000
    again = quote_parcel(group, GURABESI, 1_200, 150_000)  # the simulator is deterministic
    assert again.options == quotes.options
    assert all(o.price > 3_000 and o.etd_min_days >= 1 for o in quotes.options)


def test_provider_prices_follow_free_shipping(app, biteship):
    group = shipping_group(("jne:reg",), free_shipping_threshold=100_000)

    quotes = quote_parcel(group, PURWANTORO, 800, 100_000)

    assert [(o.code, o.price, o.source) for o in quotes.options] == [
        ("jne:reg", 0, "provider")]


def test_provider_down_falls_back_to_the_table(app, rates, biteship, caplog):
    group = shipping_group(("jne:reg", "jne:yes"))
    biteship.mode = "down"

    with caplog.at_level(logging.WARNING, logger="marketplace.shipping.quotes"):
        quotes = quote_parcel(group, GURABESI, 800, 100_000)

    assert quotes.fell_back
    assert {o.source for o in quotes.options} == {"table"}
    assert sorted(codes(quotes)) == ["jne:reg", "jne:yes"]
    assert "HTTP 503" in caplog.text


def test_provider_too_slow_falls_back_to_the_table(app, rates, biteship):
    group = shipping_group(("jne:reg",))
    app.config["SHIPPING_TIMEOUT_SECONDS"] = 0.3
    biteship.mode = "slow"

    quotes = quote_parcel(group, GURABESI, 800, 100_000)

    assert quotes.fell_back and codes(quotes) == ["jne:reg"]
    assert quotes.cheapest.source == "table"


def test_provider_unreachable_and_no_table_still_offers_the_flat_fee(app):
    group = shipping_group(("jne:reg",), shipping_fee=25_000)
    app.config.update(SHIPPING_PROVIDER="biteship",
                      BITESHIP_API_URL="http://127.0.0.1:9", SHIPPING_TIMEOUT_SECONDS=1)

    quotes = quote_parcel(group, GURABESI, 800, 100_000)

    assert quotes.fell_back
    assert codes(quotes) == ["flat"] and quotes.cheapest.price == 25_000
