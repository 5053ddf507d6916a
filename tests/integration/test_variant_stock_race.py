"""Buyers racing for the last units of one variant: processes with their own connections."""

import multiprocessing

import pytest
from sqlalchemy import func, select

from marketplace.cart.models import Cart, CartLine
from marketplace.catalog.models import Product, ProductVariant
from marketplace.catalog.stock import StockMovement
from marketplace.kernel.extensions import db
from marketplace.orders.models import Order, OrderLine
from tests.integration.test_checkout_concurrency import _buy  # one buyer, one process
from tests.variant_helpers import make_variant_product, variant

BUYERS = 16


@pytest.mark.parametrize("round_no", range(1))
def test_buyers_racing_for_two_variants_get_exactly_their_units(app, tmp_path, round_no):
    """Half the buyers want size L (3 left), half size M (4 left), some carts hold both and
    a plain product too: every variant sells exactly its units, the product's stock stays the
    sum of its variants', and the history adds up per variant."""
    product = make_variant_product({"S": (150_000, 9), "M": (150_000, 4), "L": (165_000, 3)})
    large, medium = variant(product, "L"), variant(product, "M")
    carts = []
    for n in range(BUYERS):
        cart = Cart(token_hash=f"vrace-{round_no}-{n}")
        chosen = large if n % 2 else medium
        cart.lines.append(CartLine(product_id=product.id, variant_id=chosen.id, quantity=1,
                                   price_seen=chosen.price))
        db.session.add(cart)
        carts.append(cart)
    db.session.commit()
    cart_ids, product_id = [cart.id for cart in carts], product.id
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(BUYERS), context.Queue()
    workers = [context.Process(target=_buy, args=(url, str(tmp_path), cid, barrier, results))
               for cid in cart_ids]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(set(outcomes)) == ["ordered", "sold out"], outcomes
    assert outcomes.count("ordered") == 3 + 4

    stock = dict(db.session.execute(
        select(ProductVariant.option1, ProductVariant.stock)
        .where(ProductVariant.product_id == product_id)).all())
    assert stock == {"S": 9, "M": 0, "L": 0}
    assert db.session.get(Product, product_id).stock == 9
    sold = dict(db.session.execute(
        select(OrderLine.variant_label, func.sum(OrderLine.quantity))
        .group_by(OrderLine.variant_label)).all())
    assert sold == {"M": 4, "L": 3}
    assert db.session.scalar(select(func.count(Order.id))) == 7
    history = dict(db.session.execute(
        select(StockMovement.variant_id, func.sum(StockMovement.delta))
        .where(StockMovement.product_id == product_id)
        .group_by(StockMovement.variant_id)).all())
    history = {key: int(value) for key, value in history.items()}
    assert history.pop(None, 0) == 0  # the listing's own stock: none once it has variants
    assert history == {v.id: v.stock for v in db.session.get(Product, product_id).variants}
