"""A product sold in variants, made through catalog.variants as the studio makes one."""

from __future__ import annotations

from marketplace.catalog import variants
from marketplace.catalog.models import Product
from marketplace.kernel.extensions import db
from tests.factories import make_product


def make_variant_product(options: dict[str, tuple[int, int]] | None = None,
                         option_name: str = "Ukuran", weight_grams: int = 300,
                         **kw) -> Product:
    """A product whose variants are `options`: value -> (price, stock)."""
    options = options or {"S": (150_000, 3), "M": (150_000, 2), "L": (165_000, 1)}
    product = make_product(stock=0, **kw)
    rows = [variants.VariantRow(values=(value,), sku=f"{product.sku}-{value}", price=price,
                                stock=stock, weight_grams=weight_grams)
            for value, (price, stock) in options.items()]
    variants.save_variants(product, [option_name], rows)
    db.session.flush()
    return product


def variant(product: Product, label: str):
    return next(v for v in product.variants if v.label == label)
