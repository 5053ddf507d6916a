"""Every page of every role fits a 390 px phone: nothing scrolls sideways.

The demo shop with its months of history (orders, refunds, payouts) is served over HTTP;
each role signs in once and opens one page of every page type it has: every GET route of
the app that takes no argument, plus a concrete URL for each route that takes one. A route
added later without a URL here fails the test, so no page type goes unchecked.

SQLite only: the layout depends on the HTML alone, which both databases render alike from
the same seed; seeding the demo history a second time on PostgreSQL would double the cost
and check nothing more.
"""

from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import func, select

from marketplace.accounts import address_book
from marketplace.accounts.models import User
from marketplace.accounts.services import create_reset_token
from marketplace.cart.models import Cart, CartLine
from marketplace.catalog.models import Category, GroupMembership, ProducerGroup, Product, Sentra
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.demo import load, seed_history
from marketplace.demo.shipping import seed_shipping
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts
from marketplace.ledger.models import Payout, PayoutStatus, Refund
from marketplace.orders.models import Order, OrderLine, SubOrder
from marketplace.orders.status import SubOrderStatus
from marketplace.reviews.models import Review
from marketplace.search.sync import rebuild_index
from marketplace.shipping.models import ShippingRate
from tests.e2e.conftest import CHROMIUM, FLAGS, shot

pytestmark = [pytest.mark.e2e,
              pytest.mark.parametrize("demo_app", ["sqlite"], indirect=True)]

PHONE = {"width": 390, "height": 844}
LOGINS = load().logins

# Routes that are not pages: files, redirects with no page of their own, health checks.
NOT_PAGES = {"static", "site.media", "site.healthz", "site.set_language",
             "orders.payment_state",  # JSON, not a page
             "accounts.region_children",  # JSON: the region picker's lists
             # for search engines: XML and plain text
             "seo.robots", "seo.sitemap", "seo.sitemap_pages", "seo.sitemap_products"}
# Who opens which pages: by blueprint, then the exceptions by endpoint.
ROLE_OF_BLUEPRINT = {"catalog": "buyer", "search": "buyer", "cart": "buyer",
                     "checkout": "buyer", "orders": "buyer", "accounts": "buyer",
                     "site": "buyer", "studio": "artisan", "admin": "admin",
                     "reviews": "buyer"}
ROLE_OF_ENDPOINT = {"accounts.login": "visitor", "accounts.signup": "visitor",
                    "accounts.request_reset": "visitor", "accounts.reset_password": "visitor",
                    "studio.apply": "buyer"}
# Pages reached by URL rather than by route: a search with results, an unknown page.
EXTRA_URLS = {"buyer": ["/cari?q=keramik", "/cari?q=zzzqqq"],
              "visitor": ["/keranjang", "/halaman-yang-tidak-ada"]}

# Lists, per element, the widest of those that stick out of the viewport without a
# scrolling or clipping ancestor to hold them: what makes the page scroll sideways.
WIDTH_PROBE = """() => {
  const limit = document.documentElement.clientWidth;
  const width = document.documentElement.scrollWidth;
  if (width <= limit) return {width, limit, culprits: []};
  const held = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 0.5 && !held(el)) wide.push({el, right: box.right, w: box.width});
  }
  // The outermost ones say where, the innermost widest says what.
  const outer = wide.filter(a => !wide.some(b => b !== a && b.el.contains(a.el)));
  const inner = wide.filter(a => !wide.some(b => b !== a && a.el.contains(b.el)));
  inner.sort((a, b) => b.right - a.right);
  const text = el => (el.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
  const say = a => `${name(a.el)} (${Math.round(a.w)} px wide, right edge at ` +
    `${Math.round(a.right)} px: "${text(a.el)}")`;
  const named = [...outer.slice(0, 2), ...inner.slice(0, 2)].map(say);
  return {width, limit, culprits: [...new Set(named)]};
}"""


def _role_of(endpoint: str) -> str | None:
    return ROLE_OF_ENDPOINT.get(endpoint) or ROLE_OF_BLUEPRINT.get(endpoint.split(".")[0])


def _pages(app) -> dict[str, list[tuple[str, list]]]:
    """Every page route: (endpoint, argument names), by role."""
    pages: dict[str, list[tuple[str, list]]] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or \
                rule.rule.endswith((".csv", ".pdf")):
            continue
        role = _role_of(rule.endpoint)
        assert role, f"{rule.endpoint} ({rule.rule}): say which role opens it (ROLE_OF_…)"
        pages.setdefault(role, []).append((rule.endpoint, sorted(rule.arguments)))
    return pages


def _pick(query):
    found = db.session.scalar(query.limit(1))
    assert found is not None, f"the demo has nothing for: {query}"
    return found


def _sent_parcel(buyer) -> dict:
    """The buyer's latest shipped or delivered parcel, as complaint_new's arguments."""
    number, sub_id = db.session.execute(
        select(Order.number, SubOrder.id).join(SubOrder, SubOrder.order_id == Order.id)
        .where(Order.user_id == buyer.id,
               SubOrder.status.in_(("shipped", "delivered", "completed")))
        .order_by(SubOrder.status.desc(), SubOrder.id.desc()).limit(1)).one()
    return {"number": number, "sub_id": sub_id}


def _concrete_urls(app, artisan_group: ProducerGroup) -> dict[str, str]:
    """One URL for each page route that takes an argument, on the richest demo data."""
    buyer = db.session.scalar(select(User).where(User.email == LOGINS.buyer.email))
    shop_product = _pick(select(Product).join(Product.group).where(
        Product.status == ProductStatus.ACTIVE, Product.is_featured,
        ProducerGroup.status == GroupStatus.APPROVED).order_by(func.length(Product.name).desc()))
    parent_category = _pick(select(Category).where(Category.parent_id.is_(None))
                            .order_by(Category.position))
    # The buyer's order with the most parcels; the admin looks at one with a refund.
    parcels = (select(SubOrder.order_id, func.count().label("n")).group_by(SubOrder.order_id)
               .subquery())
    buyer_order = _pick(select(Order).join(parcels, parcels.c.order_id == Order.id)
                        .where(Order.user_id == buyer.id).order_by(parcels.c.n.desc()))
    refunded_order = _pick(select(Order).join(Refund, Refund.order_id == Order.id))
    group_parcel = _pick(select(SubOrder).where(SubOrder.group_id == artisan_group.id,
                                                SubOrder.tracking_number != "")
                         .order_by(SubOrder.id.desc()))
    group_payout = _pick(select(Payout).where(Payout.group_id == artisan_group.id,
                                              Payout.status == PayoutStatus.PAID)
                         .order_by(Payout.id.desc()))
    richest_payout = _pick(select(Payout).join(Payout.lines).group_by(Payout.id)
                           .order_by(func.count().desc()))
    owed_group = next((g for g in db.session.scalars(
        select(ProducerGroup).where(ProducerGroup.status == GroupStatus.APPROVED))
        if payouts.preview(g, jakarta_date(utcnow()))), None)
    assert owed_group, "the demo history owes no group anything: no payout preview to open"
    _user, reset_token = create_reset_token(buyer.email)
    # A saved address of the buyer's (offered at checkout too), to edit and to delete.
    address = address_book.add_address(buyer, {
        "label": "Rumah", "recipient_name": buyer.name, "phone": "+6281234560101",
        "street": "Jl. Ijen No. 25 RT 03/RW 05", "province_code": "35",
        "province": "Jawa Timur", "regency_code": "35.73", "regency": "Kota Malang",
        "district_code": "35.73.02", "district": "Klojen", "village_code": "35.73.02.1008",
        "village": "Oro-oro Dowo", "postal_code": "65119"})
    # A line of the buyer's completed parcels, not reviewed yet if there is one: the form.
    review_line = _pick(
        select(OrderLine).join(OrderLine.sub_order).join(SubOrder.order)
        .where(Order.user_id == buyer.id, SubOrder.status == SubOrderStatus.COMPLETED)
        .order_by(OrderLine.id.in_(select(Review.order_line_id)), OrderLine.id.desc()))
    rate_id = _pick(select(ShippingRate.id).where(ShippingRate.origin_province_code == "35")
                    .order_by(ShippingRate.id))
    slug = artisan_group.slug
    with app.test_request_context():
        from flask import url_for

        urls = {
            "catalog.product_detail": url_for("catalog.product_detail", slug=shop_product.slug),
            "catalog.sentra_detail": url_for("catalog.sentra_detail", slug=_pick(
                select(Sentra.slug).order_by(Sentra.id))),
            "catalog.storefront": url_for("catalog.storefront", slug=slug),
            "catalog.category": url_for("catalog.category", slug=parent_category.slug),
            "orders.detail": url_for("orders.detail", number=buyer_order.number),
            "orders.finish": url_for("orders.finish", number=buyer_order.number),
            "reviews.write": url_for("reviews.write", number=review_line.sub_order.order.number,
                                     line_id=review_line.id),
            # The invoice's print view, of the buyer's latest paid order.
            "orders.invoice": url_for("orders.invoice", number=_pick(
                select(Order.number).where(Order.user_id == buyer.id,
                                           Order.paid_at.is_not(None))
                .order_by(Order.id.desc()))),
            # The complaint form of the buyer's latest sent parcel (its order page if the
            # window has passed: the form's own layout is checked by the complaint tests).
            "orders.complaint_new": url_for("orders.complaint_new", **_sent_parcel(buyer)),
            "accounts.reset_password": url_for("accounts.reset_password", token=reset_token),
            "accounts.address_edit": url_for("accounts.address_edit", address_id=address.id),
            "accounts.address_delete": url_for("accounts.address_delete",
                                               address_id=address.id),
            "studio.dashboard": url_for("studio.dashboard", group_slug=slug),
            "studio.listings": url_for("studio.listings", group_slug=slug),
            "studio.listing_new": url_for("studio.listing_new", group_slug=slug),
            "studio.listing_edit": url_for("studio.listing_edit", group_slug=slug,
                                           product_id=_pick(select(Product.id).where(
                                               Product.group_id == artisan_group.id))),
            # A listing with variants if the group has one: the widest table of the studio.
            "studio.listing_variants": url_for(
                "studio.listing_variants", group_slug=slug, product_id=_pick(
                    select(Product.id).where(Product.group_id == artisan_group.id)
                    .order_by(Product.option1_name.desc(), Product.id))),
            "studio.listing_import": url_for("studio.listing_import", group_slug=slug),
            "studio.orders": url_for("studio.orders", group_slug=slug),
            "studio.order_detail": url_for("studio.order_detail", group_slug=slug,
                                           sub_order_id=group_parcel.id),
            "studio.statement": url_for("studio.statement", group_slug=slug),
            "studio.statement_payout": url_for("studio.statement_payout", group_slug=slug,
                                               payout_id=group_payout.id),
            "studio.profile": url_for("studio.profile", group_slug=slug),
            "studio.members": url_for("studio.members", group_slug=slug),
            "studio.shipping": url_for("studio.shipping", group_slug=slug),
            "studio.reviews": url_for("studio.reviews", group_slug=slug),
            "admin.group_detail": url_for("admin.group_detail", group_id=artisan_group.id),
            "admin.sentra_edit": url_for("admin.sentra_edit", sentra_id=_pick(
                select(Sentra.id).order_by(Sentra.id))),
            "admin.category_edit": url_for("admin.category_edit",
                                           category_id=parent_category.id),
            "admin.user_detail": url_for("admin.user_detail", user_id=buyer.id),
            "admin.order_review": url_for("admin.order_review", order_id=refunded_order.id),
            "admin.order_invoice": url_for("admin.order_invoice", order_id=refunded_order.id),
            "admin.payout_detail": url_for("admin.payout_detail", payout_id=richest_payout.id),
            # The rates from Jawa Timur, where the demo groups ship from, and one of them.
            "admin.shipping_rates": url_for("admin.shipping_rates", asal="35"),
            "admin.shipping_rate_edit": url_for("admin.shipping_rate_edit", rate_id=rate_id),
            "admin.shipping_rate_delete": url_for("admin.shipping_rate_delete",
                                                  rate_id=rate_id),
            # The form with its preview of what would be paid.
            "admin.payout_new": url_for("admin.payout_new", group_id=owed_group.id,
                                        cutoff=jakarta_date(utcnow()).isoformat()),
        }
    return urls


@pytest.fixture(scope="module")
def phone_shop(demo_app):
    """The demo shop, its history, a buyer's cart; served over HTTP. Yields what to open."""
    import threading

    from werkzeug.serving import make_server

    seed_history()
    seed_shipping()  # the rate table and the groups' couriers, as `flask seed-demo` does
    # The artisan of the group with the most parcels and a paid payout: the fullest studio.
    artisan_group = db.session.scalar(
        select(ProducerGroup).join(SubOrder, SubOrder.group_id == ProducerGroup.id)
        .where(ProducerGroup.id.in_(select(Payout.group_id).where(
            Payout.status == PayoutStatus.PAID)))
        .group_by(ProducerGroup.id).order_by(func.count(SubOrder.id).desc()).limit(1))
    owner = db.session.scalar(select(User).join(GroupMembership).where(
        GroupMembership.group_id == artisan_group.id, GroupMembership.role == "owner"))
    buyer = db.session.scalar(select(User).where(User.email == LOGINS.buyer.email))
    # A cart with a product from each of three groups: three parcels to review.
    cart, groups = Cart(user_id=buyer.id), set()
    for product in db.session.scalars(select(Product).join(Product.group).where(
            Product.status == ProductStatus.ACTIVE, Product.stock > 2,
            ProducerGroup.status == GroupStatus.APPROVED).order_by(Product.id)):
        if product.group_id not in groups and len(groups) < 3:
            groups.add(product.group_id)
            cart.lines.append(CartLine(product=product, quantity=2, price_seen=product.price))
    db.session.add(cart)
    urls = _concrete_urls(demo_app, artisan_group)
    db.session.commit()
    rebuild_index()  # the search pages read the index, not the database

    plan: dict[str, list[str]] = {role: list(extra) for role, extra in EXTRA_URLS.items()}
    for role, routes in _pages(demo_app).items():
        for endpoint, arguments in routes:
            if arguments:
                assert endpoint in urls, (
                    f"{endpoint} takes {arguments}: add a concrete URL for it in "
                    "_concrete_urls so the phone test opens it")
                url = urls[endpoint]
            else:
                with demo_app.test_request_context():
                    from flask import url_for

                    url = url_for(endpoint)
                url = urls.get(endpoint, url)  # a richer variant of the plain page
            plan.setdefault(role, []).append(url)
    logins = {"visitor": None, "buyer": LOGINS.buyer.email, "artisan": owner.email,
              "admin": LOGINS.admin.email}

    server = make_server("127.0.0.1", 0, demo_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", plan, logins
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="module")
def phone_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/akun/masuk")
    page.fill("#email", email)
    page.fill("#password", LOGINS.password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/akun/masuk" not in page.url, f"{email} could not sign in"


def _fill_address(page, base: str) -> None:
    """The checkout address, so the review page has something to review: the buyer's saved
    address (_concrete_urls), chosen for them as their default."""
    page.goto(f"{base}/checkout")
    assert page.is_checked("input[name=saved_address]:not([value=new])")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/checkout/tinjau")


def _shots(page, role: str, url: str) -> None:
    """PASAR_PHONE_SHOTS=1: every page at 390 px and at 1366 px, to look at by eye."""
    name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home"
    shot(page, f"{role}-{name}-390", "phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, f"{role}-{name}-1366", "phone")
    page.set_viewport_size(PHONE)


@pytest.mark.parametrize("role", ["visitor", "buyer", "artisan", "admin"])
def test_every_page_fits_a_phone_without_scrolling_sideways(phone_shop, phone_browser, role):
    # given the demo shop with months of history, and this role signed in on a 390 px phone
    base, plan, logins = phone_shop
    context = phone_browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        if logins[role]:
            _sign_in(page, base, logins[role])
        if role == "buyer":
            _fill_address(page, base)
        too_wide = []
        for url in plan[role]:
            # when the role opens each page type
            response = page.goto(base + url)
            expected = 404 if "tidak-ada" in url else 200
            assert response.status == expected, f"{url}: HTTP {response.status}"
            if logins[role]:
                assert "/akun/masuk" not in page.url, f"{url} sent {role} to the sign-in page"
            found = page.evaluate(WIDTH_PROBE)
            if os.environ.get("PASAR_PHONE_SHOTS"):
                _shots(page, role, url)
            if found["width"] > PHONE["width"]:
                too_wide.append(f"{url} is {found['width']} px wide; widest: "
                                + "; ".join(found["culprits"]))
        # then none is wider than the screen
        assert not too_wide, f"{role}: pages wider than {PHONE['width']} px:\n" + \
            "\n".join(too_wide)
        assert len(plan[role]) >= {"visitor": 5, "buyer": 15, "artisan": 10, "admin": 20}[role]
    finally:
        context.close()


def test_phone_plan_opens_every_page_type(phone_shop):
    # given the plan of pages per role; then each role has its own pages in it
    _base, plan, _logins = phone_shop
    opened = {url.split("?")[0] for urls in plan.values() for url in urls}
    for prefix in ("/studio/", "/admin/pencairan/", "/pesanan/", "/checkout/tinjau",
                   "/akun/reset/", "/kategori/", "/produk/"):
        assert any(url.startswith(prefix) for url in opened), prefix
