"""For search engines: schema.org JSON-LD on product pages, sitemap.xml and robots.txt."""

import json
import re
from xml.etree import ElementTree

from marketplace.catalog.models import ProductVariant
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db
from marketplace.site import seo
from tests.factories import make_category, make_group, make_product, make_sentra
from tests.reviews_helpers import review

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(data: bytes):
    return ElementTree.fromstring(data)  # noqa: S314 - the shop's own sitemap


def json_ld(page: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_product_page_carries_schema_org_product_with_offer_and_rating(app, client):
    group = make_group(name="Griya Keramik Laras")
    product = make_product(group=group, name="Vas <Bunga> & Keramik", price=185_000, stock=3,
                           sku="VAS-01", images=2, description="Vas dari tanah liat Dinoyo.")
    db.session.commit()
    data = json_ld(client.get(f"/produk/{product.slug}").text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert (data["name"], data["sku"], data["description"]) == (
        "Vas <Bunga> & Keramik", "VAS-01", "Vas dari tanah liat Dinoyo.")
    assert data["brand"] == {"@type": "Brand", "name": "Griya Keramik Laras"}
    assert data["image"][0].startswith("http://localhost/media/products/")
    assert data["offers"]["@type"] == "Offer"
    assert (data["offers"]["price"], data["offers"]["priceCurrency"]) == (185_000, "IDR")
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["url"] == f"http://localhost/produk/{product.slug}"
    assert "aggregateRating" not in data  # no reviews yet

    review(product, 4)
    review(product, 5)
    product.stock = 0
    db.session.commit()
    data = json_ld(client.get(f"/produk/{product.slug}").text)
    assert data["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": "4.5",
                                       "reviewCount": 2, "bestRating": 5, "worstRating": 1}
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_a_product_with_variants_has_an_aggregate_offer(app, client):
    product = make_product(name="Kemeja Batik", option1_name="Ukuran")
    for position, (size, price) in enumerate((("M", 150_000), ("L", 175_000), ("XL", 0))):
        product.variants.append(ProductVariant(
            position=position, sku=f"KB-{size}", option1=size, price=price or 200_000,
            stock=0 if size == "XL" else 2, weight_grams=300, active=size != "XL"))
    db.session.commit()
    offers = json_ld(client.get(f"/produk/{product.slug}").text)["offers"]
    assert offers["@type"] == "AggregateOffer"  # the retired XL is not offered
    assert (offers["lowPrice"], offers["highPrice"], offers["offerCount"]) == (150_000,
                                                                               175_000, 2)
    assert offers["priceCurrency"] == "IDR"


def test_the_json_ld_cannot_close_its_script_element(app, client):
    product = make_product(name="Vas</script><script>alert(1)</script>")
    db.session.commit()
    page = client.get(f"/produk/{product.slug}").text
    assert "</script><script>alert(1)" not in page
    assert json_ld(page)["name"] == "Vas</script><script>alert(1)</script>"


def test_sitemap_lists_what_a_visitor_may_see_with_lastmod(app, client):
    sentra = make_sentra(slug="keramik-dinoyo")
    category = make_category(slug="keramik")
    group = make_group(sentra=sentra, slug="griya-laras")
    shown = make_product(group=group, category=category, slug="vas-bunga")
    make_product(group=group, category=category, slug="draf", status=ProductStatus.DRAFT)
    pending = make_group(sentra=sentra, slug="menunggu", status=GroupStatus.PENDING)
    make_product(group=pending, slug="produk-menunggu")
    db.session.commit()

    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = parse_xml(response.data)
    entries = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
               for url in root.iter(f"{SITEMAP}url")}
    base = "http://localhost"
    for path in ("/", "/sentra", "/produk", "/sentra/keramik-dinoyo", "/toko/griya-laras",
                 "/kategori/keramik", "/produk/vas-bunga"):
        assert base + path in entries, path
    assert entries[f"{base}/produk/vas-bunga"] == shown.updated_at.date().isoformat()
    assert entries[f"{base}/toko/griya-laras"] == shown.updated_at.date().isoformat()
    assert f"{base}/produk/draf" not in entries
    assert f"{base}/produk/produk-menunggu" not in entries
    assert f"{base}/toko/menunggu" not in entries


def test_a_big_sitemap_becomes_an_index_of_files(app, client, monkeypatch):
    group = make_group(slug="griya-laras")
    slugs = [make_product(group=group, slug=f"produk-{n}").slug for n in range(5)]
    db.session.commit()
    monkeypatch.setattr(seo, "SITEMAP_URLS", 2)
    root = parse_xml(client.get("/sitemap.xml").data)
    assert root.tag == f"{SITEMAP}sitemapindex"
    files = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert files == ["http://localhost/sitemap-halaman.xml",
                     *(f"http://localhost/sitemap-produk-{n}.xml" for n in (1, 2, 3))]
    listed = []
    for n in (1, 2, 3):
        part = parse_xml(client.get(f"/sitemap-produk-{n}.xml").data)
        listed += [loc.text.rsplit("/", 1)[1] for loc in part.iter(f"{SITEMAP}loc")]
    assert sorted(listed) == sorted(slugs)
    assert client.get("/sitemap-produk-4.xml").status_code == 404
    pages = client.get("/sitemap-halaman.xml").text
    assert "http://localhost/toko/griya-laras" in pages


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(app, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    for prefix in ("/studio", "/admin", "/akun", "/keranjang", "/checkout", "/pesanan"):
        assert f"Disallow: {prefix}" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /produk" not in lines and "Disallow: /" not in lines
