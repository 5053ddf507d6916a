"""Catalogue pages: what buyers may see, what they may not, and what bad input gets."""

from datetime import UTC, datetime

import pytest

from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db
from tests.factories import make_category, make_group, make_product


def test_active_product_of_approved_group_is_shown(app, client):
    # given an active product of an approved group
    product = make_product(name="Cangkir Keramik Glasir Biru", price=45_000, images=2)
    db.session.commit()
    # when a buyer opens its page
    response = client.get(f"/produk/{product.slug}")
    # then they see its name, price, maker and sentra
    assert response.status_code == 200
    page = response.text
    assert "Cangkir Keramik Glasir Biru" in page
    assert "Rp\xa045.000" in page
    assert product.group.name in page
    assert product.group.sentra.name in page


@pytest.mark.parametrize("status", [ProductStatus.DRAFT, ProductStatus.ARCHIVED])
def test_hidden_product_is_a_404_everywhere(app, client, status):
    product = make_product(name="Vas Rahasia", status=status)
    db.session.commit()
    response = client.get(f"/produk/{product.slug}")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text  # the site's own 404 page
    for url in ["/", "/produk", f"/kategori/{product.category.slug}",
                f"/toko/{product.group.slug}", f"/sentra/{product.group.sentra.slug}"]:
        assert "Vas Rahasia" not in client.get(url).text, url


@pytest.mark.parametrize(
    "status", [GroupStatus.PENDING, GroupStatus.SUSPENDED, GroupStatus.REJECTED]
)
def test_products_of_a_group_not_approved_are_hidden(app, client, status):
    group = make_group(status=status, name="Kelompok Tersembunyi")
    product = make_product(group=group, name="Kendi Tersembunyi")
    db.session.commit()
    assert client.get(f"/toko/{group.slug}").status_code == 404
    assert client.get(f"/produk/{product.slug}").status_code == 404
    urls = ["/", "/produk", f"/kategori/{product.category.slug}", f"/sentra/{group.sentra.slug}"]
    for url in urls:
        page = client.get(url).text
        assert "Kendi Tersembunyi" not in page, url
        assert "Kelompok Tersembunyi" not in page, url


@pytest.mark.parametrize(
    "url", ["/produk/tidak-ada", "/toko/tidak-ada", "/sentra/tidak-ada", "/kategori/tidak-ada",
            "/halaman-yang-tidak-ada", "/media/products/nope.jpg", "/media/../secret_key"],
)
def test_unknown_things_are_404_pages_in_the_site_look(app, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert 'class="site-header"' in response.text


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=-1", "page=0", "page=99999999999999999999", "sort=evil", "page=1.5",
     "sort=%27%3B--", "page=&sort=", "page=2&page=x"],
)
def test_odd_query_parameters_give_a_normal_page(app, client, query):
    category = make_category()
    group = make_group()
    for _ in range(3):
        make_product(group=group, category=category)
    db.session.commit()
    for url in ["/produk", f"/kategori/{category.slug}", f"/toko/{group.slug}",
                f"/sentra/{group.sentra.slug}", "/"]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, (url, query)


def test_a_nul_in_the_query_is_a_400_page_in_the_site_look(app, client):
    # a NUL is refused for the whole app (PostgreSQL cannot take it), before any page runs
    response = client.get("/produk?sort=price_asc&page=%00")
    assert response.status_code == 400
    assert 'class="site-header"' in response.text


def test_page_past_the_end_shows_the_last_page(app, client):
    group = make_group()
    for index in range(30):
        make_product(group=group, name=f"Piring {index:02d}")
    db.session.commit()
    response = client.get(f"/toko/{group.slug}?page=50")
    assert response.status_code == 200
    assert "25–30" in response.text


def test_sorting_by_price_orders_the_listing(app, client):
    group = make_group()
    for price in (30_000, 10_000, 20_000):
        make_product(group=group, name=f"Mangkuk {price}", price=price)
    db.session.commit()
    asc = client.get("/produk?sort=price_asc").text
    assert asc.index("Mangkuk 10000") < asc.index("Mangkuk 20000") < asc.index("Mangkuk 30000")
    desc = client.get("/produk?sort=price_desc").text
    assert desc.index("Mangkuk 30000") < desc.index("Mangkuk 20000") < desc.index("Mangkuk 10000")


def test_category_page_includes_its_subcategories(app, client):
    parent = make_category(name="Makanan Olahan")
    child = make_category(name="Keripik", parent=parent)
    other = make_category(name="Batik")
    make_product(category=child, name="Keripik Tempe Original")
    make_product(category=other, name="Kain Batik Tulis")
    db.session.commit()
    page = client.get(f"/kategori/{parent.slug}").text
    assert "Keripik Tempe Original" in page
    assert "Kain Batik Tulis" not in page


def test_sold_out_product_says_so(app, client):
    product = make_product(stock=0)
    db.session.commit()
    assert "Stok habis" in client.get(f"/produk/{product.slug}").text


def test_dates_are_shown_in_jakarta_time(app, client):
    # 20:30 UTC on 1 January is already 2 January in Jakarta (UTC+7)
    product = make_product(created_at=datetime(2026, 1, 1, 20, 30, tzinfo=UTC))
    db.session.commit()
    assert "2 Januari 2026" in client.get(f"/produk/{product.slug}").text


def test_english_switch_changes_language_and_money_format(app, client):
    product = make_product(price=125_000)
    db.session.commit()
    response = client.get(f"/bahasa/en?next=/produk/{product.slug}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/produk/{product.slug}"
    page = client.get(f"/produk/{product.slug}").text
    assert "IDR\xa0125,000" in page
    assert "Sold out" not in page and "In stock" in page
    assert '<html lang="en">' in page


def test_indonesian_is_the_default_language(app, client):
    product = make_product(price=125_000)
    db.session.commit()
    page = client.get(f"/produk/{product.slug}").text
    assert "Rp\xa0125.000" in page
    assert '<html lang="id">' in page
    assert "Stok tersedia" in page


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "javascript:x"])
def test_language_switch_never_redirects_off_site(app, client, target):
    response = client.get("/bahasa/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(app, client):
    client.get("/bahasa/xx?next=/")
    assert '<html lang="id">' in client.get("/").text


def test_health_check_reports_ok(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_wrong_method_gets_a_page_in_the_site_look(app, client):
    response = client.post("/produk")
    assert response.status_code in (400, 405)
    assert 'class="site-header"' in response.text
