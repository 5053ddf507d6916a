"""The results page's data: request parsing, the search itself, facet labels, fallbacks."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from flask import current_app, g
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.catalog.cache import cached
from marketplace.catalog.models import Category, ProducerGroup, Product, Sentra
from marketplace.catalog.services import ProductCard, featured_products, visible_products
from marketplace.kernel.extensions import db
from marketplace.kernel.money import format_rupiah
from marketplace.kernel.pagination import Page, parse_page
from marketplace.search import api
from marketplace.search.api import (
    FACETS,
    SORTS,
    SearchRequest,
    SearchResult,
    SearchUnavailableError,
    clean_query,
)
from marketplace.search.documents import PRICE_BANDS
from marketplace.search.models import SearchQueueEntry

log = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
_BAND_KEYS = {band.key for band in PRICE_BANDS}
_last_retry: dict[str, float] = {}


def parse_request(args: Mapping[str, str], per_page: int) -> SearchRequest:
    """A SearchRequest from the query string; anything malformed is dropped, never an error."""
    q = clean_query(args.get("q"))

    def slug(name: str) -> str | None:
        value = (args.get(name) or "").strip()
        return value if _SLUG.match(value) else None

    price = args.get("price")
    default_sort = "relevance" if api.query_words(q) else "newest"
    sort = args.get("sort")
    return SearchRequest(
        q=q,
        sentra=slug("sentra"),
        category=slug("category"),
        group=slug("group"),
        price=price if price in _BAND_KEYS else None,
        sort=sort if sort in SORTS else default_sort,
        page=parse_page(args.get("page")),
        per_page=per_page,
        exact=args.get("exact") == "1",
    )


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class SearchPage:
    request: SearchRequest
    result: SearchResult | None
    page: Page
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    active: list[tuple[str, str, str]] = field(default_factory=list)  # facet, value, label
    featured: list[ProductCard] = field(default_factory=list)
    unavailable: bool = False
    rebuilding: bool = False


def search_page(args: Mapping[str, str]) -> SearchPage:
    """Everything the results page shows for these query-string arguments."""
    request = parse_request(args, current_app.config["PRODUCTS_PER_PAGE"])
    _retry_leftover_queue()
    try:
        result = api.search(request)
    except SearchUnavailableError:
        log.warning("search unavailable: showing the rebuilding notice", exc_info=True)
        return SearchPage(
            request=request, result=None,
            page=Page(items=[], page=1, per_page=request.per_page, total=0),
            featured=featured_products(8), unavailable=True,
            rebuilding=api.backend().rebuilding(),
        )
    result = _only_visible(result)
    labels = facet_labels()
    page = Page(items=result.hits, page=result.page, per_page=result.per_page,
                total=result.total)
    facets = {name: _options(name, result.facets[name], request, labels) for name in FACETS}
    active = [
        (name, value, _label(name, value, labels))
        for name, value in request.filters().items()
    ]
    featured = featured_products(8) if not result.total else []
    return SearchPage(request=request, result=result, page=page, facets=facets,
                      active=active, featured=featured)


def _only_visible(result: SearchResult) -> SearchResult:
    """The hits whose product pages buyers may open: an index that trails the database (a
    drain still to run, a lost one) must never lead to a 404. One query for the page; what
    it drops is repaired in the index after the response."""
    ids = [hit.id for hit in result.hits]
    if not ids:
        return result
    shown = set(db.session.scalars(
        visible_products().with_only_columns(Product.id).where(Product.id.in_(ids))))
    if len(shown) == len(ids):
        return result
    gone = [pid for pid in ids if pid not in shown]
    log.warning("search: %d result(s) no longer visible, repairing: %s", len(gone), gone)
    g.search_repair = gone
    return replace(result, hits=[hit for hit in result.hits if hit.id in shown],
                   total=max(0, result.total - len(gone)))


def _retry_leftover_queue() -> None:
    """Now and then, drain rows an earlier drain had to leave (writer busy, rebuild)."""
    every = current_app.config["SEARCH_RETRY_SECONDS"]
    key = current_app.config["SEARCH_DIR"]
    now = time.monotonic()
    if now - _last_retry.get(key, float("-inf")) < every:
        return
    _last_retry[key] = now
    if db.session.scalar(select(SearchQueueEntry.id).limit(1)) is not None:
        g.search_drain = True


# --- labels ----------------------------------------------------------------------------
def facet_labels() -> dict:
    """Names for facet values, from the database, cached per catalogue version."""
    return cached("search-facet-labels", _load_labels)


def _load_labels() -> dict:
    categories = db.session.execute(
        select(Category.slug, Category.name, Category.name_en, Category.parent_id, Category.id,
               Category.position)
    ).all()
    slug_of = {row.id: row.slug for row in categories}
    return {
        "sentra": dict(db.session.execute(select(Sentra.slug, Sentra.name)).all()),
        "group": dict(db.session.execute(select(ProducerGroup.slug, ProducerGroup.name)).all()),
        "category": {
            row.slug: (row.name, row.name_en, slug_of.get(row.parent_id), row.position)
            for row in categories
        },
    }


def band_label(key: str) -> str:
    locale = str(get_locale())
    for band in PRICE_BANDS:
        if band.key == key:
            if band.low == 0:
                return _("Under %(amount)s", amount=format_rupiah(band.high, locale))
            if band.high is None:
                return _("%(amount)s and more", amount=format_rupiah(band.low, locale))
            return _("%(low)s to %(high)s", low=format_rupiah(band.low, locale),
                     high=format_rupiah(band.high, locale))
    return key


def _label(name: str, value: str, labels: dict) -> str:
    if name == "price":
        return band_label(value)
    if name == "category":
        found = labels["category"].get(value)
        if found:
            return found[1] if str(get_locale()).startswith("en") and found[1] else found[0]
        return value
    return labels[name].get(value, value)


def _options(name: str, counts: dict[str, int], request: SearchRequest,
             labels: dict) -> list[FacetOption]:
    selected = getattr(request, name)
    values = dict(counts)
    if selected and selected not in values:
        values[selected] = 0  # keep a chosen filter visible (and removable) at zero
    if name == "price":
        order = [band.key for band in PRICE_BANDS]
        return [FacetOption(key, band_label(key), values[key], key == selected)
                for key in order if key in values]
    if name == "category":
        return _category_options(values, selected, labels)
    options = [FacetOption(value, _label(name, value, labels), count, value == selected)
               for value, count in values.items()]
    if name == "group":
        options.sort(key=lambda o: (-o.count, o.label.lower()))
    else:
        options.sort(key=lambda o: o.label.lower())
    return options


def _category_options(values: dict[str, int], selected: str | None,
                      labels: dict) -> list[FacetOption]:
    """Top-level categories in catalogue order, each followed by its subcategories."""
    known = labels["category"]

    def position(slug: str):
        entry = known.get(slug)
        return (entry[3] if entry else 999, _label("category", slug, labels).lower())

    parents = sorted((s for s in values if not (known.get(s) or (None,) * 3)[2]), key=position)
    options = []
    for parent in parents:
        options.append(FacetOption(parent, _label("category", parent, labels), values[parent],
                                   parent == selected))
        children = sorted((s for s in values if (known.get(s) or (None,) * 3)[2] == parent),
                          key=position)
        options += [FacetOption(child, _label("category", child, labels), values[child],
                                child == selected, depth=1) for child in children]
    listed = {option.value for option in options}
    # A subcategory whose parent has no match (cannot happen when indexed with its parent).
    options += [FacetOption(s, _label("category", s, labels), values[s], s == selected)
                for s in values if s not in listed]
    return options
