"""Back from Midtrans, the buyer sees the truth: the finish page asks, the order page follows.

Payments are made on the simulator with `notify: False` (a lost or late notification), so
only the finish page, the order page and its JSON poll can tell the shop what happened.
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from marketplace.gateways import midtrans
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from tests.checkout_helpers import add, checkout, pay
from tests.helpers import csrf_token

THANKS = "Terima kasih! Pembayaran Anda sudah diterima."
CONFIRMING = "Kami sedang memastikan pembayaran Anda"
NOT_YET = "Pembayaran Anda belum masuk."
WAITING = "Menunggu pembayaran sampai"
CANCELLED = "Pembayaran tidak selesai, jadi pesanan ini dibatalkan."
EXPIRED = "Pesanan ini kedaluwarsa sebelum dibayar."
PAY_FORM = re.compile(r'action="/pesanan/[^"]+/bayar"')
UNREACHABLE = "http://127.0.0.1:9"  # nothing listens there: refused at once


# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


@pytest.fixture
def shop(app):
    from tests.factories import make_group, make_product

    group = make_group(name="Griya Keramik", shipping_fee=20_000)
    cup = make_product(group=group, name="Cangkir Keramik", price=45_000, stock=5)
    db.session.commit()
    return cup


@pytest.fixture
def placed(client, shop, simulator):
    """A guest's order, sent to the simulator's Snap page; returns (order, attempt)."""
    add(client, shop, "2")
    response = client.post("/checkout/pesan", data=checkout(client))
    assert response.headers["Location"].startswith(simulator.base_url)
    return db.session.scalar(select(Order)), db.session.scalar(select(PaymentAttempt))


def back_from_snap(client, order):
    """What the browser does after Snap: the finish URL with Midtrans's query, followed."""
    response = client.get(f"/pesanan/{order.number}/selesai?order_id={order.number}-1"
                          "&status_code=201&transaction_status=pending")
    assert response.status_code == 302
    return client.get(response.headers["Location"])


def messages(page: str) -> list[str]:
    """The texts of the page's status messages (flashes and the payment step)."""
    return re.findall(r'<div class="flash[^"]*"[^>]*>(.*?)</div>', page, re.S)


def gateway_calls(monkeypatch) -> list[str]:
    """Record every status lookup the shop makes."""
    calls: list[str] = []
    real = midtrans.Gateway.status

    def counted(self, order_id):
        calls.append(order_id)
        return real(self, order_id)

    monkeypatch.setattr(midtrans.Gateway, "status", counted)
    return calls


# --- the finish page ----------------------------------------------------------------
def test_finish_page_applies_a_settlement_whose_notification_was_lost(client, placed,
                                                                      simulator):
    # given a payment settled on Midtrans whose notification never came
    order, attempt = placed
    pay(simulator, attempt.midtrans_order_id, "settlement")
    # when the buyer comes back
    page = back_from_snap(client, order).text
    # then the order is paid and the page thanks them, once, with nothing left to pay
    db.session.expire_all()
    assert order.status == "paid"
    assert "Lunas" in page
    assert len(messages(page)) == 1 and THANKS in messages(page)[0]
    assert not PAY_FORM.search(page) and 'id="payment-watch"' not in page


def test_finish_page_after_a_denied_card_says_cancelled_once(client, placed, simulator, shop):
    order, attempt = placed
    pay(simulator, attempt.midtrans_order_id, "deny")
    page = back_from_snap(client, order).text
    db.session.expire_all()
    assert order.status == "cancelled" and shop.stock == 5
    assert len(messages(page)) == 1 and CANCELLED in messages(page)[0]
    assert WAITING not in page and CONFIRMING not in page and not PAY_FORM.search(page)
    assert 'action="/pesanan/' + order.number + '/pesan-lagi"' in page


def test_finish_page_after_an_expired_payment_says_expired_once(client, placed, simulator):
    order, attempt = placed
    pay(simulator, attempt.midtrans_order_id, "expire")
    page = back_from_snap(client, order).text
    db.session.expire_all()
    assert order.status == "expired"
    assert len(messages(page)) == 1 and EXPIRED in messages(page)[0]


def test_finish_page_for_a_transfer_not_made_yet_points_to_the_same_snap_page(
        client, placed, simulator):
    # given a virtual account chosen on Snap, the transfer not made yet
    order, attempt = placed
    pay(simulator, attempt.midtrans_order_id, "pending")
    # when the buyer comes back
    page = back_from_snap(client, order).text
    # then one message says how to finish, linking to the same Snap page, no new payment
    assert len(messages(page)) == 1 and NOT_YET in messages(page)[0]
    assert f'href="{attempt.redirect_url}"' in page
    assert not PAY_FORM.search(page)
    # and the page follows the payment, with or without JavaScript
    assert 'id="payment-watch"' in page and 'data-step="instructions"' in page
    assert '<noscript><meta http-equiv="refresh" content="15"></noscript>' in page


def test_finish_page_when_midtrans_is_unreachable_says_confirming_without_pay_now(
        app, client, placed, shop):
    # given a buyer back from Snap while Midtrans cannot be reached
    order, _ = placed
    app.config["MIDTRANS_SIMULATOR_URL"] = UNREACHABLE
    page = back_from_snap(client, order).text
    # then no error, one message, and no second payment offered
    assert len(messages(page)) == 1 and CONFIRMING in messages(page)[0]
    assert not PAY_FORM.search(page)
    db.session.expire_all()
    assert order.status == "pending_payment"
    # and a "Pay now" sent from an old tab starts nothing either
    token = csrf_token(client, f"/produk/{shop.slug}")  # the order page has no form now
    response = client.post(f"/pesanan/{order.number}/bayar", data={"csrf_token": token})
    assert response.headers["Location"].endswith(f"/pesanan/{order.number}")
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 1


def test_pay_now_comes_back_once_the_confirming_window_has_passed(app, client, placed,
                                                                  simulator):
    order, attempt = placed
    app.config["MIDTRANS_SIMULATOR_URL"] = UNREACHABLE
    back_from_snap(client, order)
    db.session.execute(update(PaymentAttempt).values(
        returned_at=utcnow() - timedelta(minutes=6)))
    db.session.commit()
    page = client.get(f"/pesanan/{order.number}").text
    assert len(messages(page)) == 1 and WAITING in messages(page)[0]
    assert PAY_FORM.search(page)


def test_finish_page_when_the_buyer_left_without_choosing_offers_the_same_payment(
        client, placed, simulator):
    # given a buyer who left Snap without choosing a method (Midtrans answers 404)
    order, attempt = placed
    page = back_from_snap(client, order).text
    # then "Pay now" is offered, and it goes back to the same Snap page
    assert len(messages(page)) == 1 and WAITING in messages(page)[0]
    assert PAY_FORM.search(page)
    token = csrf_token(client, f"/pesanan/{order.number}")
    response = client.post(f"/pesanan/{order.number}/bayar", data={"csrf_token": token})
    assert response.headers["Location"] == attempt.redirect_url
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 1


def test_order_again_puts_a_cancelled_orders_items_back_in_the_cart(client, placed,
                                                                     simulator):
    order, attempt = placed
    pay(simulator, attempt.midtrans_order_id, "deny")
    back_from_snap(client, order)
    token = csrf_token(client, f"/pesanan/{order.number}")
    response = client.post(f"/pesanan/{order.number}/pesan-lagi",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "Cangkir Keramik" in response.text
    assert f"Barang-barang pesanan {order.number} sudah kembali" in response.text
    assert 'value="2"' in response.text


# --- the JSON the waiting page polls ------------------------------------------------
def test_payment_state_tells_the_step_and_is_never_cached(client, placed):
    order, _ = placed
    response = client.get(f"/pesanan/{order.number}/status")
    assert response.status_code == 200
    assert response.json == {"status": "pending_payment", "step": "pay"}
    assert response.headers["Cache-Control"] == "no-store"


def test_payment_state_is_404_for_another_browser(app, client, placed):
    order, _ = placed
    stranger = app.test_client()
    assert stranger.get(f"/pesanan/{order.number}/status").status_code == 404
    assert stranger.get(f"/pesanan/{order.number}/status?t=forged").status_code == 404
    # the emailed link's token opens it, as it opens the page
    page = client.get(f"/pesanan/{order.number}").text
    token = re.search(r'data-status-url="[^"]*\?t=([^"&]+)"', page)
    assert token is None  # this browser placed the order: no token needed
    from marketplace.orders.access import order_token

    with app.test_request_context():
        signed = order_token(order)
    answer = stranger.get(f"/pesanan/{order.number}/status?t={signed}")
    assert answer.status_code == 200 and answer.json["step"] == "pay"
    assert f"/pesanan/{order.number}/status?t={signed}" in \
        stranger.get(f"/pesanan/{order.number}?t={signed}").text


def test_payment_state_asks_midtrans_at_most_once_per_interval(client, placed, simulator,
                                                               monkeypatch):
    # given a transfer chosen on Snap, its notification lost
    order, attempt = placed
    pay(simulator, attempt.midtrans_order_id, "pending")
    calls = gateway_calls(monkeypatch)
    # when the page polls six times in a row
    answers = [client.get(f"/pesanan/{order.number}/status").json for _ in range(6)]
    # then Midtrans was asked once, and the page learnt the method was chosen
    assert len(calls) == 1
    assert answers[-1] == {"status": "pending_payment", "step": "instructions"}
    # when the transfer arrives, its notification lost too
    pay(simulator, attempt.midtrans_order_id, "settlement")
    assert client.get(f"/pesanan/{order.number}/status").json["step"] == "instructions"
    assert len(calls) == 1  # too soon to ask again
    # then once the interval has passed, the next poll asks and the order is paid
    checked = db.session.scalar(select(PaymentAttempt.status_checked_at))
    db.session.execute(update(PaymentAttempt).values(
        status_checked_at=checked - timedelta(seconds=13)))
    db.session.commit()
    assert client.get(f"/pesanan/{order.number}/status").json == {"status": "paid",
                                                                 "step": "paid"}
    assert len(calls) == 2
    db.session.expire_all()
    assert order.status == "paid"


def test_payment_state_is_harmless_when_midtrans_is_unreachable(app, client, placed):
    order, _ = placed
    app.config["MIDTRANS_SIMULATOR_URL"] = UNREACHABLE
    response = client.get(f"/pesanan/{order.number}/status")
    assert response.status_code == 200 and response.json["status"] == "pending_payment"


def test_payment_state_does_not_ask_midtrans_about_a_paid_order(client, placed, simulator,
                                                                monkeypatch):
    order, attempt = placed
    pay(simulator, attempt.midtrans_order_id, "settlement")
    back_from_snap(client, order)
    calls = gateway_calls(monkeypatch)
    for _ in range(3):
        assert client.get(f"/pesanan/{order.number}/status").json["status"] == "paid"
    assert calls == []

