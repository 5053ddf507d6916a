"""A product's options and variants: saving them, and keeping the product's figures theirs.

A product with a first option name sells only through its variants. Its `price` is then the
lowest price of its variants (what cards, sorting and price filters use: "from Rp …"), its
`stock` the sum of its variants' stock (what "in stock" and the stock history use) and its
`weight_grams` the lightest variant's. Every function here keeps that true in the caller's
transaction; they flush and never commit.

Stock moves only by conditional UPDATEs with a movement recorded (as for products): a
variant's stock is the sum of its movements, and so is its product's. A variant is never
deleted once it exists (order lines and the stock history point at it): one taken off the
listing is `active = False`, with no stock, and comes back if the same options are added again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, update

from marketplace.catalog import stock
from marketplace.catalog.cache import bump_catalog_version
from marketplace.catalog.models import Product, ProductImage, ProductVariant
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, Message, MessageError, Number
from marketplace.kernel.timeutil import utcnow

MAX_OPTIONS = 3
MAX_VARIANTS = 60
OPTION_MAX = 40


class VariantError(MessageError):
    """Variants that cannot be saved. `.errors` maps "names" or a row index to messages."""

    def __init__(self, errors: dict) -> None:
        self.errors = errors
        first = next(iter(errors.values()))
        super().__init__(str(first))


@dataclass
class VariantRow:
    """One variant as a form or an import gives it. `id` None: a new one."""

    values: tuple[str, ...]
    sku: str
    price: int
    stock: int
    weight_grams: int
    id: int | None = None
    stock_shown: int | None = None  # the stock the form showed (None: write as given)
    image_id: int | None = None
    problems: list = field(default_factory=list)


def active_variants(product: Product) -> list[ProductVariant]:
    return [variant for variant in product.variants if variant.active]


def variant_of(product: Product, variant_id) -> ProductVariant | None:
    """An active variant of `product` by id (from a form: anything else is None)."""
    try:
        wanted = int(variant_id)
    except (TypeError, ValueError):
        return None
    return next((v for v in product.variants if v.id == wanted and v.active), None)


def clean_names(names) -> list[str]:
    """Option names as typed: trimmed, blanks dropped, at most MAX_OPTIONS."""
    return [" ".join(str(name).split())[:OPTION_MAX] for name in names
            if name and str(name).strip()][:MAX_OPTIONS]


def check_rows(product: Product, names: list[str], rows: list[VariantRow],
               taken_skus: set[str]) -> dict:
    """Problems of a set of variants, by row index ("names" for the option names)."""
    errors: dict = {}
    if len({name.lower() for name in names}) != len(names):
        errors["names"] = Message(N_("Each option needs its own name."))
    if len(rows) > MAX_VARIANTS:
        errors["names"] = Message(N_("At most %(n)s variants per product."),
                                  n=Number(MAX_VARIANTS))
    if names and not rows:
        errors["names"] = Message(N_("Add at least one variant, or remove the options."))
    seen_values: set[tuple] = set()
    seen_skus: set[str] = set()
    own_images = {image.id for image in product.images}
    for index, row in enumerate(rows):
        problems = []
        values = tuple(" ".join(v.split())[:OPTION_MAX] for v in row.values[:len(names)])
        if len(values) < len(names) or not all(values):
            problems.append(Message(N_("Fill in every option of this variant.")))
        key = tuple(v.lower() for v in values)
        if key in seen_values:
            problems.append(Message(N_("Two variants have the same options.")))
        seen_values.add(key)
        if not row.sku:
            problems.append(Message(N_("Enter the variant's SKU.")))
        elif row.sku in seen_skus or row.sku in taken_skus:
            problems.append(Message(N_("The SKU %(sku)s is already used."), sku=row.sku))
        seen_skus.add(row.sku)
        if row.price is None or row.price <= 0:
            problems.append(Message(N_("Enter a price above 0.")))
        if row.stock is None or row.stock < 0:
            problems.append(Message(N_("Enter the stock (0 or more).")))
        if row.weight_grams is None or row.weight_grams <= 0:
            problems.append(Message(N_("Enter the weight in grams.")))
        if row.image_id is not None and row.image_id not in own_images:
            problems.append(Message(N_("Choose one of this listing's photos.")))
        row.values = values
        if problems:
            errors[index] = problems[0]
            row.problems = problems
    return errors


def taken_skus(product: Product) -> set[str]:
    """SKUs the group's other listings (and their variants) use."""
    others = select(Product.id).where(Product.group_id == product.group_id,
                                      Product.id != product.id)
    skus = set(db.session.scalars(select(Product.sku).where(Product.id.in_(others))))
    skus |= set(db.session.scalars(
        select(ProductVariant.sku).where(ProductVariant.product_id.in_(others))))
    if product.sku:
        skus.add(product.sku)
    return skus


def save_variants(product: Product, names, rows: list[VariantRow], user_id: int | None = None,
                  reason: stock.StockReason = stock.StockReason.EDIT) -> None:
    """Make the product's options `names` and its variants exactly `rows`.

    Rows with an id update that variant (its stock only over the figure shown, as for a
    product); rows without one add a variant (or bring back a retired one with the same
    options); active variants missing from `rows` are retired with their stock. No names:
    the product sells without variants again (all retired). Raises VariantError, or
    StockMovedError when orders changed a variant's stock since the form was shown.
    """
    names = clean_names(names)
    rows = rows if names else []
    _lock(product)
    errors = check_rows(product, names, rows, taken_skus(product))
    if errors:
        raise VariantError(errors)
    if names and not product.has_variants:
        _empty_own_stock(product, user_id, reason)  # from now on, its stock is its variants'
    by_id = {variant.id: variant for variant in product.variants}
    by_values = {tuple(v.lower() for v in variant.values_all): variant
                 for variant in product.variants}
    claimed = {row.id for row in rows if row.id in by_id}
    product.option1_name, product.option2_name, product.option3_name = (
        list(names) + ["", "", ""])[:3]
    product.updated_at = utcnow()  # the search index and page caches see the change
    kept: set[int] = set()
    moves: list[tuple[ProductVariant, int, int | None]] = []  # (variant, new stock, shown)
    for position, row in enumerate(rows):
        values = (list(row.values) + ["", "", ""])[:3]
        variant = by_id.get(row.id) if row.id is not None else None
        if variant is None:  # new: or the same options as one taken off before
            variant = by_values.get(tuple(v.lower() for v in values))
            if variant is not None and variant.id in claimed:
                raise VariantError({position: Message(N_("Two variants have the same "
                                                         "options."))})
        if variant is None:
            variant = ProductVariant(product=product, stock=0)
            db.session.add(variant)
            shown = 0
        else:
            shown = row.stock_shown if row.id is not None else variant.stock
        variant.option1, variant.option2, variant.option3 = values
        variant.sku, variant.price, variant.weight_grams = row.sku, row.price, row.weight_grams
        variant.image_id, variant.position, variant.active = row.image_id, position, True
        db.session.flush()
        kept.add(variant.id)
        moves.append((variant, row.stock, shown))
    for variant in product.variants:
        if variant.active and variant.id not in kept:
            variant.active = False
            moves.append((variant, 0, None))
    db.session.flush()
    changed = []
    for variant, new, shown in moves:
        try:
            set_variant_stock(variant, new, shown, reason, user_id)
        except StockMovedError as error:
            changed.append(error)
    if changed:
        raise changed[0]
    refresh_product(product)


class StockMovedError(MessageError):
    """A variant's stock moved (an order came in) since the form showed it."""

    def __init__(self, variant: ProductVariant, current: int) -> None:
        self.variant_id = variant.id
        self.current = current
        super().__init__(N_("The stock of %(variant)s changed since this form was opened: it "
                            "is now %(current)s. Check the figure, then save again."),
                         variant=variant.label, current=Number(current))


def set_variant_stock(variant: ProductVariant, new: int, shown: int | None,
                      reason: stock.StockReason = stock.StockReason.EDIT,
                      user_id: int | None = None) -> None:
    """Write a variant's stock over the figure shown (None: any), moving its product's too."""
    if shown is not None and new == shown:
        return
    before = shown
    written = 0
    for _attempt in range(5):
        if shown is None:
            before = db.session.scalar(
                select(ProductVariant.stock).where(ProductVariant.id == variant.id))
        written = db.session.execute(
            update(ProductVariant)
            .where(ProductVariant.id == variant.id, ProductVariant.stock == before)
            .values(stock=new).execution_options(synchronize_session=False)).rowcount
        if written == 1 or shown is not None:
            break
    db.session.expire(variant, ["stock"])
    if written != 1:
        if variant.stock != new:
            raise StockMovedError(variant, variant.stock)
        return
    delta = new - before
    if delta:
        db.session.execute(
            update(Product).where(Product.id == variant.product_id)
            .values(stock=Product.stock + delta).execution_options(synchronize_session=False))
        db.session.expire(variant.product, ["stock"])
        stock.record([stock.movement(variant.product_id, delta, reason, user_id=user_id,
                                     variant_id=variant.id)])
        bump_catalog_version(db.session.connection())


def _empty_own_stock(product: Product, user_id: int | None,
                     reason: stock.StockReason) -> None:
    """A listing about to sell in variants gives up the stock it held as one item."""
    for _attempt in range(5):
        before = db.session.scalar(select(Product.stock).where(Product.id == product.id))
        if not before or db.session.execute(
            update(Product).where(Product.id == product.id, Product.stock == before)
            .values(stock=0).execution_options(synchronize_session=False)
        ).rowcount == 1:
            break
    db.session.expire(product, ["stock"])
    if before:
        stock.record([stock.movement(product.id, -before, reason, user_id=user_id)])
        bump_catalog_version(db.session.connection())


def clear_retired(variant_ids) -> None:
    """Units given back to variants taken off the listing (an order for one expired after
    it was removed) leave the shop again, so a listing's stock is only what can be bought."""
    retired = db.session.scalars(
        select(ProductVariant).where(ProductVariant.id.in_(list(variant_ids)),
                                     ProductVariant.active.is_(False),
                                     ProductVariant.stock > 0)
        .order_by(ProductVariant.id)).all()
    for variant in retired:
        set_variant_stock(variant, 0, None)


def refresh_product(product: Product) -> None:
    """The product's price and weight from its active variants (stock moves with theirs)."""
    if not product.has_variants:
        return
    row = db.session.execute(
        select(func.min(ProductVariant.price), func.min(ProductVariant.weight_grams))
        .where(ProductVariant.product_id == product.id, ProductVariant.active.is_(True))
    ).one()
    if row[0] is not None:
        product.price, product.weight_grams = row[0], row[1]
    db.session.flush()


def _lock(product: Product) -> None:
    """The product's row first, then its variants': the order checkout takes them in."""
    db.session.execute(select(Product.id).where(Product.id == product.id)
                       .with_for_update(key_share=True)).all()


def variant_image(variant: ProductVariant | None) -> ProductImage | None:
    return variant.image if variant is not None else None
