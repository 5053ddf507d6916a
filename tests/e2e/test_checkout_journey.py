"""The whole journey in a real browser: browse, fill a cart from two groups, pay, ship, track.

Playwright drives Debian's Chromium (/usr/bin/chromium) against the app served over HTTP and
the Midtrans simulator, which sends its signed notifications to the running shop.
Screenshots go to test-output/e2e/.
"""

import time

import pytest

from marketplace.accounts.models import Role
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from tests.e2e.conftest import shot
from tests.e2e_helpers import PASSWORD, choose_region
from tests.factories import make_group, make_product, make_user

pytestmark = pytest.mark.e2e


def wait_for_text(page, text: str, seconds: float = 15) -> None:
    """Reload until `text` shows: the notification reaches the shop a moment after the buyer."""
    deadline = time.monotonic() + seconds
    while text not in page.content():
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} did not appear on {page.url}")
        time.sleep(0.3)
        page.reload()


def test_guest_buys_from_two_groups_pays_and_follows_both_parcels(
        app, backend, live_server, simulator, browser):
    simulator.notify_url = f"{live_server}/pembayaran/midtrans/notifikasi"
    shops = []
    for name, product_name, price in [("Griya Keramik Laras", "Vas Bunga Glasir Biru", 185_000),
                                      ("Perak Ukir Celuk", "Cincin Perak Motif Jawan", 450_000)]:
        group = make_group(name=name, shipping_fee=20_000)
        owner = make_user(role=Role.ARTISAN, password=PASSWORD)
        db.session.add(GroupMembership(group=group, user=owner, role="owner"))
        product = make_product(group=group, name=product_name, price=price, stock=4, images=0)
        shops.append((group, owner, product))
    db.session.commit()

    buyer = browser.new_page()
    # browse and fill the cart from both groups
    for _group, _owner, product in shops:
        buyer.goto(f"{live_server}/produk")
        buyer.click(f"text={product.name}")
        buyer.fill("#quantity", "1")
        buyer.click(".add-to-cart button")
    buyer.goto(f"{live_server}/keranjang")
    assert buyer.locator(".cart-parcel").count() == 2
    shot(buyer, "1-cart", backend)

    # check out as a guest
    buyer.click("text=Checkout")
    for field, value in {"name": "Dewi Lestari", "email": "dewi@contoh.id",
                         "phone": "0812 3456 7890",
                         "street": "Jl. Mawar No. 5 RT 02/RW 03"}.items():
        buyer.fill(f"#{field}", value)
    choose_region(buyer)  # Dinoyo, Lowokwaru, Kota Malang: each list filled by the script
    buyer.click("main form button[type=submit]")
    shot(buyer, "2-review", backend)
    buyer.click("text=Pesan dan bayar")

    # pay in the simulator; Midtrans sends the buyer back to our finish page
    buyer.wait_for_url(f"{simulator.base_url}/**")
    shot(buyer, "3-payment-page", backend)
    buyer.click("text=Pay (settlement)")
    buyer.wait_for_url(f"{live_server}/pesanan/**")
    wait_for_text(buyer, "Lunas")
    order_url = buyer.url.split("?")[0]
    shot(buyer, "4-paid", backend)

    # each group's artisan sees only its own parcel and ships it
    for index, (group, owner, product) in enumerate(shops):
        artisan = browser.new_context().new_page()
        artisan.goto(f"{live_server}/akun/masuk")
        artisan.fill("#email", owner.email)
        artisan.fill("#password", PASSWORD)
        artisan.click("main form button[type=submit]")
        artisan.goto(f"{live_server}/studio/{group.slug}/pesanan")
        other = shops[1 - index][2].name
        assert other not in artisan.content()
        artisan.click("table a")
        assert product.name in artisan.content()
        artisan.click("form[action$='/kemas'] button")
        artisan.fill("#courier", "JNE")
        artisan.fill("#tracking_number", f"JNE00{index}12345")
        artisan.click("form[action$='/kirim'] button")
        shot(artisan, f"5-shipped-{index + 1}", backend)
        artisan.context.close()

    # the buyer sees both parcels shipped, with their tracking numbers
    buyer.goto(order_url)
    page = buyer.content()
    assert "JNE00012345" in page and "JNE00112345" in page
    shot(buyer, "6-tracking", backend)
