"""Cart, checkout and payment through the real midtransclient and the simulator over HTTP."""

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from marketplace.kernel.extensions import db
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from marketplace.payments.models import PaymentNotification
from tests.checkout_helpers import add, checkout, notify, pay, place
from tests.helpers import csrf_token, login, post_form, signed_in

# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


def test_cart_groups_lines_by_producer_group_with_each_shipping_fee(app, client, shop):
    cup, ring = shop
    add(client, cup, "2")
    add(client, ring, "1")
    page = client.get("/keranjang").text
    assert "Griya Keramik" in page and "Perak Celuk" in page
    assert "Rp\xa090.000" in page and "Rp\xa020.000" in page and "Rp\xa025.000" in page
    assert "Rp\xa0485.000" in page  # 90.000 + 350.000 + 20.000 + 25.000


@pytest.mark.parametrize("quantity", ["0", "-3", "abc", "1e3", "1000000000", ""])
def test_bad_quantities_are_refused_with_a_message(app, client, shop, quantity):
    cup, _ = shop
    response = add(client, cup, quantity)
    assert response.status_code == 302
    page = client.get("/keranjang").text
    assert "Keranjang Anda kosong." in page


def test_quantity_is_clamped_to_stock(app, client, shop):
    _, ring = shop
    add(client, ring, "50")
    page = client.get("/keranjang").text
    assert "Hanya 2" in page or "Tinggal 2" in page or 'value="2"' in page
    assert 'value="2"' in page


def test_tampered_product_id_is_refused(app, client, shop):
    token = csrf_token(client, f"/produk/{shop[0].slug}")
    client.post("/keranjang/tambah", data={"csrf_token": token, "product_id": "99999",
                                          "quantity": "1"})
    assert "Keranjang Anda kosong." in client.get("/keranjang").text


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(app, client, shop):
    response = client.get("/checkout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/keranjang")


def test_guest_checkout_reserves_stock_and_sends_to_snap(app, client, shop, simulator):
    order, attempt, _ = place(client, shop, simulator)
    cup, ring = shop
    db.session.expire_all()
    assert order.status == "pending_payment"
    assert order.grand_total == 90_000 + 350_000 + 20_000 + 25_000
    assert [s.group_name for s in order.sub_orders] == ["Griya Keramik", "Perak Celuk"]
    assert cup.stock == 3 and ring.stock == 1
    assert attempt.midtrans_order_id == f"{order.number}-1"
    assert "Keranjang Anda kosong." in client.get("/keranjang").text


def test_settlement_notification_marks_paid_once_and_emails(app, client, shop, simulator):
    order, attempt, _ = place(client, shop, simulator)
    pay(simulator, attempt.midtrans_order_id)
    first = notify(client, simulator, attempt.midtrans_order_id)
    assert first.status_code == 200 and first.json["status"] == "applied"
    replay = notify(client, simulator, attempt.midtrans_order_id)
    assert replay.status_code == 200 and replay.json["status"] == "no_change"
    db.session.expire_all()
    assert order.status == "paid"
    assert all(s.status == "new" for s in order.sub_orders)
    assert db.session.scalar(select(func.count(PaymentNotification.id))) == 2
    outbox = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(outbox) == 1 + 2  # buyer receipt + one per group (each group has one member)
    page = client.get(f"/pesanan/{order.number}").text
    assert "Lunas" in page


def test_finish_page_reads_our_database_not_the_query_string(app, client, shop, simulator):
    order, attempt, _ = place(client, shop, simulator)
    response = client.get(f"/pesanan/{order.number}/selesai?transaction_status=settlement"
                          "&status_code=200", follow_redirects=True)
    assert "Menunggu pembayaran" in response.text
    db.session.expire_all()
    assert order.status == "pending_payment"


def test_forged_replayed_unknown_and_mismatched_notifications(app, client, shop, simulator):
    order, attempt, _ = place(client, shop, simulator)
    pay(simulator, attempt.midtrans_order_id)
    forged = notify(client, simulator, attempt.midtrans_order_id, signature_key="0" * 128)
    assert forged.status_code == 403
    bad = client.post("/pembayaran/midtrans/notifikasi", data="{not json",
                      content_type="application/json")
    assert bad.status_code == 400
    db.session.expire_all()
    assert order.status == "pending_payment"
    # the order's total no longer matches what Midtrans confirms: refused and flagged
    db.session.execute(update(Order).where(Order.id == order.id).values(
        goods_amount=Order.goods_amount + 1, grand_total=Order.grand_total + 1))
    db.session.commit()
    mismatch = notify(client, simulator, attempt.midtrans_order_id)
    assert mismatch.json["status"] == "amount_mismatch"
    db.session.expire_all()
    assert order.status == "pending_payment" and order.needs_review
    verdicts = db.session.scalars(select(PaymentNotification.verdict)).all()
    assert verdicts == ["bad_signature", "bad_json", "amount_mismatch"]


def test_pending_after_settlement_changes_nothing(app, client, shop, simulator):
    order, attempt, _ = place(client, shop, simulator)
    pay(simulator, attempt.midtrans_order_id)
    notify(client, simulator, attempt.midtrans_order_id)
    late = notify(client, simulator, attempt.midtrans_order_id, transaction_status="pending",
                  status_code="201")
    assert late.status_code == 200
    db.session.expire_all()
    assert order.status == "paid"


def test_deny_cancels_and_releases_stock_once(app, client, shop, simulator):
    order, attempt, _ = place(client, shop, simulator)
    cup, ring = shop
    pay(simulator, attempt.midtrans_order_id, "deny")
    assert notify(client, simulator, attempt.midtrans_order_id).json["status"] == "applied"
    assert notify(client, simulator, attempt.midtrans_order_id).json["status"] == "no_change"
    db.session.expire_all()
    assert order.status == "cancelled"
    assert cup.stock == 5 and ring.stock == 2


def test_expire_command_releases_stock_and_late_settlement_is_flagged(app, client, shop,
                                                                       simulator):
    order, attempt, _ = place(client, shop, simulator)
    cup, _ = shop
    db.session.execute(update(Order).values(expires_at=Order.created_at))
    db.session.commit()
    runner = app.test_cli_runner()
    assert "Expired 1" in runner.invoke(args=["orders", "expire"]).output
    assert "Expired 0" in runner.invoke(args=["orders", "expire"]).output
    db.session.expire_all()
    assert order.status == "expired" and cup.stock == 5
    pay(simulator, attempt.midtrans_order_id)
    assert notify(client, simulator, attempt.midtrans_order_id).json["status"] == "flagged"
    db.session.expire_all()
    assert order.needs_review and "re-reserve" in order.review_reason
    assert cup.stock == 5  # nothing released twice


def test_last_unit_goes_to_one_buyer_only(app, shop, simulator):
    _, ring = shop
    first, second = app.test_client(), app.test_client()
    add(first, ring, "2")
    add(second, ring, "2")
    form_one, form_two = checkout(first), checkout(second)
    assert first.post("/checkout/pesan", data=form_one).status_code == 302
    response = second.post("/checkout/pesan", data=form_two, follow_redirects=True)
    assert "habis terjual" in response.text
    assert db.session.scalar(select(func.count(Order.id))) == 1
    db.session.expire_all()
    assert ring.stock == 0


def test_the_same_form_sent_twice_makes_one_order(app, client, shop, simulator):
    cup, _ = shop
    add(client, cup, "1")
    form = checkout(client)
    first = client.post("/checkout/pesan", data=form)
    second = client.post("/checkout/pesan", data=form)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 1


def test_midtrans_unreachable_keeps_the_order_pending_with_a_retry(app, client, shop,
                                                                   simulator):
    cup, _ = shop
    add(client, cup, "1")
    form = checkout(client)
    app.config["MIDTRANS_SIMULATOR_URL"] = "http://127.0.0.1:9"  # nothing listens there
    app.config["MIDTRANS_TIMEOUT"] = 1
    response = client.post("/checkout/pesan", data=form, follow_redirects=True)
    assert "Coba bayar lagi" in response.text
    order = db.session.scalar(select(Order))
    assert order.status == "pending_payment"
    db.session.expire_all()
    assert cup.stock == 4  # still reserved
    app.config["MIDTRANS_SIMULATOR_URL"] = simulator.base_url
    token = csrf_token(client, f"/pesanan/{order.number}")
    retry = client.post(f"/pesanan/{order.number}/bayar", data={"csrf_token": token})
    assert retry.headers["Location"].startswith(simulator.base_url)
    attempts = db.session.scalars(select(PaymentAttempt.midtrans_order_id)).all()
    assert attempts == [f"{order.number}-1", f"{order.number}-2"]


def test_another_browser_cannot_see_a_guest_order(app, client, shop, simulator):
    order, _, _ = place(client, shop, simulator)
    stranger = app.test_client()
    assert stranger.get(f"/pesanan/{order.number}").status_code == 404
    assert stranger.get(f"/pesanan/{order.number}?t=forged").status_code == 404


def test_guest_order_stays_visible_to_the_browser_that_placed_it(app, client, shop, simulator):
    # given a guest who placed an order
    order, _, _ = place(client, shop, simulator)
    assert order.user_id is None
    # then this browser opens it without the emailed link
    assert client.get(f"/pesanan/{order.number}").status_code == 200


def test_a_cookie_copied_before_logout_no_longer_opens_the_accounts_order(app, client, shop,
                                                                          simulator):
    # given a signed-in buyer who placed an order, and a copy of their session cookie
    user = signed_in(client)
    order, _, _ = place(client, shop, simulator)
    assert order.user_id == user.id
    copied = client.get_cookie("session").value
    # when the buyer signs out and someone replays the copy
    post_form(client, "/akun/keluar", form_url="/akun")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    # then the order (name, address, phone) is not found
    assert thief.get(f"/pesanan/{order.number}").status_code == 404
    # while the account sees it again once signed in
    assert login(client, user).status_code == 302
    assert client.get(f"/pesanan/{order.number}").status_code == 200


def test_notification_url_never_redirects(app, client):
    assert client.post("/pembayaran/midtrans/notifikasi/", data="{}").status_code == 404
    response = client.post("/pembayaran/midtrans/notifikasi", data="{}",
                           content_type="application/json")
    assert response.status_code == 403  # no signature: refused, not redirected
