"""A courier service per parcel at checkout: priced for the address and the weight, chosen by
the buyer, charged at the price shown and frozen on the parcel."""

import re

import pytest
from sqlalchemy import select

from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.orders.models import SubOrder
from marketplace.shipping import services as shipping
from marketplace.shipping.models import ShippingRate
from tests.checkout_helpers import ADDRESS, add
from tests.factories import make_group, make_product, make_user
from tests.helpers import csrf_token
from tests.shipping_helpers import biteship_config, biteship_simulator

pytestmark = pytest.mark.usefixtures("simulator")

# Gurabesi, Jayapura Utara, Kota Jayapura, Papua 99111: far from Malang.
JAYAPURA = {**ADDRESS, "street": "Jl. Percetakan No. 12", "village": "Gurabesi",
            "district": "Jayapura Utara", "regency": "Kota Jayapura", "province": "Papua",
            "province_code": "91", "regency_code": "91.71", "district_code": "91.71.01",
            "village_code": "91.71.01.1001", "postal_code": "99111"}


@pytest.fixture
def courier_shop(app):
    """A Dinoyo ceramics group shipping JNE REG/YES and J&T EZ (packing Rp 5.000), a plain
    group at its flat fee, and demo rates between Jawa Timur (35) and Papua (91)."""
    ceramics = make_group(name="Griya Keramik", shipping_fee=20_000,
                          origin_village_code="35.73.05.1004")
    plain = make_group(name="Perak Celuk", shipping_fee=25_000)
    vase = make_product(group=ceramics, name="Vas Gerabah", price=125_000, stock=9,
                        weight_grams=1_800, sku="VAS-1")
    ring = make_product(group=plain, name="Cincin Perak", price=350_000, stock=5, sku="RG-1")
    for group in (ceramics, plain):
        db.session.add(GroupMembership(group=group, user=make_user(), role="owner"))
    shipping.save_group_settings(ceramics, ["jne:reg", "jne:yes", "jnt:ez"], 5_000, 300)
    shipping.seed_default_rates(provinces=["35", "91"])
    db.session.commit()
    return vase, ring


def review(client, address=ADDRESS):
    token = csrf_token(client, "/checkout")
    response = client.post("/checkout", data={**address, "csrf_token": token})
    assert response.status_code == 302, response.text
    return client.get("/checkout/tinjau").text


def form_of(page: str) -> dict:
    fields = {name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
              for name in ("csrf_token", "checkout_key", "expected_total")}
    for name, value in re.findall(r'name="(ship-\d+)" value="([^"]+)"[^>]*checked', page):
        fields[name] = value
    return fields


def prices(page: str, group) -> dict[str, int]:
    """The options shown for a group's parcel: code -> price."""
    return {code: int(price) for code, price in re.findall(
        rf'name="ship-{group.id}" value="([^"]+)" data-price="(\d+)"', page)}


def test_each_parcel_offers_its_groups_services_priced_for_the_address(app, client,
                                                                       courier_shop):
    vase, ring = courier_shop
    add(client, vase, "1")
    add(client, ring, "1")
    near = review(client)
    # the ceramics parcel: the group's three services, dearer for faster, packing included
    options = prices(near, vase.group)
    assert set(options) == {"jne:reg", "jne:yes", "jnt:ez"}
    assert options["jne:yes"] > options["jne:reg"]
    # the plain group ships at its flat fee, as before
    assert prices(near, ring.group) == {"flat": 25_000}
    # the same parcel to Jayapura costs more
    far = prices(review(client, JAYAPURA), vase.group)
    assert all(far[code] > options[code] for code in options)
    # and two vases (3.6 kg, 4 kg charged) cost more than one (1.8 kg, 2 kg charged)
    add(client, vase, "1")
    heavier = prices(review(client), vase.group)
    assert all(heavier[code] > options[code] for code in options)


def test_the_chosen_service_is_charged_and_frozen_on_the_parcel(app, client, courier_shop,
                                                                 simulator):
    vase, ring = courier_shop
    add(client, vase, "1")
    add(client, ring, "1")
    page = review(client)
    shown = prices(page, vase.group)
    form = form_of(page)
    form[f"ship-{vase.group.id}"] = "jne:yes"
    form["expected_total"] = str(125_000 + 350_000 + shown["jne:yes"] + 25_000)
    response = client.post("/checkout/pesan", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(simulator.base_url)
    sub = db.session.scalar(select(SubOrder).where(SubOrder.group_id == vase.group_id))
    assert (sub.shipping_service, sub.shipping_label, sub.shipping_amount,
            sub.shipping_rate_source) == ("jne:yes", "JNE YES", shown["jne:yes"], "table")
    assert 1 <= sub.shipping_etd_min_days <= sub.shipping_etd_max_days
    assert sub.order.grand_total == int(form["expected_total"])
    # the rate changes later: the parcel keeps what was charged
    for rate in db.session.scalars(select(ShippingRate)):
        rate.first_kg_price += 50_000
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(SubOrder, sub.id).shipping_amount == shown["jne:yes"]
    # the buyer's order page names the service
    assert "JNE YES" in client.get(f"/pesanan/{sub.order.number}").text


def test_a_rate_changed_after_the_review_charges_the_price_the_buyer_saw(app, client,
                                                                          courier_shop):
    vase, _ring = courier_shop
    add(client, vase, "1")
    page = review(client)
    shown = prices(page, vase.group)["jne:reg"]
    # the association raises the rates while the buyer reads the review page
    for rate in db.session.scalars(select(ShippingRate)):
        rate.first_kg_price += 40_000
    db.session.commit()
    response = client.post("/checkout/pesan", data=form_of(page))
    assert response.status_code == 302
    sub = db.session.scalar(select(SubOrder))
    assert sub.shipping_amount == shown


def test_an_old_review_page_is_priced_again_before_anything_is_charged(app, client,
                                                                       courier_shop,
                                                                       monkeypatch):
    vase, _ring = courier_shop
    add(client, vase, "1")
    page = review(client)
    from marketplace.checkout import shipping as checkout_shipping
    monkeypatch.setattr(checkout_shipping, "QUOTE_SECONDS", -1)
    response = client.post("/checkout/pesan", data=form_of(page), follow_redirects=True)
    assert "/checkout/tinjau" in response.request.path
    assert db.session.scalar(select(SubOrder)) is None


def test_another_service_ticked_without_javascript_shows_the_new_total_first(app, client,
                                                                           courier_shop):
    vase, _ring = courier_shop
    add(client, vase, "1")
    page = review(client)
    shown = prices(page, vase.group)
    form = form_of(page)  # expected_total: the cheapest, as first shown
    form[f"ship-{vase.group.id}"] = "jne:yes"
    response = client.post("/checkout/pesan", data=form, follow_redirects=True)
    assert response.request.path == "/checkout/tinjau"
    assert db.session.scalar(select(SubOrder)) is None
    # the page now has YES ticked and its total
    page = response.text
    assert re.search(r'value="jne:yes" data-price="\d+" checked', page)
    assert form_of(page)["expected_total"] == str(125_000 + shown["jne:yes"])
    # "Update total" does the same without placing anything
    form = form_of(page)
    form[f"ship-{vase.group.id}"] = "jnt:ez"
    response = client.post("/checkout/pesan", data={**form, "update": "1"},
                           follow_redirects=True)
    assert re.search(r'value="jnt:ez" data-price="\d+" checked', response.text)
    assert db.session.scalar(select(SubOrder)) is None


def test_a_service_the_page_did_not_offer_is_refused(app, client, courier_shop):
    vase, _ring = courier_shop
    add(client, vase, "1")
    form = form_of(review(client))
    form[f"ship-{vase.group.id}"] = "sicepat:best"  # not one of the group's services
    response = client.post("/checkout/pesan", data=form, follow_redirects=True)
    assert response.request.path == "/checkout/tinjau"
    assert db.session.scalar(select(SubOrder)) is None


def test_rates_come_from_the_provider_when_it_answers(app, client, courier_shop):
    vase, _ring = courier_shop
    add(client, vase, "1")
    with biteship_simulator() as provider:
        app.config.update(biteship_config(provider))
        page = review(client)
        assert "rates-fallback" not in page
        form = form_of(page)
        assert client.post("/checkout/pesan", data=form).status_code == 302
    sub = db.session.scalar(select(SubOrder))
    assert sub.shipping_rate_source == "provider"
    assert provider.calls


def test_provider_down_falls_back_to_the_table_and_says_so(app, client, courier_shop):
    vase, _ring = courier_shop
    add(client, vase, "1")
    with biteship_simulator(mode="down") as provider:
        app.config.update(biteship_config(provider))
        page = review(client)
        assert "rates-fallback" in page
        table_prices = prices(page, vase.group)
        form = form_of(page)
        assert client.post("/checkout/pesan", data=form).status_code == 302
    sub = db.session.scalar(select(SubOrder))
    assert sub.shipping_rate_source == "table"
    assert sub.shipping_amount == table_prices[sub.shipping_service]


def test_a_slow_provider_delays_the_review_page_by_one_timeout_not_one_per_parcel(
        app, client, courier_shop, caplog):
    vase, ring = courier_shop
    other = make_group(name="Batik Majapahit", shipping_fee=20_000,
                       origin_village_code="35.16.13.2002")
    shirt = make_product(group=other, name="Kemeja", price=200_000, stock=3, sku="KMJ-1")
    shipping.save_group_settings(other, ["jne:reg"], 0, 300)
    db.session.commit()
    for product in (vase, shirt):
        add(client, product, "1")
    with biteship_simulator(mode="slow", slow_seconds=2.0) as provider:
        app.config.update(biteship_config(provider, timeout=0.5))
        page = review(client)
    assert page.count("rates-fallback") == 2  # both parcels say so
    asked = [r for r in caplog.records if "provider failed" in r.getMessage()]
    assert len(asked) == 1  # the second parcel went straight to the table
