"""Real concurrency: processes and threads with their own connections, released together."""

import multiprocessing
import re
import threading

import pytest
import requests
from sqlalchemy import func, select, text

from marketplace.cart.models import Cart, CartLine
from marketplace.kernel.extensions import db
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from marketplace.payments.models import PaymentNotification
from tests.factories import make_product

BUYERS = 50
UNITS = 10
ROUNDS = 2
ADDRESS = {
    "name": "Pembeli Uji", "email": "uji@contoh.id", "phone": "+6281234567890",
    "street": "Jl. Mawar No. 5", "village": "Dinoyo", "district": "Lowokwaru",
    "regency": "Kota Malang", "province": "Jawa Timur", "postal_code": "65144",
    "province_code": "35", "regency_code": "35.73", "district_code": "35.73.05",
    "village_code": "35.73.05.1004",
}


def _buy(url: str, instance: str, cart_id: int, barrier, results) -> None:
    """One buyer in its own process: its own app, engine and connection."""
    from marketplace import create_app
    from marketplace.checkout import services as checkout
    from marketplace.kernel.dbtx import begin_write
    from marketplace.orders import services

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                      "INSTANCE_PATH": instance, "TESTING": True})
    with app.app_context():
        cart = db.session.get(Cart, cart_id)
        if url.startswith("sqlite"):
            # Fifty writers queue for SQLite's one lock; on a busy CI machine the last can
            # wait longer than the app's 10 s. The pooled connection keeps the setting.
            db.session.execute(text("PRAGMA busy_timeout=60000"))
        db.session.commit()
        barrier.wait(timeout=60)
        try:
            begin_write()
            checkout.checkout_cart(cart, ADDRESS, f"race-{cart_id}")
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


# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


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
    from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
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
    # one receipt, one email to the group's one member: delivered after the response
    from marketplace.kernel.outbox import OutboxMessage, OutboxState
    from tests.simulator_helpers import wait_for

    def all_sent():
        db.session.commit()  # a fresh snapshot each time
        return db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.state == OutboxState.SENT)) == 2
    wait_for(all_sent)
    outbox = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(outbox) == 2
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


TABS = 12


def _review_form(session, live_server) -> dict:
    """Open the review page once more in the same browser: a new tab, a new checkout key."""
    review = session.get(f"{live_server}/checkout/tinjau").text
    return {name: re.search(rf'name="{name}" value="([^"]+)"', review).group(1)
            for name in ("csrf_token", "checkout_key", "expected_total")}


@pytest.mark.parametrize("round_no", range(ROUNDS))
def test_one_cart_sent_from_many_review_tabs_at_once_makes_one_order(app, live_server,
                                                                      simulator, round_no):
    # given one unit in the cart and the review page open in twelve tabs (twelve keys)
    product = make_product(stock=5)
    db.session.commit()
    session, form = _browser_with_review(live_server, product)
    forms = [form] + [_review_form(session, live_server) for _ in range(TABS - 1)]
    assert len({f["checkout_key"] for f in forms}) == TABS
    cookies = session.cookies.get_dict()

    def submit():
        response = requests.post(f"{live_server}/checkout/pesan", data=forms.pop(),
                                 cookies=cookies, allow_redirects=False, timeout=30)
        return response.status_code, response.headers.get("Location", "")

    # when every tab places the order at the same moment
    answers = _together(TABS, submit)
    # then one order, one payment attempt, one unit reserved
    db.session.commit()  # end this test's read snapshot: the requests ran elsewhere
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 1
    assert db.session.get(type(product), product.id).stock == 4
    # and every tab is sent on to that order's payment or page, never to an empty cart
    number = db.session.scalar(select(Order.number))
    snap_url = db.session.scalar(select(PaymentAttempt.redirect_url))
    assert [status for status, _location in answers] == [302] * TABS
    for _status, location in answers:
        assert location == snap_url or f"/pesanan/{number}" in location, location


def _check_out(url: str, instance: str, cart_id: int, key: str, barrier, results) -> None:
    """One checkout tab in its own process, placing the order of a cart shared with others."""
    from marketplace import create_app
    from marketplace.checkout import services as checkout
    from marketplace.kernel.dbtx import begin_write

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                      "INSTANCE_PATH": instance, "TESTING": True})
    with app.test_request_context():
        cart = db.session.get(Cart, cart_id)
        db.session.commit()
        barrier.wait(timeout=60)
        try:
            begin_write()
            order = checkout.checkout_cart(cart, ADDRESS, key)
            db.session.commit()
            results.put(f"ordered {order.number}")
        except checkout.CartAlreadyOrderedError as error:
            db.session.rollback()
            results.put(f"already {error.number}")
        except Exception as error:  # noqa: BLE001 - reported to the parent as a failure
            db.session.rollback()
            results.put(f"error: {error.__class__.__name__}: {error}")
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("round_no", range(ROUNDS))
def test_place_order_racing_on_one_cart_makes_one_order(app, tmp_path, round_no):
    # given one cart with two products, checked out by ten processes with ten keys
    first, second = make_product(stock=3), make_product(stock=3)
    cart = Cart(token_hash=f"tabs-{round_no}")
    cart.lines.append(CartLine(product_id=first.id, quantity=1, price_seen=first.price))
    cart.lines.append(CartLine(product_id=second.id, quantity=2, price_seen=second.price))
    db.session.add(cart)
    db.session.commit()
    ids = (cart.id, first.id, second.id)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()  # nothing inherited across fork

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(TABS), context.Queue()
    workers = [context.Process(target=_check_out,
                               args=(url, str(tmp_path), ids[0], f"tab-{n:02d}-{round_no}",
                                     barrier, results))
               for n in range(TABS)]
    for worker in workers:
        worker.start()
    # when they all place the order at once
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    # then one of them made the order, and the others were told which order it was
    ordered = [o.split()[1] for o in outcomes if o.startswith("ordered ")]
    assert len(ordered) == 1, outcomes
    assert sorted(outcomes) == sorted([f"ordered {ordered[0]}"]
                                      + [f"already {ordered[0]}"] * (TABS - 1))
    # and the cart's units were reserved once, the cart emptied
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.get(type(first), ids[1]).stock == 2
    assert db.session.get(type(second), ids[2]).stock == 1
    assert db.session.scalar(select(func.count(CartLine.id))) == 0
    assert db.session.get(Cart, ids[0]).last_order_id is not None


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite's write lock rules it out
def test_place_order_refuses_a_cart_whose_lines_went_meanwhile(app, backend):
    # a line removed by another connection between the read and the claim
    from sqlalchemy import create_engine, delete, event

    from marketplace.checkout import services as checkout
    from marketplace.kernel.dbtx import begin_write

    product = make_product(stock=3)
    cart = Cart(token_hash="gone-meanwhile")
    cart.lines.append(CartLine(product_id=product.id, quantity=1, price_seen=product.price))
    db.session.add(cart)
    db.session.commit()
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])

    def remove_line_first(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("DELETE FROM CART_LINES"):
            with other.begin() as elsewhere:  # the buyer removes the item in another tab
                elsewhere.execute(delete(CartLine).where(CartLine.cart_id == cart.id))

    event.listen(db.engine, "before_cursor_execute", remove_line_first)
    try:
        with app.test_request_context():
            begin_write()
            with pytest.raises(checkout.CartChangedError):
                checkout.checkout_cart(cart, ADDRESS, "gone-meanwhile-key")
            db.session.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", remove_line_first)
        other.dispose()
    assert db.session.scalar(select(func.count(Order.id))) == 0
    assert db.session.get(type(product), product.id).stock == 3
