"""Studio access control: only a group's members reach its pages, on every route."""

from uuid import uuid4

from werkzeug.security import generate_password_hash

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import GroupMembership, ProductImage
from marketplace.kernel.extensions import db
from tests.factories import make_group, make_product
from tests.helpers import PASSWORD, csrf_token, sign_in_english


def user(role=Role.ARTISAN) -> User:
    """A user with a cheap password hash, so signing in keeps the suite fast."""
    person = User(email=f"u-{uuid4().hex[:10]}@pasar.example", name="Pak Budi", role=role,
                  password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
    db.session.add(person)
    return person


def member(group, role="owner") -> User:
    person = user()
    db.session.add(GroupMembership(group=group, user=person, role=role))
    return person


def group_with_data():
    """A group with an owner, a member, a product with a photo: something behind every route."""
    group = make_group()
    owner = member(group)
    helper = member(group, role="member")
    product = make_product(group=group)
    product.images.append(ProductImage(key=f"products/{uuid4().hex}", position=0, width=300,
                                       height=300))
    db.session.commit()
    membership = db.session.scalar(
        db.select(GroupMembership).where(GroupMembership.user_id == helper.id))
    return group, owner, product, membership


def paid_sub_order(group, product) -> int:
    """A paid order with one parcel for `group`, so the order routes have something to show."""
    from datetime import timedelta

    from marketplace.kernel.timeutil import utcnow
    from marketplace.orders.models import Order, OrderLine, SubOrder

    order = Order(checkout_key=uuid4().hex, buyer_name="Dewi", email="dewi@contoh.id",
                  phone="+6281234567890", street="Jl. Mawar 5", village="Dinoyo",
                  district="Lowokwaru", regency="Kota Malang", province="Jawa Timur",
                  postal_code="65144", goods_amount=product.price, shipping_amount=0,
                  grand_total=product.price, status="paid",
                  expires_at=utcnow() + timedelta(hours=1), number=f"PS-T-{uuid4().hex[:8]}")
    sub = SubOrder(group_id=group.id, group_name=group.name, status="new",
                   goods_amount=product.price, shipping_amount=0, weight_grams=500)
    sub.lines.append(OrderLine(product_id=product.id, product_name=product.name, sku=product.sku,
                               unit_price=product.price, quantity=1, weight_grams=500))
    order.sub_orders.append(sub)
    db.session.add(order)
    db.session.commit()
    return sub.id


def studio_routes(app, group, product, membership):
    """Every /studio/<group_slug>… URL and its methods, built from the app's own URL map."""
    values = {"group_slug": group.slug, "product_id": product.id,
              "photo_id": product.images[0].id, "membership_id": membership.id,
              "sub_order_id": paid_sub_order(group, product), "payout_id": 1, "review_id": 1,
              "complaint_id": 1}
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("studio.") or "group_slug" not in rule.arguments:
            continue
        url = rule.build({name: values[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url))
    return routes


EXPECTED_ENDPOINTS = {
    "studio.dashboard", "studio.listings", "studio.listing_new", "studio.listing_edit",
    "studio.listing_status", "studio.listing_duplicate", "studio.photo_upload",
    "studio.photo_move", "studio.photo_delete", "studio.listing_import",
    "studio.listing_export", "studio.profile", "studio.members", "studio.member_remove",
    "studio.orders", "studio.order_detail", "studio.order_process", "studio.order_ship",
    "studio.order_deliver", "studio.order_cancel", "studio.statement", "studio.statement_csv",
    "studio.statement_payout", "studio.reviews", "studio.review_reply",
}


def test_every_studio_route_is_a_404_for_other_groups_artisans_and_buyers(app, client):
    # given a group with data behind every route, and an artisan of another group
    group, _owner, product, membership = group_with_data()
    outsider = member(make_group())
    buyer = user(Role.BUYER)
    db.session.commit()
    routes = studio_routes(app, group, product, membership)
    assert EXPECTED_ENDPOINTS <= {rule.endpoint for rule in app.url_map.iter_rules()}
    assert len(routes) >= 19
    for person in (outsider, buyer):
        client = app.test_client()
        sign_in_english(client, person)
        token = csrf_token(client, "/akun/kata-sandi")
        for method, url in routes:
            # when they try each route, with a valid CSRF token for POSTs
            response = client.open(url, method=method, data={
                "csrf_token": token, "status": "active", "direction": "up",
                "email": person.email})
            # then the group does not exist for them
            assert response.status_code == 404, (person.role, method, url)
    # and nothing changed
    db.session.expire_all()
    assert product.status == "active" and len(product.images) == 1
    assert len(group.memberships) == 2


def test_every_studio_route_sends_visitors_to_sign_in(app, client):
    group, _owner, product, membership = group_with_data()
    token = csrf_token(client, "/akun/masuk")
    for method, url in studio_routes(app, group, product, membership):
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/akun/masuk"), (method, url)


def test_post_without_csrf_token_is_refused(app, client):
    group, owner, product, membership = group_with_data()
    sign_in_english(client, owner)
    for method, url in studio_routes(app, group, product, membership):
        if method == "POST":
            response = client.post(url, data={"status": "archived", "direction": "down",
                                              "email": "x@pasar.example"})
            assert response.status_code == 400, url
    db.session.expire_all()
    assert product.status == "active"
    assert len(group.memberships) == 2


def test_ids_of_another_group_in_the_url_are_404(app, client):
    # given the artisan's own group and another group's product, photo and membership
    group, owner, _product, _membership = group_with_data()
    other, _other_owner, other_product, other_membership = group_with_data()
    own_product = make_product(group=group)
    db.session.commit()
    sign_in_english(client, owner)
    base = f"/studio/{group.slug}"
    token = csrf_token(client, f"{base}/produk/{own_product.id}")
    photo = other_product.images[0].id
    # when they use the other group's ids under their own group's URL
    for method, url in [
        ("GET", f"{base}/produk/{other_product.id}"),
        ("POST", f"{base}/produk/{other_product.id}"),
        ("POST", f"{base}/produk/{other_product.id}/status"),
        ("POST", f"{base}/produk/{other_product.id}/salin"),
        ("POST", f"{base}/produk/{other_product.id}/foto"),
        ("POST", f"{base}/produk/{other_product.id}/foto/{photo}/pindah"),
        ("POST", f"{base}/produk/{other_product.id}/foto/{photo}/hapus"),
        # a photo of another product, under one of their own products
        ("POST", f"{base}/produk/{own_product.id}/foto/{photo}/pindah"),
        ("POST", f"{base}/produk/{own_product.id}/foto/{photo}/hapus"),
        ("POST", f"{base}/anggota/{other_membership.id}/hapus"),
        ("GET", f"{base}/produk/999999"),
    ]:
        response = client.open(url, method=method, data={
            "csrf_token": token, "status": "archived", "direction": "first",
            "name": "Diambil Alih", "sku": "X-1", "price": "1000", "stock": "1",
            "weight_grams": "1", "category_id": str(other_product.category_id)})
        # then it is a 404 and the other group's data is untouched
        assert response.status_code == 404, (method, url)
    db.session.expire_all()
    assert other_product.status == "active" and other_product.name != "Diambil Alih"
    assert len(other_product.images) == 1
    assert len(other.memberships) == 2
