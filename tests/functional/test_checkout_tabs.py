"""One cart, several review tabs: the cart becomes one order, and every tab goes to it."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from marketplace.cart.models import Cart
from marketplace.kernel.extensions import db
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from tests.checkout_helpers import DINOYO
from tests.factories import make_product
from tests.helpers import csrf_token

ADDRESS = {
    "name": "Dewi Lestari", "email": "dewi@contoh.id", "phone": "0812 3456 7890",
    "street": "Jl. Mawar No. 5", **DINOYO,
}


# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


def review_tabs(client, count: int) -> list[dict]:
    """A cart with one cup, the address given, and the review page opened `count` times."""
    cup = make_product(name="Cangkir Keramik", price=45_000, stock=5)
    db.session.commit()
    client.post("/keranjang/tambah", data={
        "csrf_token": csrf_token(client, f"/produk/{cup.slug}"), "product_id": cup.id,
        "quantity": "1"})
    client.post("/checkout", data={**ADDRESS, "csrf_token": csrf_token(client, "/checkout")})
    tabs = []
    for _ in range(count):
        page = client.get("/checkout/tinjau").text
        tabs.append({name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1)
                     for name in ("csrf_token", "checkout_key", "expected_total")})
    return tabs


def test_a_second_review_tab_goes_to_the_order_the_first_one_placed(app, client, simulator):
    # given two review tabs of the same cart, the first one already sent
    first, second = review_tabs(client, 2)
    placed = client.post("/checkout/pesan", data=first)
    assert placed.headers["Location"].startswith(simulator.base_url)
    # when the second tab is sent too
    again = client.post("/checkout/pesan", data=second)
    # then it goes to the same payment, not to an empty cart, and no second order exists
    assert again.status_code == 302
    assert again.headers["Location"] == placed.headers["Location"]
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 1
    # and this browser may see the order
    number = db.session.scalar(select(Order.number))
    assert client.get(f"/pesanan/{number}").status_code == 200


def test_a_late_review_tab_of_a_paid_order_shows_the_order(app, client, simulator):
    first, second = review_tabs(client, 2)
    client.post("/checkout/pesan", data=first)
    db.session.execute(update(Order).values(status="paid"))
    db.session.commit()
    response = client.post("/checkout/pesan", data=second)
    number = db.session.scalar(select(Order.number))
    assert response.headers["Location"].endswith(f"/pesanan/{number}")
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 1


def test_an_old_review_tab_after_the_grace_period_finds_the_cart_empty(app, client,
                                                                       simulator):
    first, second = review_tabs(client, 2)
    client.post("/checkout/pesan", data=first)
    cart = db.session.scalar(select(Cart))
    cart.last_ordered_at -= timedelta(minutes=11)
    db.session.commit()
    client.set_cookie("lang", "en")
    response = client.post("/checkout/pesan", data=second, follow_redirects=True)
    assert "Your cart is empty." in response.text
    assert db.session.scalar(select(func.count(Order.id))) == 1
