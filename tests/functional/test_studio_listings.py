"""Studio listings: create, edit, duplicate, publish and archive, with clear messages."""

import re
from uuid import uuid4

from sqlalchemy import select

from marketplace.catalog.models import Product
from marketplace.catalog.status import ProductStatus
from marketplace.kernel.extensions import db
from tests.factories import make_category, make_group, make_product
from tests.helpers import artisan, post_form


def listing(category, **overrides):
    data = {
        "name": "Vas Gerabah Dinoyo", "sku": "krm-101", "category_id": str(category.id),
        "price": "Rp 125.000", "stock": "7", "weight_grams": "900",
        "materials": "Tanah liat, glasir", "description": "Vas dibentuk dengan tangan.",
    }
    data.update(overrides)
    return data


def products_of(group):
    db.session.expire_all()
    return db.session.scalars(select(Product).where(Product.group_id == group.id)).all()


def test_listing_is_created_as_a_draft_and_hidden_from_the_shop(app, client):
    # given an artisan of an approved group and a category
    _user, group = artisan(client)
    category = make_category()
    db.session.commit()
    # when they save a new listing as a draft
    url = f"/studio/{group.slug}/produk/baru"
    response = post_form(client, url, listing(category))
    # then it is stored with whole-rupiah price and an upper-case SKU, as a draft
    assert response.status_code == 302
    [product] = products_of(group)
    assert (product.name, product.sku, product.price, product.stock, product.weight_grams) == (
        "Vas Gerabah Dinoyo", "KRM-101", 125_000, 7, 900)
    assert product.status == ProductStatus.DRAFT
    assert response.headers["Location"].endswith(f"/studio/{group.slug}/produk/{product.id}")
    # and buyers cannot see it
    assert client.get(f"/produk/{product.slug}").status_code == 404


def test_publishing_a_listing_shows_it_in_the_shop_and_archiving_hides_it(app, client):
    _user, group = artisan(client)
    product = make_product(group=group, status=ProductStatus.DRAFT, name="Cangkir Biru")
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"

    post_form(client, f"{edit}/status", {"status": "active"}, form_url=edit)
    assert "Cangkir Biru" in client.get(f"/produk/{product.slug}").text

    post_form(client, f"{edit}/status", {"status": "archived"}, form_url=edit)
    assert client.get(f"/produk/{product.slug}").status_code == 404
    assert products_of(group)[0].status == ProductStatus.ARCHIVED


def test_save_and_publish_creates_a_visible_listing(app, client):
    _user, group = artisan(client)
    category = make_category()
    db.session.commit()
    post_form(client, f"/studio/{group.slug}/produk/baru", listing(category, publish="1"))
    [product] = products_of(group)
    assert product.status == ProductStatus.ACTIVE
    assert client.get(f"/produk/{product.slug}").status_code == 200


def test_editing_saves_only_the_listing_fields(app, client):
    # given a listing of the artisan's group and another group
    _user, group = artisan(client)
    other = make_group()
    product = make_product(group=group, status=ProductStatus.DRAFT)
    db.session.commit()
    url = f"/studio/{group.slug}/produk/{product.id}"
    # when the form also carries group_id, status and owner_id
    response = post_form(client, url, listing(
        product.category, name="Piring Saji", price="80000",
        group_id=str(other.id), status="active", owner_id="1", is_featured="y",
        slug="evil"))
    # then the listing changes, but not its group, status, featured flag or slug
    assert response.status_code == 302
    db.session.expire_all()
    product = db.session.get(Product, product.id)
    assert (product.name, product.price) == ("Piring Saji", 80_000)
    assert product.group_id == group.id
    assert product.status == ProductStatus.DRAFT
    assert product.is_featured is False
    assert product.slug != "evil"


def test_extra_fields_on_create_are_ignored(app, client):
    # given another group that already uses the same SKU (which is fine: SKUs are per group)
    _user, group = artisan(client)
    other = make_group()
    category = make_category()
    make_product(group=other, sku="KRM-101")
    db.session.commit()
    response = post_form(client, f"/studio/{group.slug}/produk/baru", listing(
        category, group_id=str(other.id), status="active", owner_id="1"))
    assert response.status_code == 302
    [product] = products_of(group)
    assert product.status == ProductStatus.DRAFT
    assert len(products_of(other)) == 1


BAD_INPUTS = [
    # (what is typed, what the form says), several fields at a time
    {"name": ("", "Enter the product"), "price": ("-5000", "This cannot be negative."),
     "stock": ("1000000", "That is too much: at most 100,000."),
     "weight_grams": ("0", "at least 1 gram"), "category_id": ("0", "Choose a category.")},
    {"price": ("12,5", "without decimals"), "stock": ("-1", "This cannot be negative."),
     "sku": ("=HYPERLINK(1)", "Use only letters, digits")},
    {"price": ("99999999999", "That is too much: at most 1,000,000,000.")},
    {"price": ("0", "The price must be more than 0."), "stock": ("tujuh", "digits only"),
     "sku": ("", "Enter a SKU")},
]


def test_bad_input_keeps_what_was_typed_and_says_why(app, client):
    _user, group = artisan(client)
    category = make_category()
    db.session.commit()
    for bad in BAD_INPUTS:
        typed_values = {field: typed for field, (typed, _message) in bad.items()}
        data = listing(category, **{"name": "Kendi Tanah Liat Unik", **typed_values})
        response = post_form(client, f"/studio/{group.slug}/produk/baru", data)
        assert response.status_code == 200
        page = response.text
        assert "Please correct the marked fields." in page
        for field, (typed, message) in bad.items():
            assert message in page, (field, message)
            if field != "category_id":
                assert f'value="{typed}"' in page or not typed, (field, typed)
        if "name" not in bad:
            assert 'value="Kendi Tanah Liat Unik"' in page
    assert products_of(group) == []


def test_duplicate_name_and_sku_in_the_group_are_refused(app, client):
    _user, group = artisan(client)
    existing = make_product(group=group, name="Vas Gerabah Dinoyo", sku="KRM-101")
    db.session.commit()
    response = post_form(client, f"/studio/{group.slug}/produk/baru",
                         listing(existing.category, name="vas gerabah dinoyo", sku="krm-101"))
    assert response.status_code == 200
    assert "is already called vas gerabah dinoyo" in response.text
    assert "already uses the SKU KRM-101" in response.text
    assert len(products_of(group)) == 1


def test_duplicating_makes_a_draft_copy_with_a_new_sku(app, client):
    _user, group = artisan(client)
    product = make_product(group=group, name="Teko Keramik", sku="TK-1", price=90_000)
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    first = post_form(client, f"{edit}/salin", form_url=edit)
    second = post_form(client, f"{edit}/salin", form_url=edit)
    assert first.status_code == second.status_code == 302
    copies = sorted((p for p in products_of(group) if p.id != product.id), key=lambda p: p.id)
    assert [c.sku for c in copies] == ["TK-1-COPY", "TK-1-COPY2"]
    assert [c.name for c in copies] == ["Teko Keramik (copy)", "Teko Keramik (copy) 2"]
    assert all(c.status == ProductStatus.DRAFT and c.price == 90_000 for c in copies)
    assert len({c.slug for c in [product, *copies]}) == 3


def test_listing_page_shows_the_groups_listings_only(app, client):
    _user, group = artisan(client)
    make_product(group=group, name="Milik Kami", status=ProductStatus.DRAFT)
    make_product(name="Milik Orang Lain")
    db.session.commit()
    page = client.get(f"/studio/{group.slug}/produk").text
    assert "Milik Kami" in page
    assert "Milik Orang Lain" not in page
    drafts = client.get(f"/studio/{group.slug}/produk?status=draft&page=x").text
    assert "Milik Kami" in drafts
    assert "Milik Kami" not in client.get(f"/studio/{group.slug}/produk?status=active").text


def test_listing_page_is_paginated(app, client):
    _user, group = artisan(client)
    category = make_category()
    for number in range(52):
        make_product(group=group, category=category, name=f"Gelas {number:02d}")
    db.session.commit()
    first = client.get(f"/studio/{group.slug}/produk").text
    assert "Showing 1–50 of 52 products" in first
    last = client.get(f"/studio/{group.slug}/produk?page=9").text
    assert "Showing 51–52 of 52 products" in last


def test_dashboard_counts_listings_and_warns_of_low_stock(app, client):
    _user, group = artisan(client)
    make_product(group=group, name="Hampir Habis", stock=1)
    make_product(group=group, name="Banyak Stok", stock=50)
    make_product(group=group, status=ProductStatus.DRAFT, stock=0, name="Draf Kosong")
    db.session.commit()
    page = client.get(f"/studio/{group.slug}").text
    assert "Hampir Habis" in page
    assert "Banyak Stok" not in page
    assert "Draf Kosong" not in page


def test_edit_form_shows_the_saved_values(app, client):
    _user, group = artisan(client)
    product = make_product(group=group, name="Mangkuk Hijau", price=45_000, sku="MH-9")
    db.session.commit()
    page = client.get(f"/studio/{group.slug}/produk/{product.id}").text
    assert 'value="Mangkuk Hijau"' in page
    assert 'value="45000"' in page
    assert 'value="MH-9"' in page


def reserve(app, product, quantity):
    """A buyer orders `quantity` of `product` (stock reserved as checkout does)."""
    from marketplace.cart.models import Cart, CartLine
    from marketplace.checkout.services import checkout_cart
    from marketplace.kernel.dbtx import begin_write

    cart = Cart(token_hash=f"buyer-{uuid4().hex}")
    cart.lines.append(CartLine(product_id=product.id, quantity=quantity,
                               price_seen=product.price))
    db.session.add(cart)
    db.session.commit()
    address = {"name": "Pembeli", "email": "pembeli@contoh.id", "phone": "+6281234567890",
               "street": "Jl. Mawar 5", "village": "Dinoyo", "district": "Lowokwaru",
               "regency": "Kota Malang", "province": "Jawa Timur", "postal_code": "65144"}
    with app.test_request_context():
        begin_write()
        checkout_cart(cart, address, f"key-{uuid4().hex}")
        db.session.commit()


def hidden_stock(page: str) -> str:
    """The stock figure the edit form carries in its hidden field."""
    return re.search(r'name="stock_shown" type="hidden" value="([^"]*)"', page).group(1)


def test_stock_save_after_an_order_is_refused_then_saved_on_the_second_try(app, client):
    # given an artisan who opens the form of a listing with 2 in stock
    _user, group = artisan(client)
    product = make_product(group=group, name="Vas Dinoyo", sku="VD-1", stock=2, price=90_000)
    db.session.commit()
    url = f"/studio/{group.slug}/produk/{product.id}"
    form_page = client.get(url).text
    assert hidden_stock(form_page) == "2"
    typed = listing(product.category, name="Vas Dinoyo Besar", sku="VD-1", price="95000",
                    stock="1", stock_shown=hidden_stock(form_page))
    # and a buyer orders both before the artisan saves
    reserve(app, product, 2)
    # when the artisan saves stock 1 (and a new name and price)
    response = post_form(client, url, typed)
    # then nothing is saved, the reservation stands, and the form says what the stock is now
    assert response.status_code == 200
    page = response.text
    assert "Stock changed since this form was opened: it is now 0 (orders came in)." in page
    assert 'value="Vas Dinoyo Besar"' in page and 'value="95000"' in page
    assert 'value="1"' in page  # the stock they typed, kept
    assert hidden_stock(page) == "0"
    db.session.expire_all()
    saved = db.session.get(Product, product.id)
    assert (saved.stock, saved.name, saved.price) == (0, "Vas Dinoyo", 90_000)
    # when they check the figure and save the same form again
    response = post_form(client, url, {**typed, "stock_shown": hidden_stock(page)})
    # then it is saved, all of it
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Product, product.id)
    assert (saved.stock, saved.name, saved.price) == (1, "Vas Dinoyo Besar", 95_000)


def test_saving_other_fields_keeps_a_stock_figure_orders_changed(app, client):
    # given a form opened at stock 5, then an order of 2
    _user, group = artisan(client)
    product = make_product(group=group, name="Cangkir", sku="CK-1", stock=5)
    db.session.commit()
    url = f"/studio/{group.slug}/produk/{product.id}"
    shown = hidden_stock(client.get(url).text)
    reserve(app, product, 2)
    # when only the description changed, the stock field still saying 5
    response = post_form(client, url, listing(product.category, name="Cangkir", sku="CK-1",
                                              stock="5", stock_shown=shown,
                                              description="Baru"))
    # then the description is saved and the stock left as the order made it, not put back
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Product, product.id)
    assert (saved.description, saved.stock) == ("Baru", 3)


def test_stock_changed_message_is_in_indonesian_by_default(app, client):
    _user, group = artisan(client)
    client.set_cookie("lang", "id")
    product = make_product(group=group, name="Piring", sku="PR-1", stock=1)
    db.session.commit()
    url = f"/studio/{group.slug}/produk/{product.id}"
    shown = hidden_stock(client.get(url).text)
    reserve(app, product, 1)
    response = post_form(client, url, listing(product.category, name="Piring", sku="PR-1",
                                              stock="4", stock_shown=shown))
    assert "Stok berubah sejak formulir dibuka: sekarang 0 (ada pesanan masuk)." in response.text
