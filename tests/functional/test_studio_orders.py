"""Studio orders: each group sees and moves only its own paid sub-orders."""

import html
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

from werkzeug.security import generate_password_hash

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import GroupMembership, Product
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.models import Order, OrderLine, SubOrder
from tests.factories import make_group, make_product
from tests.helpers import PASSWORD, csrf_token, post_form, sign_in_english


def person(role=Role.ARTISAN) -> User:
    """A user with a cheap password hash, so signing in keeps the suite fast."""
    user = User(email=f"u-{uuid4().hex[:10]}@pasar.example", name="Bu Sari", role=role,
                password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
    db.session.add(user)
    return user


def owner_of(group) -> User:
    user = person()
    db.session.add(GroupMembership(group=group, user=user, role="owner"))
    return user


def make_order(parts, status="paid", sub_status="new", name="Rina Wulandari"):
    """An order with one sub-order per (group, product, quantity) in `parts`."""
    now = utcnow()
    order = Order(
        checkout_key=uuid4().hex, status=status, buyer_name=name,
        email=f"buyer-{uuid4().hex[:6]}@pasar.example", phone="+6281298765432",
        street="Jl. Mawar 12", village="Dinoyo", district="Lowokwaru", regency="Kota Malang",
        province="Jawa Timur", postal_code="65144", goods_amount=0, shipping_amount=0,
        grand_total=0, created_at=now, expires_at=now + timedelta(hours=24),
        paid_at=now if status == "paid" else None,
    )
    for group, product, quantity in parts:
        sub = SubOrder(group_id=group.id, group_name=group.name, status=sub_status,
                       goods_amount=product.price * quantity, shipping_amount=15_000,
                       weight_grams=product.weight_grams * quantity)
        sub.lines.append(OrderLine(product_id=product.id, product_name=product.name,
                                   sku=product.sku, unit_price=product.price,
                                   quantity=quantity, weight_grams=product.weight_grams))
        order.sub_orders.append(sub)
        order.goods_amount += sub.goods_amount
        order.shipping_amount += sub.shipping_amount
    order.grand_total = order.goods_amount + order.shipping_amount
    db.session.add(order)
    db.session.flush()
    order.number = f"PS-2025-{order.id:06d}"
    return order


def two_groups_with_an_order():
    """One paid order split between two groups, each with its own owner."""
    mine, theirs = make_group(), make_group()
    my_product = make_product(group=mine, price=120_000, stock=5, sku="GRB-01",
                              name="Guci Gerabah")
    their_product = make_product(group=theirs, price=80_000, stock=5, name="Tas Anyaman")
    me, them = owner_of(mine), owner_of(theirs)
    order = make_order([(mine, my_product, 2), (theirs, their_product, 1)])
    db.session.commit()
    my_sub, their_sub = order.sub_orders
    their_sub.owner = them  # for tests that sign in as the other group
    return mine, me, my_product, my_sub, their_sub


def order_urls(group, sub):
    base = f"/studio/{group.slug}/pesanan/{sub.id}"
    return [("GET", base), ("POST", f"{base}/kemas"), ("POST", f"{base}/kirim"),
            ("POST", f"{base}/diterima"), ("POST", f"{base}/batal")]


def outbox(app) -> list[str]:
    folder = Path(app.instance_path) / "outbox"
    return [path.read_text() for path in sorted(folder.glob("*.eml"))] if folder.exists() else []


def reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def test_orders_list_shows_only_the_groups_own_paid_sub_orders(app, client):
    # given a paid order split between two groups, and an unpaid one for my group
    mine, me, my_product, my_sub, their_sub = two_groups_with_an_order()
    unpaid = make_order([(mine, my_product, 1)], status="pending_payment",
                        sub_status="awaiting_payment", name="Belum Bayar")
    db.session.commit()
    sign_in_english(client, me)
    # when I open my group's orders
    page = client.get(f"/studio/{mine.slug}/pesanan").text
    # then I see my parcel with the buyer's name and phone, and nothing else
    assert my_sub.order.number in page and "Rina Wulandari" in page
    assert "+6281298765432" in page and "Guci Gerabah" in page
    assert "Tas Anyaman" not in page
    assert unpaid.number not in page and "Belum Bayar" not in page
    assert "Showing 1–1 of 1 orders" in page
    # and the dashboard counts it as new
    assert 'status=new">1</a>' in client.get(f"/studio/{mine.slug}").text
    # while the other group's owner sees only their own parcel
    other = app.test_client()
    sign_in_english(other, their_sub.owner)
    page = other.get(f"/studio/{their_sub.group.slug}/pesanan").text
    assert "Tas Anyaman" in page and "Guci Gerabah" not in page


def test_orders_list_loads_lines_and_buyers_without_a_query_per_order(app, client,
                                                                      count_queries):
    mine, me, product, _my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    url = f"/studio/{mine.slug}/pesanan"
    client.get(url)
    with count_queries() as one_order:
        client.get(url)
    for _ in range(4):
        make_order([(mine, product, 1)])
    db.session.commit()
    with count_queries() as five_orders:
        page = client.get(url).text
    assert page.count("Guci Gerabah") == 5
    assert len(five_orders) == len(one_order)


def test_orders_list_puts_new_orders_first(app, client):
    mine, me, my_product, my_sub, _their_sub = two_groups_with_an_order()
    later = make_order([(mine, my_product, 1)], sub_status="processing", name="Dewi Lestari")
    db.session.commit()
    sign_in_english(client, me)
    page = client.get(f"/studio/{mine.slug}/pesanan").text
    # the processing order was paid later, but the new one comes first
    assert page.index(my_sub.order.number) < page.index(later.number)
    filtered = client.get(f"/studio/{mine.slug}/pesanan?status=processing").text
    assert later.number in filtered and my_sub.order.number not in filtered


def test_order_detail_shows_buyer_address_lines_and_weight(app, client):
    mine, me, _product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    page = client.get(f"/studio/{mine.slug}/pesanan/{my_sub.id}").text
    for text in ("Rina Wulandari", "+6281298765432", my_sub.order.email, "Jl. Mawar 12",
                 "Kota Malang", "65144", "GRB-01", "Guci Gerabah", "1,000 g",
                 "Start packing", "Cancel order"):
        assert text in page, text


def test_another_groups_sub_order_is_a_404_on_every_order_route(app, client):
    # given my group and another group's sub-order of the same order
    mine, me, _product, _my_sub, their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    token = csrf_token(client, f"/studio/{mine.slug}/pesanan")
    # when I use its id under my group's URL
    for method, url in order_urls(mine, their_sub):
        response = client.open(url, method=method, data={
            "csrf_token": token, "courier": "JNE", "tracking_number": "JN123",
            "reason": "Habis"})
        # then it does not exist for me, and it is untouched
        assert response.status_code == 404, (method, url)
    assert reload(their_sub).status == "new"


def test_buyers_get_404_and_visitors_are_sent_to_sign_in(app, client):
    mine, _me, _product, my_sub, _their_sub = two_groups_with_an_order()
    buyer = person(Role.BUYER)
    db.session.commit()
    visitor = app.test_client()
    token = csrf_token(visitor, "/akun/masuk")
    for method, url in order_urls(mine, my_sub):
        response = visitor.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/akun/masuk")
    sign_in_english(client, buyer)
    token = csrf_token(client, "/akun/kata-sandi")
    for method, url in [*order_urls(mine, my_sub), ("GET", f"/studio/{mine.slug}/pesanan")]:
        assert client.open(url, method=method, data={"csrf_token": token}).status_code == 404
    assert reload(my_sub).status == "new"


def test_a_parcel_goes_from_new_to_delivered_and_the_buyer_is_emailed(app, client):
    mine, me, _product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    detail = f"/studio/{mine.slug}/pesanan/{my_sub.id}"
    # when I start packing
    response = post_form(client, f"{detail}/kemas", form_url=detail, follow_redirects=True)
    assert "is being packed" in response.text
    assert reload(my_sub).status == "processing" and my_sub.processing_at is not None
    # and try to ship without a tracking number
    response = post_form(client, f"{detail}/kirim", {"courier": "JNE REG",
                                                      "tracking_number": " "}, form_url=detail)
    # then I am told, what I typed stays, and nothing is shipped
    assert "Enter the parcel's tracking number." in html.unescape(response.text)
    assert 'value="JNE REG"' in response.text
    assert reload(my_sub).status == "processing" and outbox(app) == []
    # when I ship it with the courier and tracking number
    response = post_form(client, f"{detail}/kirim", {"courier": "JNE REG",
                                                      "tracking_number": "JN0012345678"},
                         form_url=detail, follow_redirects=True)
    assert "is shipped" in response.text
    sub = reload(my_sub)
    assert (sub.status, sub.courier, sub.tracking_number) == ("shipped", "JNE REG",
                                                              "JN0012345678")
    assert sub.shipped_at is not None
    # then the buyer gets one email with the tracking number
    mails = outbox(app)
    assert len(mails) == 1 and "JN0012345678" in mails[0] and sub.order.email in mails[0]
    # when I mark it delivered
    response = post_form(client, f"{detail}/diterima", form_url=detail, follow_redirects=True)
    assert "marked as delivered" in response.text
    assert reload(my_sub).status == "delivered" and my_sub.delivered_at is not None


def test_courier_and_tracking_number_must_be_2_to_60_characters(app, client):
    mine, me, _product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    detail = f"/studio/{mine.slug}/pesanan/{my_sub.id}"
    post_form(client, f"{detail}/kemas", form_url=detail)
    response = post_form(client, f"{detail}/kirim", {"courier": "J",
                                                      "tracking_number": "X" * 61},
                         form_url=detail)
    assert "The courier must be 2 to 60 characters long." in response.text
    assert "The tracking number must be 2 to 60 characters long." in response.text
    assert reload(my_sub).status == "processing"


def test_cancelling_releases_stock_once_and_records_the_refund(app, client):
    # given a new sub-order of 2 units; the product has 5 left
    mine, me, product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    detail = f"/studio/{mine.slug}/pesanan/{my_sub.id}"
    # when I cancel without a reason
    response = post_form(client, f"{detail}/batal", {"reason": ""}, form_url=detail)
    assert "Tell the buyer why the order is cancelled." in response.text
    assert reload(my_sub).status == "new"
    # and then with one
    response = post_form(client, f"{detail}/batal", {"reason": "Kiln rusak"},
                         form_url=detail, follow_redirects=True)
    assert "is cancelled" in response.text
    sub = reload(my_sub)
    assert sub.status == "cancelled_by_group" and sub.cancel_reason == "Kiln rusak"
    assert sub.refund_due == 2 * 120_000 + 15_000 and sub.cancelled_at is not None
    assert db.session.get(Product, product.id).stock == 7
    # when I cancel it again
    token = csrf_token(client, f"/studio/{mine.slug}/pesanan")
    response = client.post(f"{detail}/batal", data={"csrf_token": token, "reason": "Lagi"},
                           follow_redirects=True)
    # then I am told, and the stock is returned only once
    assert "Nothing was changed" in response.text
    assert db.session.get(Product, product.id).stock == 7
    assert reload(my_sub).cancel_reason == "Kiln rusak"


def test_a_shipped_parcel_cannot_be_cancelled(app, client):
    mine, me, product, _my_sub, _their_sub = two_groups_with_an_order()
    shipped = make_order([(mine, product, 1)], sub_status="shipped").sub_orders[0]
    db.session.commit()
    sign_in_english(client, me)
    token = csrf_token(client, f"/studio/{mine.slug}/pesanan")
    response = client.post(f"/studio/{mine.slug}/pesanan/{shipped.id}/batal",
                           data={"csrf_token": token, "reason": "Berubah pikiran"},
                           follow_redirects=True)
    assert response.status_code == 200 and "Nothing was changed" in response.text
    sub = reload(shipped)
    assert sub.status == "shipped" and sub.refund_due == 0 and sub.stock_released_at is None
    assert db.session.get(Product, product.id).stock == 5


def test_delivering_a_new_order_is_refused_with_a_message(app, client):
    mine, me, _product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    detail = f"/studio/{mine.slug}/pesanan/{my_sub.id}"
    response = post_form(client, f"{detail}/diterima", form_url=detail, follow_redirects=True)
    assert response.status_code == 200
    assert "Nothing was changed" in response.text and "“New”" in response.text
    assert reload(my_sub).status == "new" and my_sub.delivered_at is None


def test_order_actions_without_csrf_token_are_refused(app, client):
    mine, me, product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    for method, url in order_urls(mine, my_sub):
        if method == "POST":
            response = client.post(url, data={"courier": "JNE", "tracking_number": "JN1",
                                              "reason": "x"})
            assert response.status_code == 400, url
    assert reload(my_sub).status == "new"
    assert db.session.get(Product, product.id).stock == 5
