"""What the index holds for a product, read from the database in a few statements.

Plain SQL and plain dicts: the index module turns them into Whoosh documents. Only active
products of approved groups become documents; everything else is deleted from the index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from marketplace.catalog.models import (
    Category,
    ProducerGroup,
    Product,
    ProductImage,
    ProductVariant,
    Sentra,
)
from marketplace.catalog.ratings import rating_key
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.catalog.stock import ORDER_REASONS, StockMovement
from marketplace.kernel.extensions import db

SNIPPET_CHARS = 260
CHUNK = 2000
# Raise when what a document holds, or how its words are analysed, changes: every
# document then carries an outdated version and `flask search check` rewrites it.
DOCUMENT_FORMAT = 3


@dataclass(frozen=True)
class PriceBand:
    key: str
    low: int  # inclusive
    high: int | None  # exclusive; None: no upper bound


PRICE_BANDS = (
    PriceBand("under-50000", 0, 50_000),
    PriceBand("50000-150000", 50_000, 150_000),
    PriceBand("150000-500000", 150_000, 500_000),
    PriceBand("over-500000", 500_000, None),
)
BAND_KEYS = tuple(band.key for band in PRICE_BANDS)


def price_band(price: int) -> str:
    """The key of the band a price falls in."""
    for band in PRICE_BANDS:
        if price >= band.low and (band.high is None or price < band.high):
            return band.key
    return PRICE_BANDS[0].key


def snippet_source(description: str) -> str:
    """The start of a description, cut at a word, stored for highlighted snippets."""
    text = " ".join((description or "").split())
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > SNIPPET_CHARS // 2 else SNIPPET_CHARS] + " …"


def rank_boost(stock: int, featured: bool, sold: int) -> int:
    """0-63, higher first among equally relevant results: in stock, then featured, then
    how many units orders took (a power-of-two bucket, so a few sales do not reorder)."""
    return (stock > 0) << 5 | bool(featured) << 4 | min(15, max(0, sold).bit_length())


def _units_sold():
    """Units orders hold of the product (taken minus given back): its sales."""
    return (
        select(func.coalesce(-func.sum(StockMovement.delta), 0))
        .where(StockMovement.product_id == Product.id,
               StockMovement.reason.in_(sorted(ORDER_REASONS)))
        .correlate(Product)
        .scalar_subquery()
    )


def _statement() -> Select:
    parent = aliased(Category)
    cover = (
        select(ProductImage.key)
        .where(ProductImage.product_id == Product.id)
        .order_by(ProductImage.position, ProductImage.id)
        .limit(1)
        .correlate(Product)
        .scalar_subquery()
    )
    # The options a buyer may type ("XL", "250 g", "Biru"): the active variants' values.
    variant_words = (
        select(func.aggregate_strings(
            ProductVariant.option1 + " " + ProductVariant.option2 + " " + ProductVariant.option3,
            " "))
        .where(ProductVariant.product_id == Product.id, ProductVariant.active.is_(True))
        .correlate(Product)
        .scalar_subquery()
    )
    return (
        select(
            Product.id, Product.slug, Product.name, Product.description, Product.materials,
            variant_words.label("variant_words"),
            Product.price, Product.stock, Product.created_at, Product.is_featured,
            Product.updated_at, _units_sold().label("sold"),
            Product.rating_sum, Product.rating_count,
            ProducerGroup.slug.label("group_slug"), ProducerGroup.name.label("group_name"),
            ProducerGroup.village.label("group_village"),
            Sentra.slug.label("sentra_slug"), Sentra.name.label("sentra_name"),
            Sentra.craft, Sentra.province, Sentra.regency, Sentra.district,
            Sentra.village.label("sentra_village"),
            Category.slug.label("category_slug"), Category.name.label("category_name"),
            Category.name_en.label("category_name_en"),
            parent.slug.label("parent_slug"), parent.name.label("parent_name"),
            parent.name_en.label("parent_name_en"),
            cover.label("cover_key"),
        )
        .join(Product.group)
        .join(ProducerGroup.sentra)
        .join(Product.category)
        .outerjoin(parent, Category.parent_id == parent.id)
        .where(Product.status == ProductStatus.ACTIVE, ProducerGroup.status == GroupStatus.APPROVED)
    )


def to_document(row) -> dict:
    """The index fields of one product row.

    Matched, best first: `name` (its words), `name_stem` (their stems), `tags` (materials
    and categories), `place` (group, sentra and where they are, unstemmed: names), `text`
    (the description). `text_en` (English stems of the name and labels) leaves out the
    description, which is Indonesian prose: English stems of it add postings, not matches.
    """
    labels = " ".join(
        part for part in (
            row.materials, row.category_name, row.category_name_en, row.parent_name,
            row.parent_name_en, " ".join((row.variant_words or "").split()),
        ) if part
    )
    places = " ".join(
        part for part in (
            row.group_name, row.group_village, row.sentra_name, row.craft, row.sentra_village,
            row.district, row.regency, row.province,
        ) if part
    )
    return {
        "id": str(row.id),
        "slug": row.slug,
        "name": row.name,
        "name_stem": row.name,
        "tags": labels,
        "place": places,
        "text": row.description or "",
        "text_en": f"{row.name} {labels}",
        "sentra": row.sentra_slug,
        "category": row.category_slug,
        "category_top": row.parent_slug or row.category_slug,
        "group": row.group_slug,
        "price_band": price_band(row.price),
        "price": row.price,
        "created": int(row.created_at.timestamp()),
        "name_len": len(row.name),
        "boost": rank_boost(row.stock, row.is_featured, int(row.sold or 0)),
        "rating": rating_key(row.rating_sum, row.rating_count),  # "best rated" sorts by it
        "rating_sum": row.rating_sum,
        "rating_count": row.rating_count,
        "version": version_of(row),
        "stock": row.stock,
        "cover_key": row.cover_key,
        "group_name": row.group_name,
        "sentra_name": row.sentra_name,
        "regency": row.regency,
        "village": row.group_village or row.sentra_village or "",
        "snippet": snippet_source(row.description),
    }


def _analysis() -> str:
    exceptions = resources.files("marketplace.search").joinpath("data/stem-exceptions.txt")
    return hashlib.blake2b(f"{DOCUMENT_FORMAT}|{exceptions.read_text(encoding='utf-8')}"
                           .encode(), digest_size=6).hexdigest()


_ANALYSIS = _analysis()


def version_of(row) -> str:
    """What makes a document current: the product's last change and the figures a change
    elsewhere (a sale, a group or category edit) alters. `flask search check` compares it."""
    text = "|".join(str(part) for part in (
        _ANALYSIS, int(row.updated_at.timestamp() * 1000), row.stock, int(row.sold or 0), row.price,
        row.group_slug, row.group_name, row.group_village, row.sentra_slug, row.sentra_name,
        row.category_slug, row.category_name, row.category_name_en, row.parent_slug,
        row.cover_key or "", row.variant_words or "", row.rating_sum, row.rating_count,
    ))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def visible_documents(product_ids: Iterable[int], session=None) -> dict[int, dict]:
    """Documents of those of `product_ids` that buyers may see, by product id."""
    session = session or db.session
    ids = sorted(set(product_ids))
    found: dict[int, dict] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for row in session.execute(_statement().where(Product.id.in_(chunk))):
            found[row.id] = to_document(row)
    return found


def count_visible(session=None) -> int:
    return (session or db.session).scalar(
        _statement().with_only_columns(func.count(Product.id)).order_by(None)
    )


def visible_ids(session=None) -> list[int]:
    """Every visible product's id, in order."""
    stmt = _statement().with_only_columns(Product.id).order_by(Product.id)
    return list((session or db.session).scalars(stmt))


def visible_versions(session=None) -> dict[int, str]:
    """Every visible product's id and the version its document must carry."""
    return {int(document["id"]): document["version"] for document in all_documents(session)}


def all_documents(session=None) -> Iterator[dict]:
    """Every visible product's document, in id order, read in chunks (keyset pagination)."""
    session = session or db.session
    last = 0
    while True:
        rows = session.execute(
            _statement().where(Product.id > last).order_by(Product.id).limit(CHUNK)
        ).all()
        if not rows:
            return
        for row in rows:
            yield to_document(row)
        last = rows[-1].id
