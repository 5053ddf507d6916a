"""Real concurrency: processes and threads with their own connections, released together."""

import multiprocessing
import re
import threading

import pytest
import requests
from sqlalchemy import func, select

from marketplace.cart.models import Cart, CartLine
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.payments.models import PaymentAttempt, PaymentNotification
from tests.factories import make_product

BUYERS = 50
UNITS = 10
ROUNDS = 3
ADDRESS = {
    "name": "Pembeli Uji", "email": "uji@contoh.id", "phone": "+6281234567890",
    "street": "Jl. Mawar No. 5", "village": "Dinoyo", "district": "Lowokwaru",
    "regency": "Kota Malang", "province": "Jawa Timur", "postal_code": "65144",
}


def _buy(url: str, instance: str, cart_id: int, barrier, results) -> None:
    """One buyer in its own process: its own app, engine and connection."""
    from marketplace import create_app
    from marketplace.dbtx import begin_write
    from marketplace.orders import services

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                      "INSTANCE_PATH": instance, "TESTING": True})
    with app.app_context():
        cart = db.session.get(Cart, cart_id)
        db.session.commit()
        barrier.wait(timeout=60)
        try:
            begin_write()
            services.place_order(cart, ADDRESS, f"race-{cart_id}")
            db.session.commit()
            results.put("ordered")
        except services.SoldOutError:
            db.session.rollback()
            results.put("sold out")
        except Exception as error:  # noqa: BLE001 - reported to the parent as a failure
            db.session.rollback()
            results.put(f"error: {error.__class__.__name__}: {error}")
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("round_no", range(ROUNDS))
def test_fifty_buyers_race_for_the_last_ten_units(app, tmp_path, round_no):
    product = make_product(stock=UNITS, price=75_000)
    carts = []
    for n in range(BUYERS):
        cart = Cart(token_hash=f"race-{round_no}-{n}")
        cart.lines.append(CartLine(product_id=product.id, quantity=1, price_seen=75_000))
        db.session.add(cart)
        carts.append(cart)
    db.session.commit()
    cart_ids = [cart.id for cart in carts]
    product_id = product.id
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()  # nothing inherited across fork

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
    assert outcomes.count("ordered") == UNITS
    assert outcomes.count("sold out") == BUYERS - UNITS
    assert db.session.get(type(product), product_id).stock == 0
    assert db.session.scalar(select(func.count(Order.id))) == UNITS


@pytest.fixture
def app_config(simulator):
    return {"MIDTRANS_SIMULATOR_URL": simulator.base_url}


def _browser_with_review(live_server, product):
    """A requests session that has a cart and a review form; returns (session, form)."""
    session = requests.Session()
    page = session.get(f"{live_server}/produk/{product.slug}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(f"{live_server}/keranjang/tambah",
                 data={"csrf_token": token, "product_id": product.id, "quantity": 1})
    page = session.get(f"{live_server}/checkout").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    session.post(f"{live_server}/checkout", data={**ADDRESS, "phone": "081234567890",
                                                  "csrf_token": token})
    review = session.get(f"{live_server}/checkout/tinjau").text
    form = {name: re.search(rf'name="{name}" value="([^"]+)"', review).group(1)
            for name in ("csrf_token", "checkout_key", "expected_total")}
    return session, form


def _together(count: int, action) -> list:
    barrier, answers, lock = threading.Barrier(count), [], threading.Lock()

    def run():
        barrier.wait(timeout=30)
        answer = action()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_the_same_checkout_form_sent_ten_times_at_once_makes_one_order(app, live_server,
                                                                       simulator):
    product = make_product(stock=5)
    db.session.commit()
    session, form = _browser_with_review(live_server, product)
    cookies = session.cookies.get_dict()

    def submit():
        return requests.post(f"{live_server}/checkout/pesan", data=form, cookies=cookies,
                             allow_redirects=False, timeout=30).status_code

    assert _together(10, submit) == [302] * 10
    db.session.commit()  # end this test's read snapshot: the requests ran elsewhere
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 1
    midtrans_id = db.session.scalar(select(PaymentAttempt.midtrans_order_id))
    snap = requests.get(f"{simulator.base_url}/", timeout=5).text
    assert snap.count(midtrans_id) >= 1  # the simulator knows one transaction for it
    assert db.session.get(type(product), product.id).stock == 4


def test_ten_identical_settlements_at_once_mark_paid_once(app, live_server, simulator):
    import hashlib
    import json
    from pathlib import Path

    from marketplace.catalog.models import GroupMembership
    from marketplace.payments.midtrans import SIMULATOR_SERVER_KEY
    from tests.factories import make_user

    product = make_product(stock=5)
    db.session.add(GroupMembership(group=product.group, user=make_user(), role="owner"))
    db.session.commit()
    session, form = _browser_with_review(live_server, product)
    session.post(f"{live_server}/checkout/pesan", data=form, allow_redirects=False)
    db.session.commit()  # end this test's read snapshot: the requests ran elsewhere
    attempt = db.session.scalar(select(PaymentAttempt))
    requests.post(f"{simulator.base_url}/_simulator/pay/{attempt.midtrans_order_id}",
                  json={"transaction_status": "settlement", "notify": False}, timeout=5)
    body = requests.get(f"{simulator.base_url}/v2/{attempt.midtrans_order_id}/status",
                        auth=(SIMULATOR_SERVER_KEY, ""), timeout=5).json()
    raw = body["order_id"] + body["status_code"] + body["gross_amount"] + SIMULATOR_SERVER_KEY
    body["signature_key"] = hashlib.sha512(raw.encode()).hexdigest()

    def deliver():
        response = requests.post(f"{live_server}/pembayaran/midtrans/notifikasi",
                             data=json.dumps(body), timeout=30,
                             headers={"Content-Type": "application/json"})
        return response.json()["status"] if response.ok else str(response.status_code)

    verdicts = _together(10, deliver)
    assert sorted(verdicts) == ["applied"] + ["no_change"] * 9
    db.session.commit()
    assert db.session.scalar(select(Order.status)) == "paid"
    assert db.session.scalar(select(func.count(PaymentNotification.id))) == 10
    outbox = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(outbox) == 2  # one receipt, one email to the group's one member
