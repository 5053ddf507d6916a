"""What each person sees once Midtrans takes a settled payment back: the group in its studio,
the association on the order's review page, and the buyer on the order page."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.models import GroupMembership
from marketplace.gateways.midtrans import TransactionStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts
from marketplace.ledger.models import Refund
from marketplace.orders.access import order_token
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order, SubOrder
from marketplace.payments.outcomes import apply_status
from tests.factories import deliver, make_group, make_order, make_user, pay
from tests.helpers import PASSWORD, login, post_form, sign_in


def _text(page: str) -> str:
    """The page as a reader sees it: entities decoded, no-break spaces as spaces."""
    return unescape(page).replace("\xa0", " ")


def _reversed_order(transaction_status: str = "chargeback"):
    """Two parcels at 10 %: Griya Keramik's still new, Perak Celuk's delivered and already
    paid out; then Midtrans confirms the payment was taken back."""
    keramik, perak = make_group(name="Griya Keramik"), make_group(name="Perak Celuk")
    earlier = utcnow() - timedelta(days=3)
    order = pay(make_order([(keramik, 100_000), (perak, 200_000)], at=earlier), at=earlier)
    deliver(order.sub_orders[1], at=earlier)
    payout = payouts.create_payout(perak, jakarta_date(utcnow()))
    payouts.mark_paid(payout, "TRF-1", jakarta_date(utcnow()))
    attempt = db.session.scalar(select(PaymentAttempt).where(PaymentAttempt.order_id == order.id))
    db.session.commit()
    status = TransactionStatus.from_dict({
        "order_id": attempt.midtrans_order_id, "transaction_status": transaction_status,
        "status_code": "200", "gross_amount": f"{order.grand_total}.00",
        "payment_type": "credit_card"})
    assert apply_status(attempt.id, status) == "reversed"
    return db.session.get(Order, order.id, populate_existing=True), keramik, perak


def _owner_signed_in(client, group):
    user = make_user(role=Role.ARTISAN, password=PASSWORD)
    db.session.add(GroupMembership(group=group, user=user, role="owner"))
    db.session.commit()
    assert login(client, user).status_code == 302  # Indonesian, the default


def test_studio_shows_the_hold_and_offers_no_shipping(app, client):
    # given a parcel put on hold, and its group's owner signed in
    order, keramik, _ = _reversed_order()
    held = order.sub_orders[0]
    _owner_signed_in(client, keramik)
    base = f"/studio/{keramik.slug}/pesanan"

    # when the group opens its orders, the parcel, and its statement
    listing = _text(client.get(base).text)
    detail = _text(client.get(f"{base}/{held.id}").text)
    today = jakarta_date(utcnow())
    statement = _text(client.get(f"/studio/{keramik.slug}/laporan?from="
                                 f"{today - timedelta(days=7)}&to={today}").text)

    # then the hold is plain, with no way to pack, ship or cancel the parcel
    assert "Ditahan" in listing and "Jangan dikirim" in listing
    assert ("Jangan dikirim: pembayaran pembeli ditarik kembali oleh Midtrans; stoknya sudah "
            "dikembalikan.") in detail
    for action in ("kemas", "kirim", "batal"):
        assert f"{base}/{held.id}/{action}" not in detail
    assert "Ditahan" in statement and "Pembayaran ditarik kembali oleh Midtrans" in statement

    # and a button posted anyway (an old tab) changes nothing and says why
    response = post_form(client, f"{base}/{held.id}/kemas", {}, form_url=f"{base}/{held.id}",
                         follow_redirects=True)
    assert "ditahan" in _text(response.text)
    assert db.session.get(SubOrder, held.id, populate_existing=True).status == "on_hold"


def test_admin_review_page_explains_the_reversal_and_the_review_can_be_closed(app, client):
    # given an order charged back, with one parcel on hold and one already paid out
    order, _, _ = _reversed_order("chargeback")
    sign_in(client, Role.ADMIN)

    # when the admin opens the list of orders to review and the order
    queue = _text(client.get("/admin/pesanan").text)
    page = _text(client.get(f"/admin/pesanan/{order.id}").text)

    # then it says what happened, what the shop did and what is left to do
    assert order.number in queue
    assert "Payment taken back by Midtrans" in page
    assert f"Midtrans reported “chargeback” for payment {order.number}-1" in page
    assert "Put on hold (not shippable, never paid out): Griya Keramik." in page
    assert "Units back in stock: 1." in page
    assert "Recorded as taken back by Midtrans: IDR 330,000" in page
    assert "Commission given back: IDR 30,000" in page
    assert "Already sent before the reversal: Perak Celuk." in page
    assert "IDR 195,000 is deducted from its next payout (claw-back)" in page
    assert "contest it in the Midtrans dashboard" in page
    assert "Taken back by Midtrans" in page  # the refunds' method, parcel by parcel
    assert 'name="amount"' not in page  # no refund form: nothing is left to refund

    # when the admin closes the review
    response = post_form(client, f"/admin/pesanan/{order.id}/selesai-ditinjau", {},
                         form_url=f"/admin/pesanan/{order.id}")

    # then the order leaves the queue and stays reversed
    assert response.status_code == 302
    closed = db.session.get(Order, order.id, populate_existing=True)
    assert (closed.status, closed.needs_review) == ("payment_reversed", False)
    assert "The review is closed." in _text(client.get(f"/admin/pesanan/{order.id}").text)


def test_admin_cannot_record_a_reversal_refund_by_hand(app, client):
    # given a paid order
    group = make_group()
    order = pay(make_order([(group, 100_000)]))
    db.session.commit()
    sign_in(client, Role.ADMIN)
    sub = order.sub_orders[0]

    # when a crafted form posts the shop's own method
    response = post_form(client, f"/admin/pesanan/{order.id}/paket/{sub.id}/pengembalian-dana",
                         {"amount": "10000", "reason": "coba", "method": "reversal",
                          "bank_reference": "X"}, form_url=f"/admin/pesanan/{order.id}")

    # then it is refused with the form's message and nothing is recorded
    assert response.status_code == 422
    assert "Choose how the money goes back to the buyer." in _text(response.text)
    assert db.session.scalar(select(func.count(Refund.id))) == 0


def test_buyer_sees_one_clear_message(app):
    # given an order whose payment was taken back
    order, _, _ = _reversed_order("deny")

    # when the buyer opens the order page
    buyer = app.test_client()
    page = _text(buyer.get(f"/pesanan/{order.number}?t={order_token(order)}").text)

    # then one message explains it, and no refund lines or "partly refunded" repeat it
    assert page.count("Pembayaran pesanan ini ditarik kembali melalui Midtrans") == 1
    assert "Pembayaran ditarik kembali" in page  # the order's status
    assert "dikembalikan pada" not in page and "Sebagian dikembalikan" not in page
