"""Reviews in a real browser: the buyer rates a completed line with the star radios and a
photo, the group replies, and the product page shows both, with its schema.org data
block raising no CSP error."""

import json

import pytest
from PIL import Image

from marketplace.accounts.models import Role
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from tests.e2e.conftest import shot
from tests.factories import make_group, make_product
from tests.helpers import PASSWORD, account
from tests.reviews_helpers import completed_order

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _watch(page, errors: list[str]) -> None:
    """Console errors (a CSP refusal is one) and CSP violation events, collected."""
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI))")


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/akun/masuk")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_buyer_reviews_the_group_replies_and_the_product_page_shows_it(
        app, backend, live_server, browser, tmp_path):
    group = make_group(name="Griya Keramik Laras")
    owner = account(Role.ARTISAN, name="Ibu Sri")
    db.session.add(GroupMembership(group=group, user=owner, role="owner"))
    vase = make_product(group=group, name="Vas Bunga Keramik Dinoyo", price=185_000,
                        description="Vas tanah liat, glasir biru.")
    buyer = account(Role.BUYER, name="Rina Wulandari")
    admin = account(Role.ADMIN)
    order, line = completed_order(vase, buyer)
    db.session.commit()
    photo = tmp_path / "vas.jpg"
    Image.new("RGB", (640, 480), (40, 90, 160)).save(photo, "JPEG")

    errors: list[str] = []
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    page = context.new_page()
    _watch(page, errors)
    _sign_in(page, live_server, buyer.email)
    page.goto(f"{live_server}/pesanan/{order.number}")
    page.click("a.line-review")
    page.wait_for_selector("form.review-form")
    shot(page, "r1-review-form-desktop", backend)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(page, "r1-review-form-phone", backend)
    page.set_viewport_size(DESKTOP)
    page.check("input[name=rating][value='4']")
    page.fill("#text", "Glasirnya cantik, dibungkus rapi sekali.")
    page.set_input_files("#photos", str(photo))
    page.click("form.review-form button[type=submit]")
    page.wait_for_url(f"{live_server}/pesanan/{order.number}")
    assert "Your review of Vas Bunga Keramik Dinoyo is published" in page.content()

    studio = browser.new_context(viewport=DESKTOP)
    studio.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    artisan_page = studio.new_page()
    _watch(artisan_page, errors)
    _sign_in(artisan_page, live_server, owner.email)
    artisan_page.goto(f"{live_server}/studio/{group.slug}/ulasan")
    artisan_page.fill("textarea[name=reply]", "Terima kasih, Kak Rina!")
    artisan_page.click(".studio-review form button[type=submit]")
    artisan_page.wait_for_selector(".review-reply")
    shot(artisan_page, "r2-studio-reviews", backend)

    reader = browser.new_context(viewport=DESKTOP)
    reader.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    visitor = reader.new_page()
    _watch(visitor, errors)
    visitor.goto(f"{live_server}/produk/{vase.slug}")
    assert visitor.locator(".review .review-author").inner_text() == "Rina"
    assert "Terima kasih, Kak Rina!" in visitor.locator(".review-reply").inner_text()
    assert visitor.locator(".review-photos img").count() == 1
    assert "4.0" in visitor.locator(".buy-box .rating-summary").inner_text()
    data = json.loads(visitor.locator("script[type='application/ld+json']").text_content())
    assert data["aggregateRating"]["ratingValue"] == "4.0"
    shot(visitor, "r3-product-reviews-desktop", backend)
    visitor.set_viewport_size(PHONE)
    visitor.reload()
    assert visitor.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(visitor, "r3-product-reviews-phone", backend)
    visitor.goto(f"{live_server}/toko/{group.slug}")
    assert "4.0" in visitor.locator(".banner .rating-summary").inner_text()
    assert "4.0" in visitor.locator(".card-rating").inner_text()
    assert visitor.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(visitor, "r4-storefront-phone", backend)

    # the association hides it, with a reason: out of the page and the average
    office = browser.new_context(viewport=DESKTOP)
    office.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    admin_page = office.new_page()
    _watch(admin_page, errors)
    _sign_in(admin_page, live_server, admin.email)
    admin_page.goto(f"{live_server}/admin/ulasan")
    shot(admin_page, "r5-admin-reviews-desktop", backend)
    admin_page.fill(".admin-review input[name=reason]", "Uji moderasi")
    admin_page.click(".admin-review button[type=submit]")
    admin_page.wait_for_selector(".review-hidden")
    admin_page.set_viewport_size(PHONE)
    assert admin_page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(admin_page, "r5-admin-reviews-phone", backend)
    visitor.goto(f"{live_server}/produk/{vase.slug}")
    assert visitor.locator(".review").count() == 0
    assert visitor.locator(".rating-summary").count() == 0
    assert errors == []  # the JSON-LD block is data: CSP blocks and reports nothing
