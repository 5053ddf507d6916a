"""The association's catalogue work: sentra, categories and featured products.

Each action checks its rules, writes one audit entry and flushes; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from marketplace.admin.services import AdminError, AdminFieldError, changed
from marketplace.catalog.models import Category, ProducerGroup, Product, Sentra
from marketplace.catalog.services import SORTS, visible_products
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel import audit, media
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import Page
from marketplace.kernel.text import slugify, unique_slug

SENTRA_FIELDS = ("slug", "name", "craft", "province", "regency", "district", "village",
                 "story", "established_year", "cover_key")
CATEGORY_FIELDS = ("slug", "name", "name_en", "parent_id", "position")
FEATURED_PER_PAGE = 30


def _taken(model, column, value, exclude_id: int | None, case_insensitive=False) -> bool:
    stmt = select(model.id)
    if case_insensitive:
        stmt = stmt.where(func.lower(column) == value.lower())
    else:
        stmt = stmt.where(column == value)
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return db.session.scalar(stmt.limit(1)) is not None


# --- Sentra ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SentraRow:
    sentra: Sentra
    group_count: int


def sentra_rows() -> list[SentraRow]:
    """Every sentra by name, with how many groups (in any status) belong to it."""
    counts = dict(
        db.session.execute(
            select(ProducerGroup.sentra_id, func.count(ProducerGroup.id)).group_by(
                ProducerGroup.sentra_id
            )
        ).all()
    )
    return [SentraRow(s, counts.get(s.id, 0))
            for s in db.session.scalars(select(Sentra).order_by(Sentra.name))]


def save_sentra(sentra: Sentra | None, values: dict, upload=None) -> Sentra:
    """Create (sentra=None) or edit a sentra; `upload` is an optional new cover picture.

    Raises AdminFieldError naming every refused field: a name or web address another
    sentra has, or a cover that is not a usable picture.
    """
    creating = sentra is None
    own_id = None if creating else sentra.id
    errors: dict[str, str] = {}
    name = values["name"].strip()
    if _taken(Sentra, Sentra.name, name, own_id, case_insensitive=True):
        errors["name"] = _("Another sentra already has this name.")
    slug = (values.get("slug") or "").strip()
    if slug and _taken(Sentra, Sentra.slug, slug, own_id):
        errors["slug"] = _("Another sentra already uses this web address.")
    image = None
    if upload is not None and getattr(upload, "filename", ""):
        try:
            image = media.load_upload(upload)
        except media.ImageRejectedError as error:
            errors["cover"] = str(error)
    if errors:
        raise AdminFieldError(errors)

    slug = slug or unique_slug(Sentra, name, exclude_id=own_id)
    before = {} if creating else audit.snapshot(sentra, SENTRA_FIELDS)
    if creating:
        sentra = Sentra()
        db.session.add(sentra)
    for field in ("name", "craft", "province", "regency", "district", "village", "story"):
        setattr(sentra, field, (values.get(field) or "").strip())
    sentra.established_year = values.get("established_year")
    sentra.slug = slug
    if image is not None:
        try:
            sentra.cover_key = media.store_image(image, "covers").key
        except media.StorageError as error:  # nothing was stored; the form keeps the rest
            raise AdminFieldError({"cover": str(error)}) from error
    db.session.flush()
    after = audit.snapshot(sentra, SENTRA_FIELDS)
    if creating:
        audit.record("sentra.create", sentra, sentra.name, None, after)
    else:
        audit.record("sentra.update", sentra, sentra.name, *changed(before, after))
    return sentra


# --- Categories ------------------------------------------------------------------------
@dataclass(frozen=True)
class CategoryNode:
    category: Category
    product_count: int
    children: list[CategoryNode]


def category_tree() -> list[CategoryNode]:
    """Top-level categories in order, each with its subcategories and product counts."""
    counts = dict(
        db.session.execute(
            select(Product.category_id, func.count(Product.id)).group_by(Product.category_id)
        ).all()
    )
    children: dict[int | None, list[Category]] = {}
    for category in db.session.scalars(
        select(Category).order_by(Category.position, Category.name)
    ):
        children.setdefault(category.parent_id, []).append(category)

    def build(category: Category) -> CategoryNode:
        kids = [build(child) for child in children.get(category.id, [])]
        return CategoryNode(category, counts.get(category.id, 0), kids)

    return [build(category) for category in children.get(None, [])]


def parent_choices(category: Category | None) -> list[Category]:
    """Categories that may be the parent of `category`: top-level ones other than itself."""
    stmt = select(Category).where(Category.parent_id.is_(None))
    if category is not None:
        stmt = stmt.where(Category.id != category.id)
    return list(db.session.scalars(stmt.order_by(Category.position, Category.name)))


def save_category(category: Category | None, values: dict) -> Category:
    """Create (category=None) or edit a category, keeping the tree two levels deep."""
    creating = category is None
    own_id = None if creating else category.id
    errors: dict[str, str] = {}
    name = values["name"].strip()
    if _taken(Category, Category.name, name, own_id, case_insensitive=True):
        errors["name"] = _("Another category already has this name.")
    slug = (values.get("slug") or "").strip() or slugify(name)
    if "name" not in errors and _taken(Category, Category.slug, slug, own_id):
        field = "slug" if values.get("slug") else "name"
        errors[field] = _("Another category already uses the web address “%(slug)s”.",
                          slug=slug)
    parent_error = _parent_problem(category, values.get("parent_id"))
    if parent_error:
        errors["parent_id"] = parent_error
    if errors:
        raise AdminFieldError(errors)

    before = {} if creating else audit.snapshot(category, CATEGORY_FIELDS)
    if creating:
        category = Category()
        db.session.add(category)
    category.name = name
    category.name_en = (values.get("name_en") or "").strip()
    category.slug = slug
    category.parent_id = values.get("parent_id") or None
    category.position = values.get("position") or 0
    db.session.flush()
    after = audit.snapshot(category, CATEGORY_FIELDS)
    if creating:
        audit.record("category.create", category, category.name, None, after)
    else:
        audit.record("category.update", category, category.name, *changed(before, after))
    return category


def _parent_problem(category: Category | None, parent_id: int | None) -> str | None:
    """Why `parent_id` cannot be the parent of `category`, or None if it can."""
    if not parent_id:
        return None
    parent = db.session.get(Category, parent_id) if parent_id > 0 else None
    if parent is None:
        return _("Choose a parent from the list.")
    if category is not None and parent.id == category.id:
        return _("A category cannot be its own parent.")
    if parent.parent_id is not None:
        return _("Only a top-level category can have subcategories (two levels at most).")
    if category is not None and db.session.scalar(
        select(Category.id).where(Category.parent_id == category.id).limit(1)
    ):
        return _("This category has subcategories, so it must stay at the top level.")
    return None


def delete_category(category: Category) -> None:
    """Delete a category no product and no subcategory uses."""
    if db.session.scalar(select(Category.id).where(Category.parent_id == category.id).limit(1)):
        raise AdminError(_("This category has subcategories. Move or delete them first."))
    used = db.session.scalar(
        select(func.count(Product.id)).where(Product.category_id == category.id)
    )
    if used:
        raise AdminError(_("Products still use this category (%(count)d). Move them to "
                           "another category before deleting it.", count=used))
    audit.record("category.delete", category, category.name,
                 audit.snapshot(category, CATEGORY_FIELDS), None)
    db.session.delete(category)
    db.session.flush()


# --- Featured products (produk unggulan) -----------------------------------------------
@dataclass(frozen=True)
class FeaturedCount:
    sentra: Sentra
    featured: int
    published: int


def featured_candidates(sentra_id: int | None, featured_only: bool, page: int) -> Page:
    """Published products of approved groups, newest first, optionally filtered."""
    stmt = visible_products()
    if sentra_id:
        stmt = stmt.where(ProducerGroup.sentra_id == sentra_id)
    if featured_only:
        stmt = stmt.where(Product.is_featured.is_(True))
    total = db.session.scalar(stmt.with_only_columns(func.count(Product.id)).order_by(None))
    page = min(page, max(1, -(-total // FEATURED_PER_PAGE)))
    items = db.session.scalars(
        stmt.options(contains_eager(Product.group).joinedload(ProducerGroup.sentra))
        .order_by(*SORTS["newest"])
        .limit(FEATURED_PER_PAGE)
        .offset((page - 1) * FEATURED_PER_PAGE)
    ).all()
    return Page(items=list(items), page=page, per_page=FEATURED_PER_PAGE, total=total)


def featured_counts() -> list[FeaturedCount]:
    """For each sentra: how many of its visible products are featured, of how many."""
    rows = db.session.execute(
        visible_products()
        .with_only_columns(
            ProducerGroup.sentra_id,
            func.count(Product.id),
            func.count(Product.id).filter(Product.is_featured.is_(True)),
        )
        .group_by(ProducerGroup.sentra_id)
    ).all()
    counts = {sentra_id: (published, featured) for sentra_id, published, featured in rows}
    return [
        FeaturedCount(s, counts.get(s.id, (0, 0))[1], counts.get(s.id, (0, 0))[0])
        for s in db.session.scalars(select(Sentra).order_by(Sentra.name))
    ]


def set_featured(product: Product, featured: bool) -> bool:
    """Feature or unfeature a product; False if it already was. Only visible ones qualify."""
    if product.is_featured == featured:
        return False
    if featured and not (product.status == ProductStatus.ACTIVE
                         and product.group.status == GroupStatus.APPROVED):
        raise AdminError(_("Only published products of approved groups can be featured."))
    before = audit.snapshot(product, ("is_featured",))
    product.is_featured = featured
    db.session.flush()
    audit.record("product.feature" if featured else "product.unfeature", product,
                 f"{product.name} ({product.group.name})", before,
                 audit.snapshot(product, ("is_featured",)))
    return True
