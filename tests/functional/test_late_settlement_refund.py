"""A settlement that arrives after the order expired and its stock was sold to another buyer:
revive is refused, and the admin refunds the whole payment from the order page, through
Midtrans (GoPay) or by a recorded bank transfer. The refund is recorded against the order,
once; the ledger and the reconciliation still balance and the settlement check matches it.

Each story runs on one backend (GoPay on PostgreSQL, bank transfer on SQLite): between them
they cover the schema on both, at half the cost.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select, text

from marketplace.accounts.models import Role
from marketplace.catalog.models import Product
from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.dbtx import new_write
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import settlement_books
from marketplace.ledger.models import Refund
from marketplace.ledger.reports import Period, figures_by_group, late_settlements
from marketplace.orders import services as orders
from marketplace.orders.access import order_token
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from marketplace.orders.status import OrderStatus
from marketplace.payments.client import gateway
from tests.checkout_helpers import notify
from tests.factories import make_group, make_order, make_rule
from tests.helpers import csrf_token, signed_in
from tests.simulator_helpers import create_snap, hook, snap_params

# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")


def _late_settlement(client, simulator, payment_type: str):
    """The fault: the order's last unit is reserved, the order expires (the unit goes back on
    sale), another buyer takes it, then Midtrans settles the first buyer's payment."""
    make_rule(1000)
    order = make_order([(make_group(name="Griya Keramik"), 100_000)], shipping=15_000)
    product = db.session.get(Product, order.sub_orders[0].lines[0].product_id)
    product.stock = 0  # this order holds the last unit
    mid = f"{order.number}-1"
    db.session.add(PaymentAttempt(order_id=order.id, attempt_no=1, midtrans_order_id=mid,
                                  gross_amount=order.grand_total, state="redirected"))
    db.session.commit()
    assert create_snap(simulator.base_url, SIMULATOR_SERVER_KEY,
                       snap_params(mid, amount=order.grand_total)).status_code == 201
    new_write()
    assert orders.close_unpaid(orders.lock_order(order.id), OrderStatus.EXPIRED)
    db.session.commit()
    assert _stock(product) == 1
    db.session.execute(text("UPDATE products SET stock = stock - 1 WHERE id = :id"),
                       {"id": product.id})  # sold to someone else
    db.session.commit()
    paid = hook(simulator.base_url, f"pay/{mid}",
                {"transaction_status": "settlement", "payment_type": payment_type,
                 "notify": False})
    assert paid.status_code == 200, paid.text
    answer = notify(client, simulator, mid)  # Midtrans's settlement notification
    assert answer.json["status"] == "flagged"
    return order, product, mid


def _stock(product) -> int:
    db.session.commit()
    return db.session.scalar(select(Product.stock).where(Product.id == product.id))


def _fresh(order) -> Order:
    db.session.commit()
    return db.session.get(Order, order.id, populate_existing=True)


def _admin(app):
    admin = app.test_client()
    signed_in(admin, Role.ADMIN)
    admin.set_cookie("lang", "en")
    return admin


def _refunds() -> list[Refund]:
    db.session.commit()
    return list(db.session.scalars(select(Refund).order_by(Refund.id)))


def _scalar(sql: str) -> int:
    return int(db.session.execute(text(sql)).scalar() or 0)


def _check_ledger_and_reconciliation(received: int) -> None:
    """The ledger invariant with late settlements (money in = net to groups + commission +
    refunds + what is still owed to buyers), and the reconciliation identity in total."""
    db.session.commit()
    net_to_groups = _scalar("""
        SELECT COALESCE(SUM(s.goods_amount + s.shipping_amount
                   - (SELECT COALESCE(SUM(e.amount), 0) FROM commission_entries e
                       WHERE e.sub_order_id = s.id)
                   - (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r
                       WHERE r.sub_order_id = s.id AND r.state = 'succeeded')), 0)
          FROM sub_orders s JOIN orders o ON o.id = s.order_id WHERE o.paid_at IS NOT NULL""")
    commission = _scalar("SELECT SUM(amount) FROM commission_entries")
    # a revived late settlement would be in both sums: counted once, as a sale
    gross_in = _scalar("SELECT SUM(grand_total) FROM orders WHERE paid_at IS NOT NULL") + \
        _scalar("SELECT SUM(gross_amount) FROM payment_attempts "
                "WHERE late_settled_at IS NOT NULL") - \
        _scalar("SELECT SUM(o.grand_total) FROM orders o WHERE o.paid_at IS NOT NULL AND "
                "EXISTS (SELECT 1 FROM payment_attempts a WHERE a.order_id = o.id "
                "AND a.late_settled_at IS NOT NULL)")
    refunded = _scalar("SELECT SUM(amount) FROM refunds WHERE state = 'succeeded'")
    assert (gross_in, commission, net_to_groups) == (received, 0, 0)
    today = jakarta_date(utcnow())
    period = Period(today - timedelta(days=30), today)
    late = late_settlements(period)
    assert (late.received, late.revived, late.refunded, late.owed_at_end) == (
        received, 0, refunded, received - refunded)
    groups = figures_by_group(period)
    assert all(f.refunds == 0 for f in groups.values())  # no group is concerned
    came_in = sum(f.gross_sales + f.shipping - f.commission_net - f.refunds
                  for f in groups.values()) + late.received - late.revived - late.refunded
    assert came_in == sum(f.owed_to_groups + f.owed_to_buyers + f.paid_out
                          for f in groups.values()) + late.owed_at_end
    assert gross_in - refunded == net_to_groups + commission + late.owed_at_end


def _settlement_check(order) -> list:
    """The settlement check through Midtrans's status API, for today's payments."""
    today = jakarta_date(utcnow())
    attempts = settlement_books.attempts_created_between(today, today)
    db.session.commit()
    with gateway() as client:
        result = settlement_books.fetch_statuses(attempts, client)
    assert result.checked == 1 and not result.unavailable
    return result.mismatches


@pytest.mark.parametrize("backend", ["postgresql"])
def test_late_gopay_settlement_is_refunded_whole_through_midtrans_once(app, client,
                                                                       simulator):
    # given a GoPay payment settled after its order expired and its last unit was resold
    order, product, mid = _late_settlement(client, simulator, "gopay")
    assert [m.kind for m in _settlement_check(order)] == ["settled_not_paid"]
    admin = _admin(app)
    page_url = f"/admin/pesanan/{order.id}"

    # when the admin tries to revive it
    revive = admin.post(f"{page_url}/pulihkan",
                        data={"csrf_token": csrf_token(admin, page_url)},
                        follow_redirects=True)

    # then revive is refused and the page offers exactly the refund of the whole payment
    page = revive.text.replace("\xa0", " ")
    assert "Not enough stock left to fill this order again. Refund the buyer instead." in page
    assert _stock(product) == 0 and _fresh(order).status == "expired"
    assert "Payment received after the order closed" in page
    assert "1 needed, 0 in stock" in page
    assert "Amount: IDR 115,000, the whole payment." in page
    assert f"{page_url}/pulihkan" not in page  # revive is no longer offered
    action = f"{page_url}/pembayaran/"
    assert action in page and '<option value="midtrans" selected>' in page
    form = {"csrf_token": csrf_token(admin, page_url), "method": "midtrans",
            "reason": "Stok sudah terjual", "bank_reference": ""}
    attempt_id = db.session.scalar(select(PaymentAttempt.id))
    refund_url = f"{page_url}/pembayaran/{attempt_id}/pengembalian-dana"

    # when the admin refunds through Midtrans, and the form is sent a second time
    first = admin.post(refund_url, data=form)
    second = admin.post(refund_url, data=form)

    # then Midtrans refunded the whole payment once, recorded against the order alone
    assert first.status_code == 302
    assert second.status_code == 409
    assert "already refunded" in second.text
    (refund,) = _refunds()
    assert (refund.sub_order_id, refund.group_id, refund.amount, refund.method, refund.state,
            refund.refund_key, refund.midtrans_order_id) == (
        None, None, 115_000, "midtrans", "succeeded", f"{order.number}-R1", mid)
    with gateway() as gw:
        status = gw.status(mid)
    assert status.transaction_status == "refund"
    assert [r["refund_key"] for r in status.raw["refunds"]] == [refund.refund_key]
    # the order stays expired, closed for review, and the action is in the audit log
    closed = _fresh(order)
    assert (closed.status, closed.needs_review) == ("expired", False)
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.action == "refund.late_settlement")) == "refund.late_settlement"
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "refund.late_settlement")) == 1

    # when Midtrans's refund notification arrives, and again
    verdicts = [notify(client, simulator, mid).json["status"] for _ in range(2)]

    # then it changes nothing: completed once, review still closed
    assert verdicts == ["no_change", "no_change"]
    assert [r.state for r in _refunds()] == ["succeeded"]
    assert not _fresh(order).needs_review
    # the buyer sees the refund on the order page
    buyer = app.test_client()
    buyer.set_cookie("lang", "en")
    shown = buyer.get(f"/pesanan/{order.number}?t={order_token(order)}").text
    assert "We refunded it to you in full on" in shown.replace("\xa0", " ")
    assert "IDR 115,000" in shown.replace("\xa0", " ")
    _check_ledger_and_reconciliation(received=115_000)
    assert _settlement_check(order) == []  # matched with its refund


@pytest.mark.parametrize("backend", ["sqlite"])
def test_late_bank_transfer_settlement_is_refunded_by_a_recorded_transfer(app, client,
                                                                          simulator):
    # given a bank-transfer payment settled after its order expired and its unit was resold
    order, product, mid = _late_settlement(client, simulator, "bank_transfer")
    admin = _admin(app)
    page_url = f"/admin/pesanan/{order.id}"
    refused = admin.post(f"{page_url}/pulihkan",
                         data={"csrf_token": csrf_token(admin, page_url)},
                         follow_redirects=True).text
    assert "Refund the buyer instead." in refused
    assert "cannot refund this payment (bank_transfer) through its API" in refused
    attempt_id = db.session.scalar(select(PaymentAttempt.id))
    refund_url = f"{page_url}/pembayaran/{attempt_id}/pengembalian-dana"
    token = csrf_token(admin, page_url)

    # when the admin asks Midtrans anyway, then forgets the transfer reference
    midtrans = admin.post(refund_url, data={"csrf_token": token, "method": "midtrans",
                                            "reason": "Stok habis", "bank_reference": ""})
    no_reference = admin.post(refund_url, data={"csrf_token": token,
                                                "method": "bank_transfer",
                                                "reason": "Stok habis", "bank_reference": ""})

    # then both are refused with what was typed kept, and nothing is recorded
    assert midtrans.status_code == 422
    assert "This payment (bank_transfer) cannot be refunded through Midtrans." in midtrans.text
    assert no_reference.status_code == 422
    assert "Enter the reference of the bank transfer" in no_reference.text
    assert ">Stok habis</textarea>" in no_reference.text
    assert _refunds() == []

    # when the transfer is recorded with its reference, twice (a double click)
    form = {"csrf_token": token, "method": "bank_transfer", "reason": "Stok habis",
            "bank_reference": "BCA-LATE-1"}
    answers = [admin.post(refund_url, data=form) for _ in range(2)]

    # then one refund of the whole payment, completed at once; the review is closed
    assert [a.status_code for a in answers] == [302, 409]
    (refund,) = _refunds()
    assert (refund.sub_order_id, refund.amount, refund.method, refund.state,
            refund.bank_reference) == (None, 115_000, "bank_transfer", "succeeded",
                                       "BCA-LATE-1")
    assert not _fresh(order).needs_review
    page = admin.get(page_url).text.replace("\xa0", " ")
    assert "Refunded to the buyer in full on" in page and "BCA-LATE-1" in page
    # a replayed settlement notification does not reopen the review
    assert notify(client, simulator, mid).status_code == 200
    assert not _fresh(order).needs_review
    shown = app.test_client().get(f"/pesanan/{order.number}?t={order_token(order)}").text
    assert "Kami telah mengembalikannya kepada Anda" in shown
    _check_ledger_and_reconciliation(received=115_000)
    # Midtrans still shows it settled: matched with our bank refund
    assert _settlement_check(order) == []
    assert requests.get(f"{simulator.base_url}/v2/{mid}/status",
                        auth=(SIMULATOR_SERVER_KEY, ""), timeout=5).json()[
        "transaction_status"] == "settlement"
