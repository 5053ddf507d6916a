"""Issue 14 in a real browser: a size L batik shirt and a 250 g pack of tempe chips, sent to a
village chosen from the region lists, with a courier service chosen for each parcel."""

import re

import pytest
from sqlalchemy import select

from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.orders.models import Order
from marketplace.shipping import services as shipping
from tests.e2e.conftest import shot
from tests.e2e_helpers import choose_region
from tests.factories import make_group, make_user
from tests.variant_helpers import make_variant_product

pytestmark = pytest.mark.e2e

# Celuk, Sukawati, Kabupaten Gianyar, Bali 80582: the parcels go from Java to Bali.
CELUK = {"province_code": "51", "regency_code": "51.04", "district_code": "51.04.01",
         "village_code": "51.04.01.2005", "postal_code": "80582"}


def test_buyer_chooses_variants_a_village_and_a_courier_per_parcel(
        app, backend, live_server, simulator, browser):
    batik = make_group(name="Batik Surya Majapahit", shipping_fee=20_000,
                       origin_village_code="35.16.13.2002")
    tempe = make_group(name="Keripik Tempe Sari Kedelai", shipping_fee=15_000,
                       origin_village_code="35.73.01.1007")
    for group in (batik, tempe):
        db.session.add(GroupMembership(group=group, user=make_user(), role="owner"))
    shirt = make_variant_product({"M": (385_000, 3), "L": (385_000, 2), "XL": (395_000, 0)},
                                 group=batik, name="Kemeja Batik Surya Majapahit",
                                 weight_grams=400)
    chips = make_variant_product({"100 g": (10_000, 20), "250 g": (22_000, 12)},
                                 option_name="Isi", group=tempe,
                                 name="Keripik Tempe Sanan Original", weight_grams=300)
    shipping.save_group_settings(batik, ["jne:reg", "jne:yes", "jnt:ez"], 5_000, 300)
    shipping.save_group_settings(tempe, ["jne:reg", "sicepat:reg"], 0, 300)
    shipping.seed_default_rates(provinces=["35", "51"])
    db.session.commit()

    buyer = browser.new_page()
    # the shirt: XL is shown sold out, L is chosen, and its price is the one shown
    buyer.goto(f"{live_server}/produk/{shirt.slug}")
    assert buyer.locator(".variant-chip.out").count() == 1
    buyer.click(".variant-chip >> text=L")
    assert buyer.locator(".variant-chip.chosen .variant-label").inner_text() == "L"
    shot(buyer, "v1-shirt-size-l", backend)
    buyer.click(".add-to-cart button")
    # the chips: the 250 g pack
    buyer.goto(f"{live_server}/produk/{chips.slug}")
    buyer.click(".variant-chip >> text=250 g")
    assert re.search(r"22\.000", buyer.locator(".price.big").inner_text())
    buyer.click(".add-to-cart button")
    buyer.goto(f"{live_server}/keranjang")
    assert "(L)" in buyer.content() and "(250 g)" in buyer.content()

    # the address: Bali → Gianyar → Sukawati → Celuk, each list filled from the one above
    buyer.click(".cart-total a.button")
    for field, value in {"name": "Ni Luh Putu", "email": "putu@contoh.id",
                         "phone": "0812 3456 7890",
                         "street": "Jl. Raya Celuk No. 8"}.items():
        buyer.fill(f"#{field}", value)
    choose_region(buyer, CELUK)
    buyer.click("main form button[type=submit]:not([name])")
    buyer.wait_for_url(f"{live_server}/checkout/tinjau")

    # each parcel offers its group's services; the buyer takes JNE YES for the shirt
    shirt_yes = buyer.locator(f'input[name="ship-{batik.id}"][value="jne:yes"]')
    chips_options = buyer.locator(f'input[name="ship-{tempe.id}"]')
    assert chips_options.count() == 2
    before = buyer.locator("#grand-total").inner_text()
    shirt_yes.check()
    after = buyer.locator("#grand-total").inner_text()
    assert after != before  # the script follows the choice
    chips_options.nth(1).check()
    shot(buyer, "v2-review-couriers", backend)
    yes_price = int(shirt_yes.get_attribute("data-price"))
    chips_price = int(chips_options.nth(1).get_attribute("data-price"))
    chips_code = chips_options.nth(1).get_attribute("value")
    buyer.click("text=Pesan dan bayar")
    buyer.wait_for_url(f"{simulator.base_url}/**")

    db.session.rollback()  # a fresh read of what the shop wrote
    order = db.session.scalar(select(Order))
    parcels = {sub.group_id: sub for sub in order.sub_orders}
    assert (parcels[batik.id].shipping_service, parcels[batik.id].shipping_amount) == (
        "jne:yes", yes_price)
    assert (parcels[tempe.id].shipping_service, parcels[tempe.id].shipping_amount) == (
        chips_code, chips_price)
    assert [line.display_name for sub in order.sub_orders for line in sub.lines] == [
        "Kemeja Batik Surya Majapahit (L)", "Keripik Tempe Sanan Original (250 g)"]
    assert (order.village, order.village_code, order.postal_code) == (
        "Celuk", "51.04.01.2005", "80582")
    assert order.grand_total == 385_000 + 22_000 + yes_price + chips_price
