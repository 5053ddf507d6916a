"""Checkout edges: carts that changed, guests who sign in, Midtrans down, cron commands."""

import threading
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select, update

from marketplace.catalog.models import Product
from marketplace.catalog.status import ProductStatus
from marketplace.kernel.extensions import db
from marketplace.orders.models import Order
from marketplace.payments.models import PaymentNotification
from tests.checkout_helpers import add, checkout, notify, pay, place
from tests.helpers import login, signed_in

# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


def test_price_change_and_archiving_are_flagged_on_the_cart(app, client, shop):
    cup, ring = shop
    add(client, cup, "1")
    add(client, ring, "1")
    cup.price = 55_000
    ring.status = ProductStatus.ARCHIVED
    db.session.commit()
    page = client.get("/keranjang").text
    assert "Harga berubah dari Rp\xa045.000 menjadi Rp\xa055.000" in page
    assert "Sudah tidak dijual" in page
    assert "Hapus atau ubah barang yang ditandai" in page  # checkout is blocked
    response = client.get("/checkout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/keranjang")


def test_product_archived_between_review_and_pay_creates_nothing(app, client, shop):
    cup, _ = shop
    add(client, cup, "2")
    form = checkout(client)
    cup.status = ProductStatus.ARCHIVED
    db.session.commit()
    response = client.post("/checkout/pesan", data=form, follow_redirects=True)
    assert "habis terjual" in response.text
    assert db.session.scalar(select(func.count(Order.id))) == 0
    db.session.expire_all()
    assert cup.stock == 5


def test_guest_cart_follows_the_buyer_into_their_account(app, client, shop):
    cup, ring = shop
    user = signed_in(app.test_client())  # an account with a cart of its own
    own = app.test_client()
    login(own, user)
    add(own, ring, "1")
    add(client, cup, "2")  # the same person, as a guest in another browser
    login(client, user)
    page = client.get("/keranjang").text
    assert "Cangkir Keramik" in page and "Cincin Perak" in page
    assert client.get_cookie("cart") is None


def test_notification_answers_503_when_midtrans_cannot_confirm(app, client, shop,
                                                               simulator):
    order, attempt, _ = place(client, shop, simulator)
    pay(simulator, attempt.midtrans_order_id)
    app.config["MIDTRANS_SIMULATOR_URL"] = "http://127.0.0.1:9"  # the status API is gone
    app.config["MIDTRANS_TIMEOUT"] = 1
    import hashlib
    import json

    from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY

    body = requests.get(f"{simulator.base_url}/v2/{attempt.midtrans_order_id}/status",
                        auth=(SIMULATOR_SERVER_KEY, ""), timeout=5).json()
    raw = body["order_id"] + body["status_code"] + body["gross_amount"] + SIMULATOR_SERVER_KEY
    body["signature_key"] = hashlib.sha512(raw.encode()).hexdigest()
    response = client.post("/pembayaran/midtrans/notifikasi", data=json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 503
    assert db.session.scalar(select(PaymentNotification.verdict)) == "unconfirmed"
    db.session.expire_all()
    assert order.status == "pending_payment"
    # the reconcile command finishes the job once Midtrans answers again
    app.config["MIDTRANS_SIMULATOR_URL"] = simulator.base_url
    result = app.test_cli_runner().invoke(args=["payments", "reconcile"])
    assert "1 applied" in result.output, result.output
    db.session.expire_all()
    assert order.status == "paid"


def test_unknown_order_notification_is_recorded_and_ignored(app, client, shop,
                                                            simulator):
    order, attempt, _ = place(client, shop, simulator)
    midtrans_id = attempt.midtrans_order_id
    pay(simulator, midtrans_id)
    from marketplace.orders.attempts import PaymentAttempt

    # our records no longer know that Midtrans order id (as for another shop's payment)
    db.session.execute(update(PaymentAttempt).values(midtrans_order_id="PS-OTHER-1"))
    db.session.commit()
    response = notify(client, simulator, midtrans_id)
    assert response.status_code == 200 and response.json["status"] == "unknown_order"


def _flask(app, *args):
    """Start `flask <args>` as its own process against this test's database and simulator."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               INSTANCE_PATH=app.instance_path, SECRET_KEY="test-secret-key",
               MIDTRANS_SIMULATOR_URL=app.config["MIDTRANS_SIMULATOR_URL"], FLASK_APP="wsgi")
    return subprocess.Popen([sys.executable, "-m", "flask", *args], env=env,
                            cwd=Path(__file__).resolve().parents[2], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_two_reconcile_runs_at_once_end_like_one(app, client, shop, simulator):
    order, attempt, _ = place(client, shop, simulator)
    pay(simulator, attempt.midtrans_order_id)
    runs = [_flask(app, "payments", "reconcile") for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert sum(output.count("1 applied") for output in outputs) == 1, outputs
    db.session.commit()
    db.session.expire_all()
    assert order.status == "paid"
    assert len(list((Path(app.instance_path) / "outbox").glob("*.eml"))) == 3  # sent once


def test_expiry_and_a_deny_arriving_together_release_stock_once(app, client, shop,
                                                                simulator):
    import json

    order, attempt, _ = place(client, shop, simulator)
    cup, ring = shop
    pay(simulator, attempt.midtrans_order_id, "deny")
    db.session.execute(update(Order).values(expires_at=Order.created_at))
    db.session.commit()
    answers = []

    def deny():
        response = notify(app.test_client(), simulator, attempt_id)
        answers.append(json.loads(response.get_data()))

    attempt_id = attempt.midtrans_order_id
    expiring = _flask(app, "orders", "expire")
    thread = threading.Thread(target=deny)
    thread.start()
    output = expiring.communicate(timeout=120)[0]
    thread.join(timeout=60)
    assert expiring.returncode == 0, output
    db.session.commit()
    db.session.expire_all()
    assert order.status in ("expired", "cancelled")
    assert db.session.get(Product, cup.id).stock == 5
    assert db.session.get(Product, ring.id).stock == 2


def test_admin_revives_a_late_settlement_and_the_audit_log_keeps_it(app, client, shop,
                                                                    simulator):
    from marketplace.accounts.models import Role
    from marketplace.kernel.audit_log import AuditEntry
    from tests.helpers import post_form

    order, attempt, _ = place(client, shop, simulator)
    cup, _ring = shop
    db.session.execute(update(Order).values(expires_at=Order.created_at))
    db.session.commit()
    app.test_cli_runner().invoke(args=["orders", "expire"])
    pay(simulator, attempt.midtrans_order_id)
    assert notify(client, simulator, attempt.midtrans_order_id).json["status"] == "flagged"
    admin = app.test_client()
    signed_in(admin, Role.ADMIN)
    assert order.number in admin.get("/admin/pesanan").text
    page = f"/admin/pesanan/{order.id}"
    response = post_form(admin, f"{page}/pulihkan", {}, form_url=page)
    assert response.status_code == 302
    db.session.commit()
    db.session.expire_all()
    assert order.status == "paid" and not order.needs_review
    assert db.session.get(Product, cup.id).stock == 3  # taken again
    assert db.session.scalar(select(AuditEntry.action)) == "order.revive"
    assert f'href="/admin/pesanan/{order.id}"' not in admin.get("/admin/pesanan").text


def test_orders_to_review_are_for_admins_only(app, client):
    from marketplace.accounts.models import Role

    signed_in(client, Role.BUYER)
    assert client.get("/admin/pesanan").status_code == 403
