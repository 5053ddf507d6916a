"""Back from the payment page, the buyer's browser shows the truth without a reload.

Playwright drives Debian's Chromium against the shop and the Midtrans simulator; the test
never reloads the page itself. Screenshots go to test-output/e2e/.
"""

import time

import pytest
from sqlalchemy import select

from marketplace.kernel.extensions import db
from marketplace.orders.attempts import PaymentAttempt
from tests.e2e.conftest import shot
from tests.e2e_helpers import choose_region
from tests.factories import make_group, make_product
from tests.simulator_helpers import hook

pytestmark = pytest.mark.e2e
THANKS = "Terima kasih! Pembayaran Anda sudah diterima."
NOT_YET = "Pembayaran Anda belum masuk."
ADDRESS = {"name": "Dewi Lestari", "email": "dewi@contoh.id", "phone": "0812 3456 7890",
           "street": "Jl. Mawar No. 5 RT 02/RW 03"}


@pytest.fixture
def product(app):
    group = make_group(name="Griya Keramik Laras", shipping_fee=20_000)
    item = make_product(group=group, name="Vas Bunga Glasir Biru", price=185_000, stock=4,
                        images=0)
    db.session.commit()
    return item


def order_and_go_to_snap(page, live_server: str, simulator, product) -> None:
    """Cart, guest checkout, then the simulator's payment page."""
    page.goto(f"{live_server}/produk/{product.slug}")
    page.click(".add-to-cart button")
    page.goto(f"{live_server}/checkout")
    for field, value in ADDRESS.items():
        page.fill(f"#{field}", value)
    choose_region(page)
    page.click("main form button[type=submit]")
    page.click("text=Pesan dan bayar")
    page.wait_for_url(f"{simulator.base_url}/**")


def fits_the_screen(page) -> bool:
    """Nothing wider than the window, the page itself or a table inside it."""
    return page.evaluate("""() => [document.documentElement, ...document.querySelectorAll(
        '.table-wrap')].every((box) => box.scrollWidth <= box.clientWidth + 1)""")


def test_buyer_pays_on_the_simulator_and_lands_on_a_paid_page(app, backend, live_server,
                                                               simulator, browser, product):
    # given a shop whose notification never arrives (no notification URL): only the
    # finish page asking Midtrans itself can know the payment went through
    simulator.notify_url = None
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    order_and_go_to_snap(page, live_server, simulator, product)
    # when the buyer pays and Midtrans sends them back
    page.click("text=Pay (settlement)")
    page.wait_for_url(f"{live_server}/pesanan/**")
    # then the page they land on says paid, once, with nothing left to pay
    assert page.locator(".badge-order-paid").inner_text() == "Lunas"
    assert page.locator(".flash").all_inner_texts() == [THANKS]
    assert page.locator("form[action$='/bayar']").count() == 0
    shot(page, "return-paid-1366", backend)


def test_open_order_page_turns_paid_when_the_late_notification_arrives(
        app, backend, live_server, simulator, browser, product):
    # given a buyer on a phone who chose a bank transfer and came back before paying
    simulator.notify_url = f"{live_server}/pembayaran/midtrans/notifikasi"
    page = browser.new_page(viewport={"width": 390, "height": 844})
    order_and_go_to_snap(page, live_server, simulator, product)
    page.click("text=Pay later (pending)")
    page.wait_for_url(f"{live_server}/pesanan/**")
    assert NOT_YET in page.locator(".flash").inner_text()
    assert page.locator("a", has_text="Lihat petunjuk pembayaran").count() == 1
    assert page.locator("form[action$='/bayar']").count() == 0
    assert fits_the_screen(page)
    shot(page, "return-pending-390", backend)
    # when the transfer arrives a few seconds later, and with it the notification
    time.sleep(3)
    db.session.commit()  # a fresh read: the shop committed in its own thread
    midtrans_id = db.session.scalar(select(PaymentAttempt.midtrans_order_id))
    answer = hook(simulator.base_url, f"pay/{midtrans_id}", {"transaction_status": "settlement"})
    assert answer.status_code == 200, answer.text
    # then the open page turns to paid by itself
    page.locator(".badge-order-paid").wait_for(timeout=20_000)
    assert page.locator(".flash").count() == 0 or THANKS in page.locator(".flash").inner_text()
    assert page.locator("form[action$='/bayar']").count() == 0
    assert fits_the_screen(page)
    shot(page, "return-paid-390", backend)


def test_denied_card_lands_on_one_cancelled_message_and_orders_again(
        app, backend, live_server, simulator, browser, product):
    simulator.notify_url = f"{live_server}/pembayaran/midtrans/notifikasi"
    page = browser.new_page(viewport={"width": 390, "height": 844})
    order_and_go_to_snap(page, live_server, simulator, product)
    page.click("text=Deny")
    page.wait_for_url(f"{live_server}/pesanan/**")
    # one message, the cancelled one: no "waiting" beside it
    messages = page.locator(".flash").all_inner_texts()
    assert len(messages) == 1
    assert messages[0].startswith("Pembayaran tidak selesai, jadi pesanan ini dibatalkan.")
    assert fits_the_screen(page)
    shot(page, "return-denied-390", backend)
    page.click("text=Pesan lagi barang-barang ini")
    page.wait_for_url(f"{live_server}/keranjang")
    assert product.name in page.content()
