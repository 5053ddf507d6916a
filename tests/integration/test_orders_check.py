"""`flask orders check`: clean after everything the app does to stock, orders and money;
each kind of fault, injected behind the app's back, found with its order number."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import String, literal, select, text, union_all

from marketplace.cart.models import Cart, CartLine
from marketplace.catalog.models import Product
from marketplace.catalog.status import ProductStatus
from marketplace.catalog.stock import StockMovement, StockReason
from marketplace.checkout.services import checkout_cart
from marketplace.consistency import gather
from marketplace.consistency.gather import holds_units_sql
from marketplace.consistency.report import run_check
from marketplace.gateways.midtrans import TransactionStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.ledger.parcels import cancel_parcel
from marketplace.orders import fulfilment
from marketplace.orders import services as orders
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order
from marketplace.orders.status import OrderStatus, SubOrderStatus, holds_units
from marketplace.payments.outcomes import apply_status, mark_order_paid
from marketplace.studio import listings
from tests.factories import make_category, make_group, make_rule, make_user

ADDRESS = {
    "name": "Pembeli Uji", "email": "uji@contoh.id", "phone": "+6281234567890",
    "street": "Jl. Mawar No. 5", "village": "Dinoyo", "district": "Lowokwaru",
    "regency": "Kota Malang", "province": "Jawa Timur", "postal_code": "65144",
}


def _listing(group, category, user, sku: str, stock: int) -> Product:
    """A published listing made through the studio's service (its initial movement)."""
    product = listings.create_listing(group, {
        "name": f"Produk {sku}", "sku": sku, "category_id": category.id, "price": 40_000,
        "stock": stock, "weight_grams": 500, "materials": "", "description": "",
    }, user.id)
    listings.change_status(product, ProductStatus.ACTIVE)
    return product


def _order(key: str, *items: tuple[Product, int]) -> Order:
    """An order placed from a cart (stock reserved), with a live payment attempt."""
    cart = Cart(token_hash=key)
    cart.lines.extend(CartLine(product_id=p.id, quantity=q, price_seen=p.price)
                      for p, q in items)
    db.session.add(cart)
    db.session.flush()
    order = checkout_cart(cart, ADDRESS, key)
    db.session.add(PaymentAttempt(
        order_id=order.id, attempt_no=1, midtrans_order_id=f"{order.number}-1",
        gross_amount=order.grand_total, state="redirected",
        redirect_url="https://simulator.example/pay", payment_type="bank_transfer"))
    db.session.flush()
    return order


def _attempt(order: Order) -> PaymentAttempt:
    return db.session.scalar(select(PaymentAttempt).where(PaymentAttempt.order_id == order.id))


def _settle(order: Order) -> None:
    _attempt(order).transaction_status = "settlement"
    mark_order_paid(order)


def _midtrans_says(order: Order, transaction_status: str) -> str:
    """What the notification endpoint does once Midtrans confirmed the status (commits)."""
    attempt = _attempt(order)
    db.session.commit()
    return apply_status(attempt.id, TransactionStatus.from_dict({
        "order_id": attempt.midtrans_order_id, "transaction_status": transaction_status,
        "status_code": "200", "gross_amount": f"{order.grand_total}.00",
        "payment_type": attempt.payment_type, "transaction_id": "tx-1"}))


def _stock_of(product: Product) -> int:
    return db.session.execute(text("SELECT stock FROM products WHERE id = :id"),
                              {"id": product.id}).scalar()


def _small_shop(app) -> dict:
    """A pending order; a paid one with a parcel delivered and one cancelled by its group;
    an expired one: all made through the app's services, as are their listings."""
    make_rule(1000)
    owner = make_user()
    category = make_category()
    griya, perak = make_group(name="Griya Keramik"), make_group(name="Perak Celuk")
    vase = _listing(griya, category, owner, "VAS-1", 10)
    plate = _listing(griya, category, owner, "PIR-1", 6)
    ring = _listing(perak, category, owner, "CIN-1", 4)
    with app.test_request_context():
        pending = _order("k-pending", (vase, 2))
        paid = _order("k-paid", (vase, 1), (ring, 1))
        _settle(paid)
        delivered, cancelled = paid.sub_orders
        fulfilment.start_processing(delivered)
        fulfilment.ship(delivered, "JNE", "JNE0001")
        fulfilment.mark_delivered(delivered)
        cancel_parcel(cancelled, "Bahan habis", owner.id)
        expired = _order("k-expired", (plate, 2))
        _attempt(expired).transaction_status = "expire"
        orders.close_unpaid(expired, OrderStatus.EXPIRED)
    db.session.commit()
    return {"owner": owner, "category": category, "griya": griya, "perak": perak,
            "pending": pending, "paid": paid, "expired": expired, "vase": vase,
            "plate": plate, "ring": ring}


@pytest.fixture
def small_shop(app):
    return _small_shop(app)


@pytest.fixture
def shop(app):
    """Orders in every state the app can leave them in, made through its services: the
    small shop's, and one revived after a late settlement then cancelled by its group, and
    one reversed by a chargeback; listings created, edited, imported and duplicated."""
    made = _small_shop(app)
    owner, category, perak = made["owner"], made["category"], made["perak"]
    vase, plate, ring = made["vase"], made["plate"], made["ring"]
    with app.test_request_context():
        revived = _order("k-revived", (plate, 1))
        orders.close_unpaid(revived, OrderStatus.EXPIRED)
        _attempt(revived).transaction_status = "settlement"
        assert orders.reserve_again(revived, user_id=owner.id)
        mark_order_paid(revived)
        cancel_parcel(revived.sub_orders[0], "Pecah saat dikemas", owner.id)
        reversed_ = _order("k-reversed", (ring, 1))
        _settle(reversed_)
        assert _midtrans_says(reversed_, "chargeback") == "reversed"
    edit = {name: getattr(vase, name) for name in listings.LISTING_FIELDS}
    listings.update_listing(vase, {**edit, "stock": 12}, stock_shown=_stock_of(vase),
                            user_id=owner.id)
    report = listings.check_import(perak, (
        "sku,name,category,price,stock,weight_grams\n"
        f"CIN-1,Produk CIN-1,{category.slug},40000,7,500\n"
        f"GEL-1,Gelang,{category.slug},30000,5,400\n").encode())
    assert report.ok
    listings.apply_import(perak, report, owner.id)
    listings.duplicate_listing(ring, owner.id)
    db.session.commit()
    return {**made, "revived": revived, "reversed": reversed_}


def test_the_sql_holds_units_rule_is_the_python_one(app):
    # the check reads only the stock rows whose movements differ from what their parcel's
    # state says: the database must decide "holds its units" exactly as the rules do
    pairs = [(o, s) for o in OrderStatus for s in SubOrderStatus]
    rows = union_all(*[select(literal(str(o), String).label("o"),
                              literal(str(s), String).label("s")) for o, s in pairs]).subquery()
    decided = db.session.execute(select(rows.c.o, rows.c.s,
                                        holds_units_sql(rows.c.o, rows.c.s))).all()
    assert {(o, s): bool(h) for o, s, h in decided} == {
        (str(o), str(s)): holds_units(o, s) for o, s in pairs}


def test_check_finds_nothing_after_every_kind_of_stock_change(app, shop):
    # given the shop's orders and listings, all made through the app
    # when the check runs
    report = run_check(db.engine)
    # then it finds nothing, and the history holds every kind of movement the app writes
    assert report.findings == [], report.as_text()
    assert report.counts["orders"] == 5
    reasons = set(db.session.scalars(select(StockMovement.reason).distinct()))
    assert reasons == set(StockReason) - {StockReason.OPENING}
    for product in db.session.scalars(select(Product)):
        history = db.session.execute(text(
            "SELECT SUM(delta) FROM stock_movements WHERE product_id = :id"),
            {"id": product.id}).scalar()
        assert history == product.stock


def test_a_revived_order_cancelled_by_its_group_gives_its_units_back(app, shop):
    # given an order revived after expiring (its unit taken again) whose group then cancelled
    # its parcel
    plate = shop["plate"]
    # then that unit is back on sale: 6, -2 +2 (another order expired), -1 +1 (this one
    # expired), -1 +1 (revived, then cancelled)
    assert _stock_of(plate) == 6
    movements = db.session.execute(
        select(StockMovement.reason, StockMovement.delta)
        .where(StockMovement.order_id == shop["revived"].id).order_by(StockMovement.id)).all()
    assert [(str(r), d) for r, d in movements] == [
        ("reserve", -1), ("release", 1), ("revive", -1), ("release", 1)]


def test_the_history_is_append_only(app, small_shop):
    # when anything tries to change or remove a movement, the database refuses
    for statement in ("UPDATE stock_movements SET delta = 99",
                      "DELETE FROM stock_movements"):
        with pytest.raises(Exception, match="immutable"):
            db.session.execute(text(statement))
        db.session.rollback()


# --- faults injected behind the app's back (SQL the app never runs) --------------------------
FAULTS = {
    "line_deleted": (
        ["DELETE FROM order_lines WHERE id = (SELECT MIN(l.id) FROM order_lines l "
         "JOIN sub_orders s ON s.id = l.sub_order_id WHERE s.order_id = :pending)"],
        "pending", {"order_structure", "reservation", "stock_orders"}),
    "stock_changed": (
        ["UPDATE products SET stock = stock + 3 WHERE id = :vase"],
        None, {"stock_history", "stock_orders"}),
    "released_twice": (
        ["INSERT INTO stock_movements (product_id, delta, reason, order_id, sub_order_id, "
         "created_at) SELECT l.product_id, l.quantity, 'release', s.order_id, s.id, "
         "'2026-12-01 00:00:00' FROM order_lines l JOIN sub_orders s ON s.id = l.sub_order_id "
         "WHERE s.order_id = :expired",
         "UPDATE products SET stock = stock + 2 WHERE id = :plate"],
        "expired", {"reservation", "stock_orders"}),
    "never_released": (
        ["UPDATE orders SET stock_released_at = NULL WHERE id = :expired",
         "UPDATE sub_orders SET stock_released_at = NULL WHERE order_id = :expired"],
        "expired", {"reservation"}),
    "order_without_parts": (
        ["INSERT INTO orders (number, checkout_key, status, buyer_name, email, phone, street, "
         "village, district, regency, province, postal_code, goods_amount, shipping_amount, "
         "grand_total, created_at, expires_at, needs_review, review_reason) "
         "SELECT 'PS-2026-999999', 'k-empty', 'expired', buyer_name, email, phone, street, "
         "village, district, regency, province, postal_code, goods_amount, shipping_amount, "
         "grand_total, created_at, expires_at, needs_review, '' FROM orders "
         "WHERE id = :expired"],
        "PS-2026-999999", {"order_structure", "reservation"}),
    "commission_changed": (
        ["UPDATE sub_orders SET commission_amount = commission_amount + 1 "
         "WHERE order_id = :paid AND status = 'delivered'"],
        "paid", {"ledger"}),
    "refund_without_reversal": (
        ["INSERT INTO refunds (order_id, sub_order_id, group_id, amount, goods_amount, "
         "shipping_amount, reason, method, state, refund_key, midtrans_order_id, "
         "bank_reference, error, clawback_amount, created_at) SELECT order_id, id, group_id, "
         "10000, 10000, 0, 'x', 'bank_transfer', 'succeeded', 'PS-X-R1', '', 'BCA 1', '', 0, "
         "created_at FROM sub_orders WHERE order_id = :paid AND status = 'delivered'"],
        "paid", {"ledger"}),
    "settled_after_expiry": (
        ["UPDATE payment_attempts SET transaction_status = 'settlement' "
         "WHERE order_id = :expired"],
        "expired", {"settled_unpaid"}),
    "pending_without_attempt": (
        ["UPDATE payment_attempts SET state = 'failed' WHERE order_id = :pending",
         "UPDATE orders SET created_at = :hour_ago WHERE id = :pending"],
        "pending", {"pending_attempt"}),
}


@pytest.mark.parametrize("backend", ["sqlite"])  # plain SQL: the same on both databases
@pytest.mark.parametrize("fault", list(FAULTS))
def test_check_reports_an_injected_fault_with_its_order(app, small_shop, fault):
    # given a clean shop, and a fault made directly in the database
    statements, order, kinds = FAULTS[fault]
    shop = small_shop
    params = {name: item.id for name, item in shop.items()}
    params["hour_ago"] = (utcnow() - timedelta(hours=1)).replace(tzinfo=None)
    for statement in statements:
        db.session.execute(text(statement), params)
    db.session.commit()
    # when the check runs
    report = run_check(db.engine)
    # then it finds the fault, of the expected kinds, naming the order
    assert {f.kind for f in report.findings} == kinds, report.as_text()
    number = shop[order].number if order in shop else order
    if order is not None:
        assert number in {f.order for f in report.findings}


def _without_triggers(statement: str, **params) -> None:
    """Run SQL with the ledger's immutability triggers off (an operator with DBA rights)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        db.session.execute(text("DROP TRIGGER commission_entries_no_delete"))
    db.session.execute(text(statement), params)
    db.session.commit()


def test_check_reports_an_accrual_deleted_with_the_trigger_off(app, small_shop):
    # given a paid parcel's accrual deleted behind the ledger's back
    paid = small_shop["paid"]
    _without_triggers("DELETE FROM commission_entries WHERE kind = 'accrual' "
                      "AND sub_order_id = :sub", sub=paid.sub_orders[0].id)
    # when the command runs
    result = app.test_cli_runner().invoke(args=["orders", "check"])
    # then it exits 1 and names the order
    assert result.exit_code == 1, result.output
    assert "Paid sub-orders without exactly one commission accrual (1)" in result.output
    assert f"{paid.number}" in result.output and "0 accrual(s)" in result.output


@pytest.mark.parametrize("backend", ["sqlite"])
def test_cli_prints_ok_or_the_findings_as_text_or_json(app, small_shop):
    shop = small_shop
    runner = app.test_cli_runner()
    # a clean database: exit 0
    clean = runner.invoke(args=["orders", "check"])
    assert clean.exit_code == 0 and "OK: no findings." in clean.output
    # two faults: exit 1, every order number in the text and in the JSON
    db.session.execute(text("UPDATE payment_attempts SET transaction_status = 'settlement' "
                            "WHERE order_id = :id"), {"id": shop["expired"].id})
    db.session.execute(text("DELETE FROM order_lines WHERE sub_order_id = :id"),
                       {"id": shop["pending"].sub_orders[0].id})
    db.session.commit()
    result = runner.invoke(args=["orders", "check"])
    assert result.exit_code == 1
    assert "FAILED" in result.output
    assert f"Orders concerned: {shop['pending'].number} {shop['expired'].number}" in result.output
    as_json = runner.invoke(args=["orders", "check", "--json"])
    assert as_json.exit_code == 1
    body = json.loads(as_json.output)
    assert body["ok"] is False
    assert {f["order"] for f in body["findings"] if f["order"]} == {shop["pending"].number,
                                                                    shop["expired"].number}


def test_check_reads_one_snapshot_while_orders_come_in(app, small_shop, monkeypatch):
    shop = small_shop
    # given an order placed and committed by another connection while the check is reading
    # (after its orders, before its sub-orders, movements and products)
    read_orders = gather._orders

    def orders_then_a_new_order(conn):
        rows = read_orders(conn)
        with app.test_request_context():
            _order("k-meanwhile", (shop["vase"], 3))
            db.session.commit()
        return rows

    monkeypatch.setattr(gather, "_orders", orders_then_a_new_order)
    report = run_check(db.engine)
    # then the check saw none of it: no half-seen order, no stock it cannot explain
    assert report.findings == [], report.as_text()
    assert report.counts["orders"] == 3
    monkeypatch.undo()
    assert run_check(db.engine).counts["orders"] == 4


def test_check_cannot_write(app, small_shop):
    with gather.snapshot_connection(db.engine) as conn:
        with pytest.raises(Exception, match="read-only|readonly"):
            conn.execute(text("UPDATE products SET stock = 0"))
    assert db.session.scalar(select(Product.stock).where(Product.sku == "VAS-1")) == 7
