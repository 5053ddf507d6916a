"""The admin refunds a parcel from the order page: by bank transfer or through Midtrans."""

import json
import socket
from html import unescape

import pytest
import requests
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.admin.refund_views import AmountError, parse_rupiah
from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.ledger.models import CommissionEntry, Refund
from marketplace.ledger.parcels import cancel_parcel
from marketplace.orders.access import order_token
from marketplace.orders.models import Order
from tests.factories import make_group, make_order, pay
from tests.helpers import post_form, sign_in
from tests.simulator_helpers import create_snap, hook, snap_params

# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


def _order(payment_type="bank_transfer", parts=((100_000, "Griya Keramik"),), paid=True):
    """An order of 100.000 goods + 15.000 shipping per parcel, paid at the default 10 %."""
    order = make_order([(make_group(name=name), goods) for goods, name in parts],
                       shipping=15_000)
    if paid:
        pay(order, payment_type=payment_type)
    db.session.commit()
    return order


def _in_simulator(simulator, order, payment_type="gopay"):
    """The same payment, settled in the simulator (no notification: no shop is serving)."""
    midtrans_id = f"{order.number}-1"
    answer = create_snap(simulator.base_url, SIMULATOR_SERVER_KEY,
                         snap_params(midtrans_id, amount=order.grand_total))
    assert answer.status_code == 201, answer.text
    paid = hook(simulator.base_url, f"pay/{midtrans_id}",
                {"transaction_status": "settlement", "payment_type": payment_type,
                 "notify": False})
    assert paid.status_code == 200, paid.text
    return midtrans_id


def _refund(client, order, sub, follow=True, **data):
    form = {"amount": "", "reason": "Cangkir retak", "method": "bank_transfer",
            "bank_reference": "BCA 0123456789", **data}
    return post_form(client, f"/admin/pesanan/{order.id}/paket/{sub.id}/pengembalian-dana",
                     form, form_url=f"/admin/pesanan/{order.id}", follow_redirects=follow)


def _counts():
    return (db.session.scalar(select(func.count(Refund.id))),
            db.session.scalar(select(func.count(CommissionEntry.id))),
            db.session.scalar(select(func.count(AuditEntry.id))))


def _text(html: str) -> str:
    """The page as a reader sees it: entities decoded, no-break spaces as spaces."""
    return unescape(html).replace("\xa0", " ")


def _reversed(sub):
    return -db.session.scalar(select(func.coalesce(func.sum(CommissionEntry.amount), 0)).where(
        CommissionEntry.sub_order_id == sub.id, CommissionEntry.kind == "reversal"))


def _buyer_page(app, order):
    buyer = app.test_client()
    buyer.set_cookie("lang", "en")
    page = buyer.get(f"/pesanan/{order.number}?t={order_token(order)}")
    assert page.status_code == 200
    return _text(page.text)


# --- the amount as people type it ------------------------------------------------------
@pytest.mark.parametrize(("text", "amount"), [
    ("50000", 50_000), ("50.000", 50_000), ("Rp 50.000", 50_000), ("Rp50.000,-", 50_000),
    ("IDR 50,000", 50_000), ("1.250.000", 1_250_000), (" 7 ", 7), ("0", 0),
    ("-50.000", -50_000), ("Rp -5000", -5_000),
])
def test_parse_rupiah_reads_whole_rupiah_as_typed(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "50.5", "50000,50", "50.000,00", "5.00",
                                  "1e5", "50 000", "--5", "12.34.567", "9" * 16])
def test_parse_rupiah_refuses_decimals_and_garbage(text):
    with pytest.raises(AmountError):
        parse_rupiah(text)


# --- bank refunds ------------------------------------------------------------------------
def test_bank_refund_in_two_parts_reverses_commission_and_refunds_the_order(app, client, admin):
    # given a paid order: 100.000 goods at 10 % commission, 15.000 shipping
    order = _order()
    sub = order.sub_orders[0]

    # when the admin refunds 50.000 by bank transfer
    page = _text(_refund(client, order, sub, amount="Rp 50.000").text)

    # then it is recorded at once, half the commission goes back, the order stays paid
    assert "A bank refund of IDR 50,000 to the buyer is recorded." in page
    refund = db.session.scalar(select(Refund))
    assert (refund.state, refund.goods_amount, refund.shipping_amount) == ("succeeded", 50_000, 0)
    assert refund.bank_reference == "BCA 0123456789"
    assert _reversed(sub) == 5_000
    assert db.session.get(Order, order.id).status == "paid"
    assert "IDR 65,000" in page and "partly refunded" in page
    assert "Partly refunded: IDR 50,000 of IDR 115,000 went back to you." in _buyer_page(
        app, order)

    # when the admin refunds the rest, shipping included
    page = _text(_refund(client, order, sub, amount="65.000", reason="Semua dikembalikan",
                            bank_reference="BCA 99").text)

    # then all the commission is reversed, the order is refunded, nothing is left
    assert _reversed(sub) == 10_000
    assert db.session.get(Order, order.id).status == "refunded"
    assert "Nothing is left to refund on this parcel." in page
    rest = db.session.scalars(select(Refund).order_by(Refund.id)).all()[1]
    assert (rest.goods_amount, rest.shipping_amount) == (50_000, 15_000)
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "refund.create")
                               .order_by(AuditEntry.id)).all()
    assert [(a.target_type, a.actor_id) for a in audit] == [("Refund", admin.id)] * 2
    assert json.loads(audit[1].after)["order_status"] == "refunded"
    assert json.loads(audit[1].before)["left_to_refund"] == 65_000
    buyer = _buyer_page(app, order)
    assert "This order has been refunded in full: IDR 115,000 went back to you." in buyer
    assert "IDR 50,000 refunded on" in buyer and "Cangkir retak" in buyer
    assert "IDR 65,000 refunded on" in buyer and "Semua dikembalikan" in buyer


def test_order_page_shows_each_parcel_with_commission_and_what_is_left(app, client, admin):
    order = _order(parts=((100_000, "Griya Keramik"), (200_000, "Perak Celuk")))

    page = _text(client.get(f"/admin/pesanan/{order.id}").text)

    assert "Griya Keramik" in page and "Perak Celuk" in page
    assert page.count("10%") == 2  # each parcel's commission rate
    assert "IDR 10,000" in page and "IDR 20,000" in page  # each parcel's commission
    assert "IDR 115,000" in page and "IDR 215,000" in page  # left to refund
    assert page.count('name="amount"') == 2
    assert 'value="midtrans" disabled>' in page  # a bank transfer: no API refund


def test_a_parcel_the_group_cancelled_is_prefilled_with_what_the_buyer_is_owed(
        app, client, admin):
    # given a two-parcel order where one group cancelled its parcel
    order = _order(parts=((100_000, "Griya Keramik"), (200_000, "Perak Celuk")))
    sub = order.sub_orders[0]
    cancel_parcel(sub, "Tanah liat habis")
    db.session.commit()
    reversed_at_cancel = _reversed(sub)

    # when the admin opens the order
    page = _text(client.get(f"/admin/pesanan/{order.id}").text)

    # then the parcel says what the buyer is owed, and the form holds that amount
    assert "The group cancelled this parcel; the buyer is owed IDR 115,000." in page
    assert f'id="refund-amount-{sub.id}" type="text" inputmode="numeric" name="amount" ' \
           f'value="115000"' in page

    # and refunding it as prefilled settles the debt without reversing commission twice
    page = _text(_refund(client, order, sub, amount="115000").text)
    assert "A bank refund of IDR 115,000 to the buyer is recorded." in page
    assert _reversed(sub) == reversed_at_cancel == 10_000
    assert "the buyer is owed" not in page
    assert db.session.get(Order, order.id).status == "paid"  # the other parcel stands


# --- Midtrans refunds --------------------------------------------------------------------
def test_midtrans_refund_of_a_gopay_payment_completes_at_once(app, client, admin, simulator):
    # given an order paid with GoPay, which Midtrans refunds through its API
    order = _order(payment_type="gopay")
    sub = order.sub_orders[0]
    midtrans_id = _in_simulator(simulator, order)
    assert 'value="midtrans" selected>' in client.get(f"/admin/pesanan/{order.id}").text

    # when the admin refunds 30.000 through Midtrans
    page = _text(_refund(client, order, sub, amount="30.000", method="midtrans",
                            bank_reference="").text)

    # then Midtrans refunded it, and the ledger shows it once
    assert "Midtrans refunded IDR 30,000 to the buyer." in page
    refund = db.session.scalar(select(Refund))
    assert (refund.state, refund.method, refund.amount) == ("succeeded", "midtrans", 30_000)
    assert _reversed(sub) == 3_000
    status = requests.get(f"{simulator.base_url}/v2/{midtrans_id}/status",
                          auth=(SIMULATOR_SERVER_KEY, ""), timeout=5).json()
    assert status["transaction_status"] == "partial_refund"
    assert [r["refund_key"] for r in status["refunds"]] == [refund.refund_key]


def test_midtrans_refusing_the_refund_shows_its_message_and_reverses_nothing(
        app, client, admin, simulator):
    # given our records say GoPay but Midtrans holds a bank transfer (it will refuse)
    order = _order(payment_type="gopay")
    sub = order.sub_orders[0]
    _in_simulator(simulator, order, payment_type="bank_transfer")

    page = _text(_refund(client, order, sub, amount="30000", method="midtrans").text)

    assert "Midtrans refused the refund:" in page and "does not support refund" in page
    refund = db.session.scalar(select(Refund))
    assert refund.state == "failed"
    assert _reversed(sub) == 0
    assert "IDR 115,000" in page  # a failed refund takes nothing from what is left


def test_midtrans_unreachable_leaves_the_refund_waiting(app, client, admin):
    order = _order(payment_type="gopay")
    sub = order.sub_orders[0]
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    app.config["MIDTRANS_SIMULATOR_URL"] = f"http://127.0.0.1:{closed}"

    page = _text(_refund(client, order, sub, amount="30000", method="midtrans").text)

    assert "Midtrans did not answer; the refund is waiting" in page
    assert db.session.scalar(select(Refund.state)) == "requested"
    assert _reversed(sub) == 0
    assert "Waiting for Midtrans" in page


# --- bad input ---------------------------------------------------------------------------
BAD = [
    ({"amount": "-50000"}, "The refund amount must be a whole number of rupiah above zero."),
    ({"amount": "0"}, "The refund amount must be a whole number of rupiah above zero."),
    ({"amount": "50.5"}, "Enter the amount in whole rupiah, for example 50.000 (no decimals)."),
    ({"amount": "50000,50"}, "Enter the amount in whole rupiah"),
    ({"amount": "lima puluh"}, "Enter the amount in whole rupiah"),
    ({"amount": ""}, "Enter the amount in whole rupiah"),
    ({"amount": "115001"},
     "At most IDR 115,000 can still be refunded for this parcel; nothing was refunded."),
    ({"amount": "50000", "method": "midtrans"},
     "This payment (bank_transfer) cannot be refunded through Midtrans."),
    ({"amount": "50000", "reason": "  "}, "Say why the buyer gets this refund."),
    ({"amount": "50000", "bank_reference": ""},
     "Enter the reference of the bank transfer that refunded the buyer."),
    ({"amount": "50000", "method": "cash"}, "Choose how the money goes back to the buyer."),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_refund_input_gets_a_message_and_changes_nothing(app, client, admin, data, message):
    order = _order()
    sub = order.sub_orders[0]
    before = _counts()

    response = _refund(client, order, sub, follow=False, **data)

    assert response.status_code == 422
    page = _text(response.text)
    assert message in page
    assert f'value="{data["amount"]}"' in page  # what was typed stays
    assert data.get("reason", "Cangkir retak") in page
    assert _counts() == before
    assert db.session.get(Order, order.id).status == "paid"


def test_an_unpaid_order_cannot_be_refunded(app, client, admin):
    order = _order(paid=False)
    sub = order.sub_orders[0]
    before = _counts()

    page = client.get(f"/admin/pesanan/{order.id}").text
    response = _refund(client, order, sub, follow=False, amount="10000")

    assert 'name="amount"' not in page and "Only a paid order can be refunded." in page
    assert response.status_code == 422
    assert "Only a paid order can be refunded; this one is “Waiting for payment”." in _text(
        response.text)
    assert _counts() == before


def test_a_refund_larger_than_what_is_left_after_an_earlier_one_is_refused(app, client, admin):
    order = _order()
    sub = order.sub_orders[0]
    _refund(client, order, sub, amount="100000")
    before = _counts()

    response = _refund(client, order, sub, follow=False, amount="20.000")

    assert response.status_code == 422
    assert "At most IDR 15,000 can still be refunded" in _text(response.text)
    assert _counts() == before


def test_the_same_form_sent_twice_refunds_once(app, client, admin):
    # given the order page as the admin opened it, with 115.000 left to refund
    order = _order()
    sub = order.sub_orders[0]
    page = client.get(f"/admin/pesanan/{order.id}").text
    assert 'name="expected_left" value="115000"' in page

    # when the same form goes out twice (a double click)
    first = _refund(client, order, sub, follow=False, amount="50000", expected_left="115000")
    second = _refund(client, order, sub, follow=False, amount="50000", expected_left="115000")

    # then one refund is made; the second gets the fresh figures and a message
    assert first.status_code == 302
    assert second.status_code == 409
    assert "This parcel changed since the page was opened" in _text(second.text)
    assert 'name="expected_left" value="65000"' in second.text
    assert db.session.scalar(select(func.count(Refund.id))) == 1


def test_a_parcel_of_another_order_or_an_unknown_order_is_404(app, client, admin):
    order, other = _order(), _order()
    before = _counts()

    assert _refund(client, order, other.sub_orders[0], follow=False,
                   amount="1000").status_code == 404
    assert post_form(client, "/admin/pesanan/9999/paket/1/pengembalian-dana",
                     {"amount": "1000"}, form_url="/admin").status_code == 404
    assert client.get("/admin/pesanan/9999").status_code == 404
    assert _counts() == before


# --- finding any order -------------------------------------------------------------------
def test_all_orders_are_listed_and_searchable_by_number_email_and_status(app, client, admin):
    paid = _order()
    pending = make_order([(make_group(), 40_000)], email="sari@contoh.id")
    db.session.commit()

    everything = client.get("/admin/pesanan/semua").text
    by_email = client.get("/admin/pesanan/semua?q=SARI@contoh").text
    by_number = client.get(f"/admin/pesanan/semua?q={paid.number}").text
    by_status = client.get("/admin/pesanan/semua?status=paid").text
    odd = client.get("/admin/pesanan/semua?status=evil&page=-3&q=%25_%5C")

    assert paid.number in everything and pending.number in everything
    assert pending.number in by_email and paid.number not in by_email
    assert paid.number in by_number and pending.number not in by_number
    assert paid.number in by_status and pending.number not in by_status
    assert odd.status_code == 200
    assert 'action="/admin/pesanan/semua"' in client.get("/admin/pesanan").text


def test_all_orders_are_paginated(app, client, admin):
    group = make_group()
    for _ in range(51):
        make_order([(group, 10_000)])
    db.session.commit()

    first = client.get("/admin/pesanan/semua").text
    second = client.get("/admin/pesanan/semua?page=2").text

    assert "Showing 1–50 of 51 orders" in first
    assert "Showing 51–51 of 51 orders" in second


# --- who may refund ----------------------------------------------------------------------
@pytest.mark.parametrize("role", [Role.BUYER, Role.ARTISAN])
def test_only_admins_reach_orders_and_refunds(app, client, role):
    order = _order()
    sub = order.sub_orders[0]
    sign_in(client, role)
    before = _counts()

    urls = ["/admin/pesanan/semua", f"/admin/pesanan/{order.id}"]
    assert [client.get(url).status_code for url in urls] == [403, 403]
    response = post_form(client, f"/admin/pesanan/{order.id}/paket/{sub.id}/pengembalian-dana",
                         {"amount": "10000", "reason": "x", "method": "bank_transfer",
                          "bank_reference": "BCA"}, form_url="/akun/kata-sandi")
    assert response.status_code == 403
    assert _counts() == before


def test_visitors_are_sent_to_sign_in_before_refunding(app, client):
    order = _order()
    sub = order.sub_orders[0]

    response = post_form(client, f"/admin/pesanan/{order.id}/paket/{sub.id}/pengembalian-dana",
                         {"amount": "1000"}, form_url="/akun/masuk")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/akun/masuk")
    assert db.session.scalar(select(func.count(Refund.id))) == 0
