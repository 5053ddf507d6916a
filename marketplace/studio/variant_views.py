"""A listing's options and variants: one form with a row per variant (and blank rows to add).

The rows are plain form fields (`v-<n>-sku` …) read here, never trusted: the product comes
from the group, a variant id from this product, a photo from its own photos. Without
JavaScript, "More rows" sends the form back with everything typed kept and five more rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from marketplace.catalog import variants
from marketplace.catalog.models import Product
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import parse_int
from marketplace.studio import services
from marketplace.studio.blueprint import bp
from marketplace.studio.rules import (
    MAX_PRICE,
    MAX_STOCK,
    MAX_WEIGHT_GRAMS,
    NumberFormatError,
    normalise_sku,
    parse_whole_number,
)

BLANK_ROWS = 3
MORE_ROWS = 5


@dataclass
class RowInput:
    """One row of the form as typed (strings), with its problems."""

    id: str = ""
    values: list[str] = field(default_factory=lambda: ["", "", ""])
    sku: str = ""
    price: str = ""
    stock: str = ""
    stock_shown: str = ""
    weight: str = ""
    image: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return not (self.id or any(self.values) or self.sku or self.price or self.stock
                    or self.weight)


def _rows_from_product(product: Product) -> list[RowInput]:
    return [RowInput(id=str(v.id), values=list(v.values_all), sku=v.sku, price=str(v.price),
                     stock=str(v.stock), stock_shown=str(v.stock), weight=str(v.weight_grams),
                     image=str(v.image_id or ""))
            for v in variants.active_variants(product)]


def _rows_from_form(form) -> list[RowInput]:
    count = min(parse_int(form.get("rows"), default=0) or 0, variants.MAX_VARIANTS + 20)
    rows = []
    for n in range(count):
        def get(name: str, n=n) -> str:
            return " ".join((form.get(f"v-{n}-{name}") or "").split())[:60]
        if get("remove"):
            continue
        rows.append(RowInput(id=get("id"), values=[get("opt1"), get("opt2"), get("opt3")],
                             sku=get("sku"), price=get("price"), stock=get("stock"),
                             stock_shown=get("stock_shown"), weight=get("weight"),
                             image=get("image")))
    return rows


def _number(text: str, limit: int, currency: bool = False) -> int | None:
    try:
        value = parse_whole_number(text, currency=currency)
    except NumberFormatError:
        return None
    return value if value is not None and 0 <= value <= limit else None


def _to_variant_rows(product: Product, rows: list[RowInput]) -> list[variants.VariantRow]:
    own = {v.id for v in product.variants}
    result = []
    for row in rows:
        variant_id = parse_int(row.id)
        result.append(variants.VariantRow(
            values=tuple(row.values), sku=normalise_sku(row.sku) if row.sku else "",
            price=_number(row.price, MAX_PRICE, currency=True) or 0,
            stock=_number(row.stock, MAX_STOCK) if row.stock else -1,
            weight_grams=_number(row.weight, MAX_WEIGHT_GRAMS) or 0,
            id=variant_id if variant_id in own else None,
            stock_shown=parse_int(row.stock_shown) if variant_id in own else None,
            image_id=parse_int(row.image) if row.image else None))
    return result


@bp.route("/<group_slug>/produk/<int:product_id>/varian", methods=["GET", "POST"])
def listing_variants(group_slug: str, product_id: int):
    product = services.product_for_group(g.group, product_id) or abort(404)
    names = list(product.option_names)
    rows = _rows_from_product(product)
    errors: list[str] = []
    if request.method == "POST":
        names = [" ".join((request.form.get(f"option{n}") or "").split())[:40]
                 for n in (1, 2, 3)]
        rows = [row for row in _rows_from_form(request.form) if not row.is_blank]
        extra = MORE_ROWS if request.form.get("more") else 0
        if not request.form.get("more"):
            typed = _to_variant_rows(product, rows)
            try:
                variants.save_variants(product, names, typed, current_user.id)
                db.session.commit()
            except variants.VariantError as error:
                db.session.rollback()
                if "names" in error.errors:
                    errors.append(str(error.errors["names"]))
                for index, row in enumerate(typed):
                    rows[index].problems = [str(p) for p in row.problems]
                if not errors and not any(r.problems for r in rows):
                    errors.append(str(error))
            except variants.StockMovedError as error:
                db.session.rollback()
                errors.append(str(error))
                for row in rows:
                    if parse_int(row.id) == error.variant_id:
                        row.stock_shown = str(error.current)
                        row.problems = [str(error)]
            except IntegrityError:
                db.session.rollback()
                errors.append(_("Another save changed these variants a moment ago. "
                                "Check them and save again."))
            else:
                flash(_("The variants of %(name)s are saved.", name=product.name), "success")
                return redirect(url_for("studio.listing_variants", product_id=product.id))
        db.session.expire_all()
        product = services.product_for_group(g.group, product_id) or abort(404)
        rows += [RowInput() for _n in range(extra)]
    rows += [RowInput() for _n in range(BLANK_ROWS)]
    return render_template("studio/listing_variants.html", product=product,
                           names=(names + ["", "", ""])[:3], rows=rows,
                           errors=[e for e in errors if e])
