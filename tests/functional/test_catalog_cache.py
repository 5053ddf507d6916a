"""Cached counts and pages never show anything older than the last committed change."""

from sqlalchemy import update

from marketplace.catalog.models import Product
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db
from tests.factories import make_group, make_product
from tests.helpers import signed_in


def test_page_shows_a_price_change_at_once(app, client):
    product = make_product(name="Cangkir Kopi Dinoyo", price=45_000)
    db.session.commit()
    url = f"/produk/{product.slug}"
    assert "Rp\xa045.000" in client.get(url).text
    assert "Rp\xa045.000" in client.get("/produk").text
    product.price = 52_000
    db.session.commit()
    assert "Rp\xa052.000" in client.get(url).text
    assert "Rp\xa052.000" in client.get("/produk").text


def test_suspending_a_group_updates_cached_counts_and_pages(app, client):
    group = make_group(name="Kelompok Perak Bali")
    product = make_product(group=group, name="Cincin Perak Ukir")
    db.session.commit()
    home = client.get("/").text
    assert "Cincin Perak Ukir" in home
    assert "1 kelompok perajin · 1 produk" in " ".join(client.get("/sentra").text.split())
    group.status = GroupStatus.SUSPENDED
    db.session.commit()
    assert "Cincin Perak Ukir" not in client.get("/").text
    assert client.get(f"/produk/{product.slug}").status_code == 404
    assert "0 kelompok perajin · 0 produk" in " ".join(client.get("/sentra").text.split())


def test_statements_outside_the_orm_bump_the_version_when_they_say_so(app, client):
    from marketplace.catalog.cache import bump_catalog_version

    product = make_product(stock=10)
    db.session.commit()
    url = f"/produk/{product.slug}"
    assert "Stok tersedia" in client.get(url).text
    db.session.execute(update(Product).where(Product.id == product.id).values(stock=0))
    bump_catalog_version(db.session.connection())
    db.session.commit()
    assert "Stok habis" in client.get(url).text


def test_signed_in_visitors_get_their_own_page(app, client):
    make_product(name="Vas Bunga Glasir Biru")
    db.session.commit()
    assert "Masuk" in client.get("/").text  # anonymous page, now cached
    user = signed_in(client)
    page = client.get("/").text
    assert user.name not in page or "Keluar" in page
    assert "Keluar" in page  # not the cached anonymous page


def test_cached_page_keeps_language_apart(app, client):
    product = make_product(price=125_000, status=ProductStatus.ACTIVE)
    db.session.commit()
    url = f"/produk/{product.slug}"
    assert "Rp\xa0125.000" in client.get(url).text
    client.set_cookie("lang", "en")
    assert "IDR\xa0125,000" in client.get(url).text


def test_cached_product_page_gives_each_visitor_a_working_form(app, count_queries):
    import re

    product = make_product(name="Kendi Gerabah", stock=5)
    db.session.commit()
    url = f"/produk/{product.slug}"
    first, second = app.test_client(), app.test_client()
    first.get(url)  # renders and caches the page
    with count_queries() as queries:
        page = second.get(url).text  # served from the cache
    assert len(queries) <= 2
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert token not in first.get(url).text  # not the first visitor's token
    response = second.post("/keranjang/tambah", data={"csrf_token": token,
                                                     "product_id": product.id, "quantity": 1})
    assert response.status_code == 302
    assert "Kendi Gerabah" in second.get("/keranjang").text


def test_pages_without_forms_set_no_cookie_for_visitors(app, client):
    make_product()
    db.session.commit()
    for _ in range(2):
        assert client.get("/").headers.getlist("Set-Cookie") == []


def test_a_visitor_with_a_cart_skips_the_cache_and_sees_their_cart(app, client):
    import re

    from marketplace.cart.services import COOKIE

    # the cache is told the cart's cookie by configuration, not by importing the cart
    assert COOKIE in app.config["PAGE_CACHE_SKIP_COOKIES"]
    product = make_product(name="Kendi Gerabah", stock=5)
    db.session.commit()
    url = f"/produk/{product.slug}"
    client.get(url)  # renders and caches the anonymous page
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text).group(1)
    client.post("/keranjang/tambah", data={"csrf_token": token, "product_id": product.id,
                                          "quantity": 2})
    assert client.get_cookie(COOKIE) is not None
    assert '<span class="count">2</span>' in client.get(url).text  # not the cached copy
