"""Catalogue queries: what a buyer may see, loaded with a fixed number of SQL statements."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from marketplace.catalog.cache import cached
from marketplace.catalog.models import Category, ProducerGroup, Product, ProductImage, Sentra
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import Page

SORTS = {
    "newest": (Product.created_at.desc(), Product.id.desc()),
    "price_asc": (Product.price.asc(), Product.id.asc()),
    "price_desc": (Product.price.desc(), Product.id.desc()),
}
DEFAULT_SORT = "newest"


def parse_sort(value: str | None) -> str:
    """A sort key from the query string; anything unknown is the default."""
    return value if value in SORTS else DEFAULT_SORT


def visible_products() -> Select:
    """Active products of approved groups: the only products a buyer may see."""
    return (
        select(Product)
        .join(Product.group)
        .where(Product.status == ProductStatus.ACTIVE, ProducerGroup.status == GroupStatus.APPROVED)
    )


@dataclass(frozen=True, slots=True)
class ProductCard:
    """What a product card shows, read as plain columns (no ORM objects to build)."""

    id: int
    slug: str
    name: str
    price: int
    stock: int
    group_slug: str
    group_name: str
    regency: str
    cover_key: str | None
    sentra_name: str = ""
    village: str = ""  # the group's village, or the sentra's
    rating_sum: int = 0  # the visible reviews' stars (catalog/ratings.py)
    rating_count: int = 0


def _cover_key():
    return (
        select(ProductImage.key)
        .where(ProductImage.product_id == Product.id)
        .order_by(ProductImage.position, ProductImage.id)
        .limit(1)
        .correlate(Product)
        .scalar_subquery()
    )


def _cards(stmt: Select, sort: str, limit: int, offset: int = 0) -> list[ProductCard]:
    """One statement for a whole listing: the page's products with group, sentra and cover."""
    rows = db.session.execute(
        stmt.join(ProducerGroup.sentra)
        .with_only_columns(
            Product.id, Product.slug, Product.name, Product.price, Product.stock,
            ProducerGroup.slug, ProducerGroup.name, Sentra.regency, _cover_key(), Sentra.name,
            func.coalesce(func.nullif(ProducerGroup.village, ""), Sentra.village),
            Product.rating_sum, Product.rating_count,
        )
        .order_by(*SORTS[parse_sort(sort)])
        .limit(limit)
        .offset(offset)
    ).all()
    return [ProductCard(*row) for row in rows]


def count_products(stmt: Select, count_key) -> int:
    """How many products `stmt` lists; cached per catalogue version under `count_key`."""
    return cached(
        ("count", count_key),
        lambda: db.session.scalar(stmt.with_only_columns(func.count(Product.id)).order_by(None)),
    )


def paginate_products(stmt: Select, page: int, per_page: int, sort: str = DEFAULT_SORT,
                      count_key=None, total: int | None = None) -> Page:
    """One page of `stmt` in the given order; a page past the end shows the last one."""
    if total is None:
        total = count_products(stmt, count_key) if count_key is not None else db.session.scalar(
            stmt.with_only_columns(func.count(Product.id)).order_by(None)
        )
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    items = _cards(stmt, sort, per_page, (page - 1) * per_page)
    return Page(items=items, page=page, per_page=per_page, total=total)


def featured_products(limit: int = 8) -> list[ProductCard]:
    return _cards(visible_products().where(Product.is_featured.is_(True)), DEFAULT_SORT, limit)


def newest_products(limit: int = 12) -> list[ProductCard]:
    return _cards(visible_products(), DEFAULT_SORT, limit)


def group_products(group: ProducerGroup, limit: int, exclude: Product | None = None):
    stmt = products_of_group(group)
    if exclude is not None:
        stmt = stmt.where(Product.id != exclude.id)
    return _cards(stmt, DEFAULT_SORT, limit)


@dataclass(frozen=True)
class SentraSummary:
    sentra: Sentra
    group_count: int
    product_count: int


def sentra_summaries() -> list[SentraSummary]:
    """Every sentra with its number of approved groups and visible products."""
    group_counts, product_counts = cached("sentra-counts", _sentra_counts)
    sentra = db.session.scalars(select(Sentra).order_by(Sentra.name)).all()
    return [
        SentraSummary(s, group_counts.get(s.id, 0), product_counts.get(s.id, 0)) for s in sentra
    ]


def _sentra_counts() -> tuple[dict[int, int], dict[int, int]]:
    group_counts = dict(
        db.session.execute(
            select(ProducerGroup.sentra_id, func.count(ProducerGroup.id))
            .where(ProducerGroup.status == GroupStatus.APPROVED)
            .group_by(ProducerGroup.sentra_id)
        ).all()
    )
    product_counts = dict(
        db.session.execute(
            visible_products()
            .with_only_columns(ProducerGroup.sentra_id, func.count(Product.id))
            .group_by(ProducerGroup.sentra_id)
        ).all()
    )
    return group_counts, product_counts


def get_sentra(slug: str) -> Sentra | None:
    return db.session.scalar(select(Sentra).where(Sentra.slug == slug))


def approved_groups(sentra: Sentra) -> list[tuple[ProducerGroup, int]]:
    """A sentra's approved groups, each with its number of visible products."""
    counts = cached(
        ("group-counts", sentra.id),
        lambda: dict(
            db.session.execute(
                visible_products()
                .where(ProducerGroup.sentra_id == sentra.id)
                .with_only_columns(Product.group_id, func.count(Product.id))
                .group_by(Product.group_id)
            ).all()
        ),
    )
    groups = db.session.scalars(
        select(ProducerGroup)
        .where(ProducerGroup.sentra_id == sentra.id, ProducerGroup.status == GroupStatus.APPROVED)
        .order_by(ProducerGroup.name)
    ).all()
    return [(g, counts.get(g.id, 0)) for g in groups]


def get_visible_group(slug: str) -> ProducerGroup | None:
    return db.session.scalar(
        select(ProducerGroup)
        .options(joinedload(ProducerGroup.sentra))
        .where(ProducerGroup.slug == slug, ProducerGroup.status == GroupStatus.APPROVED)
    )


def group_rating(group: ProducerGroup) -> tuple[int, int]:
    """(stars, reviews) of the group's visible products' visible reviews, for its storefront."""
    return cached(("group-rating", group.id), lambda: tuple(int(n) for n in db.session.execute(
        products_of_group(group).with_only_columns(
            func.coalesce(func.sum(Product.rating_sum), 0),
            func.coalesce(func.sum(Product.rating_count), 0)).order_by(None)
    ).one()))


def get_visible_product(slug: str) -> Product | None:
    stmt = (
        visible_products()
        .where(Product.slug == slug)
        .options(
            contains_eager(Product.group).joinedload(ProducerGroup.sentra),
            joinedload(Product.category).joinedload(Category.parent),
            selectinload(Product.images),
            selectinload(Product.variants),
        )
    )
    return db.session.scalar(stmt)


def get_category(slug: str) -> Category | None:
    return db.session.scalar(
        select(Category).options(joinedload(Category.parent)).where(Category.slug == slug)
    )


@dataclass(frozen=True)
class CategoryNode:
    category: Category
    count: int
    children: list[CategoryNode]


def category_tree() -> list[CategoryNode]:
    """Top-level categories with their children, each counting visible products (own + children)."""
    counts = cached("category-counts", _category_counts)
    categories = db.session.scalars(
        select(Category).order_by(Category.position, Category.name)
    ).all()
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)

    def build(category: Category) -> CategoryNode:
        kids = [build(child) for child in children.get(category.id, [])]
        total = counts.get(category.id, 0) + sum(k.count for k in kids)
        return CategoryNode(category, total, kids)

    return [build(c) for c in children.get(None, [])]


def _category_counts() -> dict[int, int]:
    return dict(
        db.session.execute(
            visible_products()
            .with_only_columns(Product.category_id, func.count(Product.id))
            .group_by(Product.category_id)
        ).all()
    )


def category_node(category: Category, tree: list[CategoryNode]) -> CategoryNode | None:
    for node in tree:
        if node.category.id == category.id:
            return node
        for child in node.children:
            if child.category.id == category.id:
                return child
    return None


def products_in_category(category: Category, tree: list[CategoryNode]) -> Select:
    """Visible products of a category and of its children."""
    ids = [category.id]
    for node in tree:
        if node.category.id == category.id:
            ids += [child.category.id for child in node.children]
    return visible_products().where(Product.category_id.in_(ids))


def products_of_sentra(sentra: Sentra) -> Select:
    return visible_products().where(ProducerGroup.sentra_id == sentra.id)


def products_of_group(group: ProducerGroup) -> Select:
    return visible_products().where(Product.group_id == group.id)
