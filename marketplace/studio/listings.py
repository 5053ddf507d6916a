"""A group's listings: create, edit, duplicate, change status, and apply a checked CSV import.

Every function takes the group (or a product already scoped to it), flushes, and leaves
the commit to the view.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from marketplace.catalog import stock, variants
from marketplace.catalog.cache import bump_catalog_version
from marketplace.catalog.models import Category, ProducerGroup, Product
from marketplace.catalog.status import (
    PRODUCT_TRANSITIONS,
    IllegalTransitionError,
    ProductStatus,
    transition,
)
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, Message, Number
from marketplace.kernel.pagination import Page
from marketplace.kernel.text import unique_slug
from marketplace.studio import csv_io, photos
from marketplace.studio.rules import copy_name, copy_sku
from marketplace.studio.services import StudioError, products_for_group

# The only fields a listing form or an import row may set.
LISTING_FIELDS = (
    "name", "sku", "category_id", "price", "stock", "weight_grams", "materials", "description",
)


# What a product sold in variants takes from them (catalog.variants) rather than a form.
VARIANT_FIGURES = ("price", "stock", "weight_grams")


class ListingError(StudioError):
    """Listing data the group cannot save; `.field_errors` maps form fields to messages
    (text, or a Message whose figures are shown when it is)."""

    def __init__(self, field_errors: dict[str, str | Message]) -> None:
        super().__init__(*field_errors.values())
        self.field_errors = field_errors

    def __str__(self) -> str:
        return " ".join(str(message) for message in self.field_errors.values())


class StockChangedError(ListingError):
    """The stock moved (an order came in) since the artisan saw it; `.current` is it now."""

    def __init__(self, current: int, shown: int) -> None:
        self.current = current
        if current < shown:
            message = Message(N_("Stock changed since this form was opened: it is now "
                                 "%(current)s (orders came in). Check the figure, then save "
                                 "again."), current=Number(current))
        else:
            message = Message(N_("Stock changed since this form was opened: it is now "
                                 "%(current)s (an order was cancelled or someone changed it). "
                                 "Check the figure, then save again."), current=Number(current))
        super().__init__({"stock": message})


def categories_for_choice() -> list[tuple[Category, int]]:
    """Every category with its depth (0 or 1), parents each followed by their children."""
    categories = db.session.scalars(select(Category).order_by(Category.position, Category.name))
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    result = []
    for parent in children.get(None, []):
        result.append((parent, 0))
        result.extend((child, 1) for child in children.get(parent.id, []))
    return result


def listing_page(group: ProducerGroup, status: str | None, page: int, per_page: int) -> Page:
    """One page of the group's listings (of one status, if given), newest first."""
    stmt = products_for_group(group)
    if status in set(ProductStatus):
        stmt = stmt.where(Product.status == status)
    total = db.session.scalar(stmt.with_only_columns(func.count(Product.id)))
    page = min(page, max(1, -(-total // per_page)))
    items = db.session.scalars(
        stmt.options(selectinload(Product.images))
        .order_by(Product.created_at.desc(), Product.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def status_counts(group: ProducerGroup) -> dict[str, int]:
    counts = dict(
        db.session.execute(
            products_for_group(group)
            .with_only_columns(Product.status, func.count(Product.id))
            .group_by(Product.status)
        ).all()
    )
    return {str(status): counts.get(status, 0) for status in ProductStatus}


def check_listing(group: ProducerGroup, data: dict, product: Product | None = None) -> None:
    """Refuse a name or SKU another listing of the group already uses."""
    errors = {}
    others = products_for_group(group)
    if product is not None:
        others = others.where(Product.id != product.id)
    if db.session.scalar(
        others.with_only_columns(Product.id)
        .where(func.lower(Product.name) == data["name"].lower()).limit(1)
    ):
        errors["name"] = _("Another listing of your group is already called %(name)s. "
                           "Choose another name.", name=data["name"])
    if db.session.scalar(others.with_only_columns(Product.id).where(Product.sku == data["sku"])):
        errors["sku"] = _("Another listing of your group already uses the SKU %(sku)s.",
                          sku=data["sku"])
    if db.session.get(Category, data["category_id"]) is None:
        errors["category_id"] = _("Choose a category.")
    if errors:
        raise ListingError(errors)


def create_listing(group: ProducerGroup, data: dict, user_id: int | None = None) -> Product:
    """A new draft listing of the group from the whitelisted fields of `data`."""
    check_listing(group, data)
    product = _new_product(group, data)
    db.session.flush()
    _record_initial(product, stock.StockReason.INITIAL, user_id)
    return product


def _record_initial(product: Product, reason: stock.StockReason, user_id: int | None) -> None:
    """The stock a listing was created with, as the first movement of its history."""
    stock.record([stock.movement(product.id, product.stock or 0, reason, user_id=user_id)])


def _new_product(group: ProducerGroup, data: dict) -> Product:
    # The slug is chosen before the row exists, so autoflush never sees a half-made product.
    slug = unique_slug(Product, data["name"], max_length=120)
    product = Product(group=group, slug=slug, status=ProductStatus.DRAFT, materials="",
                      description="")
    _copy_fields(product, data)
    db.session.add(product)
    return product


def update_listing(product: Product, data: dict, stock_shown: int | None = None,
                   user_id: int | None = None) -> None:
    """Save the whitelisted fields; the slug, and so the shop URL, stays the same.

    `stock_shown` is the stock the form showed: if orders changed it since, StockChangedError
    is raised and the caller rolls everything back (None: the stock is written as given).
    """
    _lock_rows([product.id])
    if product.has_variants:  # its variants' figures: never typed over here
        data = {k: v for k, v in data.items() if k not in VARIANT_FIGURES}
    check_listing(product.group, data, product)
    _copy_fields(product, data, with_stock=False)
    db.session.flush()
    if "stock" in data:
        set_stock(product, data["stock"], stock_shown, stock.StockReason.EDIT, user_id)


def _lock_rows(product_ids) -> None:
    """Lock the listings' rows first, in id order as checkout does (PostgreSQL).

    Every catalogue flush also updates the one catalogue-version row; a save that took that
    row before a product row a checkout holds would wait for the checkout, which waits for
    the version row: a deadlock.
    """
    db.session.execute(
        select(Product.id).where(Product.id.in_(list(product_ids))).order_by(Product.id)
        .with_for_update(key_share=True)
    ).all()


def set_stock(product: Product, new: int, shown: int | None,
              reason: stock.StockReason = stock.StockReason.EDIT,
              user_id: int | None = None) -> None:
    """Write the stock, but only over the figure the artisan saw (`shown`; None: any).

    One conditional UPDATE, so a reservation committed between the check and the write is
    never overwritten. Raises StockChangedError when the stock moved and `new` differs from
    what it is now. A figure left as it was shown means "leave the stock alone": editing a
    description while orders come in is never refused. The change is recorded as a stock
    movement of `reason`.
    """
    if shown is not None and new == shown:
        return
    for _attempt in range(5):
        # Without a shown figure, the one read now: the movement needs the exact change.
        before = shown if shown is not None else db.session.scalar(
            select(Product.stock).where(Product.id == product.id))
        written = db.session.execute(
            update(Product).where(Product.id == product.id, Product.stock == before)
            .values(stock=new).execution_options(synchronize_session=False)).rowcount
        if written == 1 or shown is not None:
            break
    db.session.expire(product, ["stock"])  # written (or not) outside the ORM
    if written == 1:
        stock.record([stock.movement(product.id, new - before, reason, user_id=user_id)])
        bump_catalog_version(db.session.connection())
    elif product.stock != new:
        raise StockChangedError(product.stock, before)


def _copy_fields(product: Product, data: dict, with_stock: bool = True) -> None:
    for name in LISTING_FIELDS:
        if name in data and (with_stock or name != "stock"):
            setattr(product, name, data[name])


def change_status(product: Product, new: ProductStatus) -> None:
    """Publish, unpublish or archive, as the transition table allows."""
    if new == ProductStatus.ACTIVE:
        problems = publish_problems(product)
        if problems:
            raise StudioError(" ".join(problems))
    try:
        transition(product, PRODUCT_TRANSITIONS, new)
    except IllegalTransitionError as error:
        raise StudioError(_("This listing cannot be moved to that status.")) from error
    db.session.flush()


def publish_problems(product: Product) -> list[str]:
    """What a listing lacks before buyers may see it."""
    problems = []
    if not product.price or product.price <= 0:
        problems.append(_("Enter a price above 0 before publishing."))
    if product.stock is None or product.stock < 0:
        problems.append(_("Enter the stock before publishing."))
    if not product.weight_grams or product.weight_grams <= 0:
        problems.append(_("Enter the weight before publishing."))
    return problems


def duplicate_listing(product: Product, user_id: int | None = None) -> tuple[Product, list[str]]:
    """A draft copy with a new SKU, a '(copy)' name and its own copies of the photos.

    Returns the copy and the new picture keys (to delete if the commit fails).
    """
    group = product.group
    taken = db.session.execute(products_for_group(group).with_only_columns(
        Product.sku, Product.name)).all()
    data = {name: getattr(product, name) for name in LISTING_FIELDS}
    data["sku"] = copy_sku(product.sku, {sku for sku, _name in taken})
    data["name"] = copy_name(product.name, _(" (copy)"), {name.lower() for _sku, name in taken})
    if product.has_variants:
        data["stock"] = 0  # the copy's stock is its variants', copied below
    copy = _new_product(group, data)
    db.session.flush()
    _record_initial(copy, stock.StockReason.INITIAL, user_id)
    keys = photos.copy_photos(product, copy)
    if product.has_variants:
        skus = {sku for sku, _name in taken} | {v.sku for v in product.variants}
        db.session.refresh(copy, ["images"])
        # each variant shows the copy of its photo (the copies keep the photos' order)
        same_photo = {old.id: new.id for old, new in zip(product.images, copy.images,
                                                           strict=False)}
        rows = []
        for variant in variants.active_variants(product):
            sku = copy_sku(variant.sku, skus)
            skus.add(sku)
            rows.append(variants.VariantRow(values=tuple(variant.values), sku=sku,
                                            price=variant.price, stock=variant.stock,
                                            weight_grams=variant.weight_grams,
                                            image_id=same_photo.get(variant.image_id)))
        variants.save_variants(copy, product.option_names, rows, user_id,
                               stock.StockReason.EDIT)
    return copy, keys


# --- CSV ---------------------------------------------------------------------------------
def export_listings(group: ProducerGroup) -> str:
    """The group's listings as CSV text, by SKU, each followed by its variants' rows."""
    products = db.session.scalars(
        products_for_group(group)
        .options(selectinload(Product.category), selectinload(Product.variants))
        .order_by(Product.sku)
    )
    rows = []
    for p in products:
        rows.append({
            "sku": p.sku, "name": p.name, "category": p.category.slug, "price": p.price,
            "stock": p.stock, csv_io.STOCK_EXPORTED: p.stock, "weight_grams": p.weight_grams,
            "materials": p.materials,
            "description": p.description, "status": str(p.status),
        })
        for v in variants.active_variants(p) if p.has_variants else []:
            rows.append({
                "sku": v.sku, csv_io.VARIANT_OF: p.sku,
                csv_io.OPTIONS: csv_io.options_text(p.option_names, v.values),
                "price": v.price, "stock": v.stock, csv_io.STOCK_EXPORTED: v.stock,
                "weight_grams": v.weight_grams,
            })
    return csv_io.export_csv(rows)


def check_import(group: ProducerGroup, data: bytes) -> csv_io.ImportReport:
    """Check an uploaded CSV against the group's own products and the categories."""
    products = db.session.scalars(
        products_for_group(group).options(selectinload(Product.variants))).all()
    existing = {}
    for p in products:
        existing[p.sku] = csv_io.Existing(sku=p.sku, name=p.name, stock=p.stock,
                                          option_names=tuple(p.option_names))
        for v in p.variants:
            existing[v.sku] = csv_io.Existing(sku=v.sku, name=p.name, stock=v.stock,
                                              variant_of=p.sku)
    categories = dict(db.session.execute(select(Category.slug, Category.id)).all())
    return csv_io.read_import(data, existing, categories)


class ImportStockChangedError(StudioError):
    """Orders changed the stock of some rows between the check and the save; the rows of the
    report now say so, and the caller rolls back."""


def apply_import(group: ProducerGroup, report: csv_io.ImportReport,
                 user_id: int | None = None) -> None:
    """Create or update every row of a report that is entirely ok (all or nothing)."""
    if not report.ok:
        raise StudioError(_("The file has refused rows; nothing was saved."))
    by_sku = {p.sku: p for p in db.session.scalars(products_for_group(group))}
    _lock_rows(by_sku[row.sku].id for row in report.rows if row.sku in by_sku)
    moved = False
    for row in report.rows:
        if row.variant_of:
            continue  # after their listings, below
        values = dict(row.values, sku=row.sku)
        product = by_sku.get(row.sku)
        if product is None:
            product = by_sku[row.sku] = _new_product(group, values)
            db.session.flush()
            _record_initial(product, stock.StockReason.IMPORT, user_id)
        elif product.has_variants:  # price, stock and weight are its variants'
            _copy_fields(product, {k: v for k, v in values.items()
                                   if k not in VARIANT_FIGURES}, with_stock=False)
            db.session.flush()
        else:
            _copy_fields(product, values, with_stock=False)
            db.session.flush()
            try:
                set_stock(product, values["stock"], row.stock_exported,
                          stock.StockReason.IMPORT, user_id)
            except StockChangedError as error:
                row.problems.append(csv_io.stock_changed_problem(error.current,
                                                                 row.stock_exported))
                moved = True
        new_status = values.get("status")
        if new_status and new_status != product.status:
            transition(product, PRODUCT_TRANSITIONS, ProductStatus(new_status))
        db.session.flush()
    moved = _import_variants(report, by_sku, user_id) or moved
    if moved:
        raise ImportStockChangedError(_("The file has refused rows; nothing was saved."))


def _import_variants(report: csv_io.ImportReport, by_sku: dict[str, Product],
                     user_id: int | None) -> bool:
    """Add or update the variants the file lists (others of the listing stay as they are).
    True if a variant's stock moved since the export (the row then says so)."""
    by_listing: dict[str, list[csv_io.RowResult]] = {}
    for row in report.rows:
        if row.variant_of:
            by_listing.setdefault(row.variant_of, []).append(row)
    moved = False
    for sku, rows in by_listing.items():
        product = by_sku[sku]
        names = [name for name, _value in rows[0].values["options"]]
        wanted = {v.sku: variants.VariantRow(
            values=tuple(v.values), sku=v.sku, price=v.price, stock=v.stock,
            weight_grams=v.weight_grams, id=v.id, stock_shown=v.stock, image_id=v.image_id)
            for v in variants.active_variants(product)} if product.has_variants else {}
        existing = {v.sku: v for v in product.variants}
        file_rows = {}
        for row in rows:
            old = existing.get(row.sku)
            wanted[row.sku] = file_rows[row.sku] = variants.VariantRow(
                values=tuple(value for _name, value in row.values["options"]), sku=row.sku,
                price=row.values["price"], stock=row.values["stock"],
                weight_grams=row.values["weight_grams"],
                id=old.id if old is not None and old.active else None,
                stock_shown=(row.stock_exported if row.stock_exported is not None
                             else old.stock) if old is not None and old.active else None,
                image_id=old.image_id if old is not None else None)
        try:
            variants.save_variants(product, names, list(wanted.values()), user_id,
                                   stock.StockReason.IMPORT)
        except variants.StockMovedError as error:
            for row in rows:
                if file_rows[row.sku].id == error.variant_id:
                    row.problems.append(csv_io.stock_changed_problem(
                        error.current, row.stock_exported or 0))
            moved = True
        except variants.VariantError as error:
            rows[0].problems.append(csv_io.Problem(str(error)))
            moved = True
    return moved
