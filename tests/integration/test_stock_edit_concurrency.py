"""A studio stock save racing a checkout: the reservation is never undone."""

import threading
import time

from sqlalchemy import func, select

from marketplace.cart.models import Cart, CartLine
from marketplace.catalog.models import Product
from marketplace.checkout.services import checkout_cart
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.orders import services as orders
from marketplace.orders.models import Order
from marketplace.studio import listings
from tests.factories import make_category, make_group, make_product

ROUNDS = 12
ADDRESS = {
    "name": "Pembeli Uji", "email": "uji@contoh.id", "phone": "+6281234567890",
    "street": "Jl. Mawar No. 5", "village": "Dinoyo", "district": "Lowokwaru",
    "regency": "Kota Malang", "province": "Jawa Timur", "postal_code": "65144",
}


def _cart_for(product, quantity: int, name: str) -> Cart:
    cart = Cart(token_hash=name)
    cart.lines.append(CartLine(product_id=product.id, quantity=quantity,
                               price_seen=product.price))
    db.session.add(cart)
    return cart


def _run_together(*actions) -> None:
    """Each action in its own thread, app context and connection, released together."""
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            action(barrier)
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]


def test_a_stock_save_racing_a_reservation_never_loses_it(app):
    # given, each round, a listing with 2 in stock, a buyer with both in the cart, and an
    # artisan whose form (opened at 2) now says 1
    group, category = make_group(), make_category()
    db.session.commit()
    for round_no in range(ROUNDS):
        product = make_product(group=group, category=category, stock=2, sku=f"RACE-{round_no}",
                               name=f"Vas Balapan {round_no}")
        cart = _cart_for(product, 2, f"stock-race-{round_no}")
        db.session.commit()
        product_id, cart_id = product.id, cart.id
        data = {name: getattr(product, name) for name in listings.LISTING_FIELDS}
        data["stock"] = 1
        outcome = {}

        def buy(barrier, cart_id=cart_id, round_no=round_no, outcome=outcome):
            with app.test_request_context():
                buyer_cart = db.session.get(Cart, cart_id)
                db.session.commit()
                barrier.wait(timeout=30)
                begin_write()
                try:
                    checkout_cart(buyer_cart, ADDRESS, f"stock-race-key-{round_no}")
                    db.session.commit()
                    outcome["ordered"] = True
                except orders.SoldOutError:
                    db.session.rollback()
                    outcome["ordered"] = False

        def save(barrier, product_id=product_id, data=data, outcome=outcome,
                 delay=(round_no % 6) * 0.004):
            with app.test_request_context():
                listing = db.session.get(Product, product_id)
                db.session.commit()
                barrier.wait(timeout=30)
                time.sleep(delay)  # a checkout does more before it reserves: vary who leads
                begin_write()
                try:
                    listings.update_listing(listing, data, stock_shown=2)
                    db.session.commit()
                    outcome["saved"] = True
                except listings.StockChangedError as error:
                    db.session.rollback()
                    outcome["saved"], outcome["told"] = False, error.current

        # when the checkout and the save happen at the same moment
        _run_together(buy, save)
        # then exactly one wins: the save (stock 1, the buyer told it sold out) or the order
        # (stock 0, the artisan told it is 0 now); never an order with its units put back
        db.session.commit()  # a fresh snapshot: the threads committed elsewhere
        stock = db.session.get(Product, product_id).stock
        orders_made = db.session.scalar(
            select(func.count(Order.id)).where(Order.checkout_key == f"stock-race-key-{round_no}"))
        assert outcome["ordered"] != outcome["saved"], outcome
        if outcome["ordered"]:
            assert (stock, orders_made, outcome["told"]) == (0, 1, 0)
        else:
            assert (stock, orders_made) == (1, 0)


def test_import_refuses_a_row_whose_stock_an_order_changed_after_the_check(app):
    # given a file checked against stock 4, then an order of 1 before it is applied
    group, category = make_group(), make_category(slug="keramik")
    vase = make_product(group=group, category=category, sku="KRM-1", name="Vas", stock=4)
    make_product(group=group, category=category, sku="KRM-2", name="Cangkir", stock=6)
    db.session.commit()
    text = ("sku,name,category,price,stock,stock_exported,weight_grams\n"
            "KRM-1,Vas,keramik,50000,10,4,500\nKRM-2,Cangkir Biru,keramik,50000,6,6,500\n")
    with app.test_request_context():
        report = listings.check_import(group, text.encode())
        assert report.ok
        cart = _cart_for(vase, 1, "between-check-and-apply")
        db.session.commit()
        begin_write()
        checkout_cart(cart, ADDRESS, "between-check-and-apply-key")
        db.session.commit()
        # when it is applied
        begin_write()
        try:
            listings.apply_import(group, report)
        except listings.ImportStockChangedError:
            db.session.rollback()
        else:
            raise AssertionError("the import was applied over an order")
    # then the row says why, and nothing was saved
    assert not report.ok
    assert report.rows[0].problems[0].params == {"current": 3}
    assert report.rows[1].ok
    db.session.expire_all()
    stocks = dict(db.session.execute(select(Product.sku, Product.stock)).all())
    names = set(db.session.scalars(select(Product.name)))
    assert stocks == {"KRM-1": 3, "KRM-2": 6}
    assert names == {"Vas", "Cangkir"}
