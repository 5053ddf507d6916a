"""Buying through the shop's pages, and Midtrans answering through the simulator.

The shop to buy from is the `shop` fixture (conftest.py); a module whose app should pay
through the simulator is marked `pytestmark = pytest.mark.usefixtures("simulator")`.
"""

from __future__ import annotations

import hashlib
import json
import re

import requests
from sqlalchemy import select

from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
from marketplace.kernel.extensions import db
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from tests.helpers import csrf_token

# Dinoyo, Lowokwaru, Kota Malang, Jawa Timur 65144: the codes are what the form posts (its
# region lists), the names what the order keeps (taken from the codes, not from the post).
DINOYO = {"province_code": "35", "regency_code": "35.73", "district_code": "35.73.05",
          "village_code": "35.73.05.1004", "postal_code": "65144"}
ADDRESS = {
    "name": "Dewi Lestari", "email": "dewi@contoh.id", "phone": "0812 3456 7890",
    "street": "Jl. Mawar No. 5 RT 02/RW 03", "village": "Dinoyo",
    "district": "Lowokwaru", "regency": "Kota Malang", "province": "Jawa Timur", **DINOYO,
}


def add(client, product, quantity="1"):
    token = csrf_token(client, f"/produk/{product.slug}")
    return client.post("/keranjang/tambah", data={"csrf_token": token,
                                                  "product_id": product.id,
                                                  "quantity": quantity})


def checkout(client, address=ADDRESS):
    token = csrf_token(client, "/checkout")
    response = client.post("/checkout", data={**address, "csrf_token": token})
    assert response.status_code == 302, response.text
    review = client.get("/checkout/tinjau").text
    key = re.search(r'name="checkout_key" value="([^"]+)"', review).group(1)
    total = re.search(r'name="expected_total" value="([^"]+)"', review).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', review).group(1)
    return {"csrf_token": token, "checkout_key": key, "expected_total": total}


def notify(client, simulator, midtrans_order_id, **overrides):
    """What Midtrans would POST: the simulator's own status body, correctly signed."""
    body = requests.get(f"{simulator.base_url}/v2/{midtrans_order_id}/status",
                        auth=(SIMULATOR_SERVER_KEY, ""), timeout=5).json()
    body.update(overrides)
    raw = body["order_id"] + body["status_code"] + body["gross_amount"] + SIMULATOR_SERVER_KEY
    body.setdefault("signature_key", hashlib.sha512(raw.encode()).hexdigest())
    if "signature_key" in overrides:
        body["signature_key"] = overrides["signature_key"]
    else:
        body["signature_key"] = hashlib.sha512(raw.encode()).hexdigest()
    return client.post("/pembayaran/midtrans/notifikasi", data=json.dumps(body),
                       content_type="application/json")


def pay(simulator, midtrans_order_id, status="settlement"):
    response = requests.post(f"{simulator.base_url}/_simulator/pay/{midtrans_order_id}",
                             json={"transaction_status": status, "notify": False}, timeout=5)
    assert response.status_code == 200, response.text


def place(client, shop, simulator):
    cup, ring = shop
    add(client, cup, "2")
    add(client, ring, "1")
    form = checkout(client)
    response = client.post("/checkout/pesan", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(simulator.base_url)
    order = db.session.scalar(select(Order))
    attempt = db.session.scalar(select(PaymentAttempt))
    return order, attempt, form
