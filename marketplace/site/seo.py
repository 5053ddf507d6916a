"""For search engines: schema.org data on product pages, sitemap.xml and robots.txt.

The product page's JSON-LD is a data block (`<script type="application/ld+json">`): the
browser never runs it, so the CSP (script-src 'self') has nothing to block. The sitemap
lists what a visitor may see, with absolute URLs and the date each last changed; past
SITEMAP_URLS URLs it becomes an index of files of that many URLs each (the protocol's
limit is 50,000).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, url_for
from sqlalchemy import func, select

from marketplace.catalog.models import Category, ProducerGroup, Product, Sentra
from marketplace.catalog.ratings import MAX_STARS, MIN_STARS, average_tenths
from marketplace.catalog.services import visible_products
from marketplace.catalog.status import GroupStatus
from marketplace.kernel.extensions import db

bp = Blueprint("seo", __name__)

SITEMAP_URLS = 40_000
CACHE_SECONDS = 3600
SCHEMA = "https://schema.org"
# What robots should not crawl: private pages, and forms that change things.
PRIVATE_PREFIXES = ("/studio", "/admin", "/akun", "/keranjang", "/checkout", "/pesanan")


# --- schema.org ----------------------------------------------------------------------------
def _media(key: str) -> str:
    return url_for("site.media", filename=f"{key}.jpg", _external=True)


def _availability(in_stock: bool) -> str:
    return f"{SCHEMA}/{'InStock' if in_stock else 'OutOfStock'}"


def product_structured_data(product: Product, choices=()) -> dict:
    """schema.org Product (with AggregateOffer for variants, AggregateRating once
    reviewed) as a JSON-ready dict; the page writes it with `tojson`."""
    group = product.group
    url = url_for("catalog.product_detail", slug=product.slug, _external=True)
    data: dict = {
        "@context": SCHEMA,
        "@type": "Product",
        "name": product.name,
        "url": url,
        "sku": product.sku,
        "description": " ".join((product.description or "").split())[:5000],
        "brand": {"@type": "Brand", "name": group.name},
        "category": product.category.name,
    }
    if product.images:
        data["image"] = [_media(image.key) for image in product.images]
    if product.materials:
        data["material"] = product.materials
    if choices:
        prices = [variant.price for variant in choices]
        data["offers"] = {
            "@type": "AggregateOffer", "priceCurrency": "IDR",
            "lowPrice": min(prices), "highPrice": max(prices), "offerCount": len(choices),
            "availability": _availability(any(variant.stock > 0 for variant in choices)),
            "url": url,
        }
    else:
        data["offers"] = {
            "@type": "Offer", "priceCurrency": "IDR", "price": product.price,
            "availability": _availability(product.stock > 0), "url": url,
            "seller": {"@type": "Organization", "name": group.name},
        }
    if product.rating_count:
        tenths = average_tenths(product.rating_sum, product.rating_count)
        data["aggregateRating"] = {
            "@type": "AggregateRating", "ratingValue": f"{tenths // 10}.{tenths % 10}",
            "reviewCount": product.rating_count, "bestRating": MAX_STARS,
            "worstRating": MIN_STARS,
        }
    return data


@bp.app_template_global("product_structured_data")
def _product_structured_data(product: Product, choices=()) -> dict:
    return product_structured_data(product, choices)


# --- robots.txt ----------------------------------------------------------------------------
@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES),
             "", f"Sitemap: {url_for('seo.sitemap', _external=True)}", ""]
    return _cached(Response("\n".join(lines), mimetype="text/plain"))


# --- sitemap.xml ---------------------------------------------------------------------------
def _cached(response: Response) -> Response:
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _day(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment else None


def _latest_by(column) -> dict:
    """The last change of a visible product, per value of `column` (group, sentra...)."""
    return dict(db.session.execute(
        visible_products().with_only_columns(column, func.max(Product.updated_at))
        .group_by(column).order_by(None)).all())


def page_urls() -> list[tuple[str, str | None]]:
    """(absolute URL, last change) of the home page, sentra, storefronts and categories."""
    latest = db.session.scalar(
        visible_products().with_only_columns(func.max(Product.updated_at)).order_by(None))
    by_group = _latest_by(Product.group_id)
    by_sentra = _latest_by(ProducerGroup.sentra_id)
    by_category = _latest_by(Product.category_id)
    urls = [(url_for("catalog.index", _external=True), _day(latest)),
            (url_for("catalog.sentra_list", _external=True), _day(latest)),
            (url_for("catalog.browse", _external=True), _day(latest))]
    for slug, sentra_id in db.session.execute(
            select(Sentra.slug, Sentra.id).order_by(Sentra.id)):
        urls.append((url_for("catalog.sentra_detail", slug=slug, _external=True),
                     _day(by_sentra.get(sentra_id))))
    for slug, group_id in db.session.execute(
            select(ProducerGroup.slug, ProducerGroup.id)
            .where(ProducerGroup.status == GroupStatus.APPROVED).order_by(ProducerGroup.id)):
        urls.append((url_for("catalog.storefront", slug=slug, _external=True),
                     _day(by_group.get(group_id))))
    for slug, category_id in db.session.execute(
            select(Category.slug, Category.id).order_by(Category.id)):
        urls.append((url_for("catalog.category", slug=slug, _external=True),
                     _day(by_category.get(category_id))))
    return urls


def product_count() -> int:
    return db.session.scalar(
        visible_products().with_only_columns(func.count(Product.id)).order_by(None)) or 0


def product_urls(offset: int = 0, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """(absolute URL, last change) of visible products in id order, read in chunks."""
    pattern = url_for("catalog.product_detail", slug="SLUG", _external=True).split("SLUG")
    stmt = visible_products().with_only_columns(Product.id, Product.slug, Product.updated_at)
    stmt = stmt.order_by(Product.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    for _id, slug, updated_at in db.session.execute(stmt.execution_options(yield_per=2000)):
        yield slug.join(pattern), _day(updated_at)


def _urlset(urls) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    for loc, lastmod in urls:
        yield f"<url><loc>{escape(loc)}</loc>"
        yield f"<lastmod>{lastmod}</lastmod></url>\n" if lastmod else "</url>\n"
    yield "</urlset>\n"


def _xml(parts: Iterator[str]) -> Response:
    return _cached(Response("".join(parts), mimetype="application/xml"))


@bp.get("/sitemap.xml")
def sitemap():
    pages = page_urls()
    products = product_count()
    if len(pages) + products <= SITEMAP_URLS:
        return _xml(_urlset([*pages, *product_urls()]))
    files = [url_for("seo.sitemap_pages", _external=True)] + [
        url_for("seo.sitemap_products", part=n, _external=True)
        for n in range(1, -(-products // SITEMAP_URLS) + 1)]
    body = ['<?xml version="1.0" encoding="UTF-8"?>\n',
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
            *(f"<sitemap><loc>{escape(loc)}</loc></sitemap>\n" for loc in files),
            "</sitemapindex>\n"]
    return _xml(iter(body))


@bp.get("/sitemap-halaman.xml")
def sitemap_pages():
    return _xml(_urlset(page_urls()))


@bp.get("/sitemap-produk-<int:part>.xml")
def sitemap_products(part: int):
    if part < 1 or (part - 1) * SITEMAP_URLS >= max(product_count(), 1):
        abort(404)
    return _xml(_urlset(product_urls((part - 1) * SITEMAP_URLS, SITEMAP_URLS)))
