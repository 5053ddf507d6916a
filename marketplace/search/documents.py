"""What the index holds for a product, read from the database in a few statements.

Plain SQL and plain dicts: the index module turns them into Whoosh documents. Only active
products of approved groups become documents; everything else is deleted from the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from marketplace.catalog.models import Category, ProducerGroup, Product, ProductImage, Sentra
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db

SNIPPET_CHARS = 260
CHUNK = 2000


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
    return (
        select(
            Product.id, Product.slug, Product.name, Product.description, Product.materials,
            Product.price, Product.stock, Product.created_at,
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

    `text` (Indonesian stems) covers everything; `text_en` (English stems) and `words`
    (unstemmed vocabulary for typo correction) leave out the description, which is
    Indonesian prose: English stems of it add postings, not matches.
    """
    labels = " ".join(
        part for part in (
            row.materials, row.category_name, row.category_name_en, row.parent_name,
            row.parent_name_en,
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
        "text": f"{row.description or ''} {labels} {places}",
        "text_en": f"{row.name} {labels}",
        "words": f"{row.name} {labels} {places}",
        "sentra": row.sentra_slug,
        "category": row.category_slug,
        "category_top": row.parent_slug or row.category_slug,
        "group": row.group_slug,
        "price_band": price_band(row.price),
        "price": row.price,
        "created": int(row.created_at.timestamp()),
        "name_len": len(row.name),
        "stock": row.stock,
        "cover_key": row.cover_key,
        "group_name": row.group_name,
        "sentra_name": row.sentra_name,
        "regency": row.regency,
        "snippet": snippet_source(row.description),
    }


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
