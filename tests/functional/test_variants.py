"""Products in variants: chosen on the product page (no JavaScript), carted, ordered,
reserved per variant, edited in the studio and carried by the CSV."""

import re

from sqlalchemy import select

from marketplace.cart.models import CartLine
from marketplace.catalog.models import Product, ProductVariant
from marketplace.catalog.stock import StockMovement
from marketplace.kernel.extensions import db
from marketplace.orders import services as orders
from marketplace.orders.models import OrderLine
from tests.checkout_helpers import checkout
from tests.factories import make_category, make_product
from tests.functional.test_studio_csv import import_csv
from tests.helpers import artisan, csrf_token, post_form
from tests.variant_helpers import make_variant_product, variant


def add_variant(client, product, variant_id, quantity="1"):
    token = csrf_token(client, f"/produk/{product.slug}")
    return client.post("/keranjang/tambah", data={
        "csrf_token": token, "product_id": product.id, "variant_id": variant_id,
        "quantity": quantity})


def fresh(product):
    db.session.expire_all()
    return db.session.get(Product, product.id)


def test_product_page_lists_every_variant_with_price_and_stock_and_sold_out_ones(app, client):
    product = make_variant_product({"S": (150_000, 0), "M": (150_000, 2), "L": (165_000, 7)},
                                   name="Kemeja Batik Tulis")
    db.session.commit()
    page = client.get(f"/produk/{product.slug}").text
    # every variant is a link that works without JavaScript; the sold-out one is shown
    for label in ("S", "M", "L"):
        vid = variant(product, label).id
        assert f"varian={vid}" in page
    assert 'class="variant-chip out"' in page
    # the first in stock is chosen until the buyer picks; its id goes with the form
    assert f'name="variant_id" value="{variant(product, "M").id}"' in page
    assert re.search(r"Rp\s150\.000 – Rp\s165\.000", page)
    # choosing L shows its price, and the form sends L
    page = client.get(f"/produk/{product.slug}?varian={variant(product, 'L').id}").text
    assert re.search(r'class="price big">\s*Rp\s165\.000', page)
    assert f'name="variant_id" value="{variant(product, "L").id}"' in page
    # choosing the sold-out S says so and offers no add button
    page = client.get(f"/produk/{product.slug}?varian={variant(product, 'S').id}").text
    assert 'name="variant_id"' not in page
    # a nonsense variant falls back to the first in stock, never an error
    assert client.get(f"/produk/{product.slug}?varian=abc").status_code == 200


def test_cart_needs_a_variant_and_keeps_one_line_per_variant(app, client):
    product = make_variant_product()
    other = make_product()  # a variant id of another product
    db.session.commit()
    response = add_variant(client, product, "")
    assert response.status_code == 302
    assert db.session.scalars(select(CartLine)).all() == []
    add_variant(client, product, variant(product, "M").id)
    add_variant(client, product, variant(product, "L").id)
    add_variant(client, product, variant(product, "M").id)
    lines = {line.variant.label: line.quantity for line in db.session.scalars(select(CartLine))}
    assert lines == {"M": 2, "L": 1}
    # asking for more than the variant has is lowered to its stock, with a notice
    response = add_variant(client, product, variant(product, "L").id, quantity="5")
    assert db.session.scalar(select(CartLine.quantity).where(
        CartLine.variant_id == variant(product, "L").id)) == 1
    cart = client.get("/keranjang").text
    assert f"{product.name} (L)" in cart and re.search(r"Rp\s165\.000", cart)
    # another product's variant id is never taken for this product
    assert add_variant(client, other, variant(product, "M").id).status_code == 302
    assert db.session.scalar(select(CartLine.variant_id).where(
        CartLine.product_id == other.id)) is None


def test_an_order_reserves_the_variant_and_copies_its_name_price_and_sku(app, client):
    product = make_variant_product({"100 g": (12_000, 10), "250 g": (27_500, 4)},
                                   option_name="Isi", name="Keripik Tempe Sanan")
    db.session.commit()
    pack = variant(product, "250 g")
    add_variant(client, product, pack.id, quantity="2")
    form = checkout(client)
    client.post("/checkout/pesan", data=form)
    [line] = db.session.scalars(select(OrderLine)).all()
    assert (line.variant_id, line.variant_label, line.sku, line.unit_price) == (
        pack.id, "250 g", pack.sku, 27_500)
    product = fresh(product)
    assert {v.label: v.stock for v in product.variants} == {"100 g": 10, "250 g": 2}
    assert product.stock == 12
    movements = db.session.scalars(select(StockMovement).where(
        StockMovement.reason == "reserve")).all()
    assert [(m.variant_id, m.delta) for m in movements] == [(pack.id, -2)]
    # an unpaid order given up returns the units to the variant and the product
    order = line.sub_order.order
    assert orders.release_stock(order)
    db.session.commit()
    product = fresh(product)
    assert {v.label: v.stock for v in product.variants} == {"100 g": 10, "250 g": 4}
    assert product.stock == 14


def test_sold_out_variant_is_refused_at_checkout_with_its_name(app, client):
    product = make_variant_product({"S": (150_000, 1), "M": (150_000, 5)}, name="Kemeja")
    db.session.commit()
    add_variant(client, product, variant(product, "S").id)
    form = checkout(client)
    # someone else bought the last S meanwhile
    db.session.execute(ProductVariant.__table__.update()
                       .where(ProductVariant.id == variant(product, "S").id).values(stock=0))
    db.session.execute(Product.__table__.update().where(Product.id == product.id)
                       .values(stock=5))
    db.session.commit()
    response = client.post("/checkout/pesan", data=form, follow_redirects=True)
    assert "Kemeja (S)" in response.text
    assert fresh(product).stock == 5


def test_studio_adds_variants_and_the_listing_takes_their_figures(app, client):
    _user, group = artisan(client)
    product = make_product(group=group, stock=6, price=90_000, sku="BTK-1")
    db.session.commit()
    url = f"/studio/{group.slug}/produk/{product.id}/varian"
    data = {"option1": "Ukuran", "rows": "3",
            "v-0-opt1": "M", "v-0-sku": "btk-1-m", "v-0-price": "Rp 150.000",
            "v-0-stock": "4", "v-0-weight": "300",
            "v-1-opt1": "L", "v-1-sku": "BTK-1-L", "v-1-price": "165.000",
            "v-1-stock": "2", "v-1-weight": "320"}
    response = post_form(client, url, data)
    assert response.status_code == 302, response.text
    product = fresh(product)
    assert product.option_names == ["Ukuran"]
    assert [(v.label, v.sku, v.price, v.stock) for v in product.variants] == [
        ("M", "BTK-1-M", 150_000, 4), ("L", "BTK-1-L", 165_000, 2)]
    # the listing's own 6 units gave way to its variants'
    assert (product.price, product.stock, product.weight_grams) == (150_000, 6, 300)
    deltas = db.session.scalars(select(StockMovement.delta).where(
        StockMovement.product_id == product.id, StockMovement.variant_id.is_(None),
        StockMovement.reason == "edit")).all()
    assert deltas == [-6]
    # removing L retires it: gone from the shop and the stock, kept for the history
    large = variant(product, "L")
    medium = variant(product, "M")
    data = {"option1": "Ukuran", "rows": "2",
            "v-0-id": medium.id, "v-0-opt1": "M", "v-0-sku": "BTK-1-M",
            "v-0-price": "150000", "v-0-stock": "4", "v-0-stock_shown": "4", "v-0-weight": "300",
            "v-1-id": large.id, "v-1-remove": "1", "v-1-opt1": "L", "v-1-sku": "BTK-1-L",
            "v-1-price": "165000", "v-1-stock": "2", "v-1-stock_shown": "2",
            "v-1-weight": "320"}
    assert post_form(client, url, data).status_code == 302
    product = fresh(product)
    assert [(v.label, v.active, v.stock) for v in product.variants] == [
        ("M", True, 4), ("L", False, 0)]
    assert product.stock == 4


def test_studio_variant_form_shows_problems_and_keeps_what_was_typed(app, client):
    _user, group = artisan(client)
    product = make_product(group=group, sku="BTK-2")
    db.session.commit()
    url = f"/studio/{group.slug}/produk/{product.id}/varian"
    data = {"option1": "Ukuran", "rows": "2",
            "v-0-opt1": "M", "v-0-sku": "BTK-2-M", "v-0-price": "12,5", "v-0-stock": "4",
            "v-0-weight": "300",
            "v-1-opt1": "m", "v-1-sku": "BTK-2-X", "v-1-price": "100000", "v-1-stock": "1",
            "v-1-weight": "300"}
    response = post_form(client, url, data)
    assert response.status_code == 200
    assert "BTK-2-X" in response.text and 'value="12,5"' in response.text
    assert fresh(product).variants == []
    # "More rows" keeps every typed value and saves nothing
    response = post_form(client, url, {**data, "more": "1"})
    assert response.status_code == 200 and 'value="12,5"' in response.text
    assert response.text.count('name="v-') > 2 * 9


def test_studio_variant_form_refuses_a_stock_that_orders_changed(app, client):
    _user, group = artisan(client)
    product = make_variant_product(group=group, sku="BTK-3")
    db.session.commit()
    medium = variant(product, "M")
    url = f"/studio/{group.slug}/produk/{product.id}/varian"
    rows = [(v, v.stock) for v in product.variants]
    data = {"option1": "Ukuran", "rows": str(len(rows))}
    for n, (v, stock) in enumerate(rows):
        data.update({f"v-{n}-id": v.id, f"v-{n}-opt1": v.option1, f"v-{n}-sku": v.sku,
                     f"v-{n}-price": v.price, f"v-{n}-stock": stock,
                     f"v-{n}-stock_shown": stock, f"v-{n}-weight": v.weight_grams})
    data[f"v-{[v for v, _s in rows].index(medium)}-stock"] = "9"
    # an order takes one M while the form is open
    db.session.execute(ProductVariant.__table__.update()
                       .where(ProductVariant.id == medium.id).values(stock=1))
    db.session.commit()
    response = post_form(client, url, data)
    assert response.status_code == 200
    assert variant(fresh(product), "M").stock == 1


def test_csv_round_trip_carries_variants(app, client):
    _user, group = artisan(client)
    category = make_category(slug="batik")
    product = make_variant_product(group=group, category=category, sku="BTK-9",
                                   name="Kemeja Batik")
    db.session.commit()
    csv_text = client.get(f"/studio/{group.slug}/produk/ekspor.csv").get_data(as_text=True)
    assert "BTK-9-L,,,165000,1,1,300,,,,BTK-9,Ukuran: L" in csv_text
    # the artisan raises L's stock, adds XL, and imports the file back
    lines = csv_text.lstrip("\ufeff").splitlines()
    lines = [line.replace("BTK-9-L,,,165000,1,1,", "BTK-9-L,,,165000,5,1,") for line in lines]
    lines.append("BTK-9-XL,,,175000,3,,330,,,,BTK-9,Ukuran: XL")
    response = import_csv(client, group, "\n".join(lines))
    assert response.status_code in (200, 302), response.text
    product = fresh(product)
    assert {v.label: (v.price, v.stock) for v in product.variants if v.active} == {
        "S": (150_000, 3), "M": (150_000, 2), "L": (165_000, 5), "XL": (175_000, 3)}
    assert product.stock == 13


def test_csv_import_refuses_bad_variant_rows_with_reasons(app, client):
    _user, group = artisan(client)
    make_category(slug="batik")
    make_variant_product(group=group, sku="BTK-8")
    db.session.commit()
    header = ("sku,name,category,price,stock,weight_grams,materials,description,status,"
              "variant_of,options\n")
    body = ("BTK-8-XL,,,175000,3,330,,,,NOPE,Ukuran: XL\n"
            "BTK-8-XS,,,175000,3,330,,,,BTK-8,Warna: Biru\n"
            "BTK-8-ZZ,,,175000,3,330,,,,BTK-8,Ukuran\n")
    page = import_csv(client, group, header + body, check_only="y").text
    assert "NOPE" in page and "Ukuran" in page
    assert "options" in page


def test_search_finds_a_variants_options_and_sorts_by_its_lowest_price(app, tmp_path):
    from marketplace.search import api
    from marketplace.search.api import SearchRequest
    from marketplace.search.sync import rebuild_index

    app.config["SEARCH_DIR"] = str(tmp_path / "search")
    shirt = make_variant_product({"Sogan": (380_000, 2), "Parang": (240_000, 1)},
                                 option_name="Motif", name="Kemeja Batik Tulis")
    plain = make_product(name="Kemeja Lurik", price=300_000)
    db.session.commit()
    rebuild_index()
    hits = api.search(SearchRequest(q="parang")).hits
    assert [hit.id for hit in hits] == [shirt.id]
    # price sorting and price filters see the lowest variant price ("from Rp 240.000")
    cheapest = api.search(SearchRequest(q="kemeja", sort="price_asc")).hits
    assert [hit.id for hit in cheapest] == [shirt.id, plain.id]
    assert cheapest[0].price == 240_000


def test_orders_check_follows_variant_stock_and_finds_a_change_behind_the_apps_back(
        app, client):
    from marketplace.consistency.report import run_check

    product = make_variant_product({"100 g": (12_000, 10), "250 g": (27_500, 4)},
                                   option_name="Isi")
    db.session.commit()
    add_variant(client, product, variant(product, "250 g").id, quantity="2")
    client.post("/checkout/pesan", data=checkout(client))
    assert [f for f in run_check(db.engine).findings if f.kind == "variant_stock"] == []
    # someone edits a variant's stock in the database directly
    db.session.execute(ProductVariant.__table__.update()
                       .where(ProductVariant.id == variant(product, "100 g").id)
                       .values(stock=11))
    db.session.commit()
    found = [f for f in run_check(db.engine).findings if f.kind == "variant_stock"]
    assert len(found) == 2  # its own history, and its listing's sum
    assert all(f.product == product.sku for f in found)


def test_units_given_back_to_a_removed_variant_leave_the_shop(app, client):
    from marketplace.catalog import variants as catalog_variants
    from marketplace.consistency.report import run_check

    product = make_variant_product({"M": (150_000, 3), "L": (165_000, 2)})
    db.session.commit()
    add_variant(client, product, variant(product, "L").id)
    client.post("/checkout/pesan", data=checkout(client))
    [line] = db.session.scalars(select(OrderLine)).all()
    # the artisan takes L off the listing while the order waits for payment
    medium = variant(product, "M")
    catalog_variants.save_variants(product, ["Ukuran"], [catalog_variants.VariantRow(
        values=("M",), sku=medium.sku, price=medium.price, stock=3, weight_grams=300,
        id=medium.id, stock_shown=3)])
    db.session.commit()
    # the order is never paid: its unit of L comes back, and leaves the shop at once
    from marketplace.orders.status import OrderStatus
    assert orders.close_unpaid(line.sub_order.order, OrderStatus.EXPIRED)
    db.session.commit()
    product = fresh(product)
    assert {v.label: (v.active, v.stock) for v in product.variants} == {
        "M": (True, 3), "L": (False, 0)}
    assert product.stock == 3
    assert [f for f in run_check(db.engine).findings if f.kind.startswith(("variant", "stock"))
            ] == []


def test_duplicating_a_listing_copies_its_variants_with_new_skus(app, client):
    _user, group = artisan(client)
    product = make_variant_product(group=group, sku="BTK-5")
    db.session.commit()
    response = post_form(client, f"/studio/{group.slug}/produk/{product.id}/salin", {},
                         form_url=f"/studio/{group.slug}/produk/{product.id}")
    assert response.status_code == 302
    copy = db.session.scalar(select(Product).where(Product.sku == "BTK-5-COPY"))
    assert [(v.label, v.sku, v.stock) for v in copy.variants] == [
        ("S", "BTK-5-S-COPY", 3), ("M", "BTK-5-M-COPY", 2), ("L", "BTK-5-L-COPY", 1)]
    assert copy.stock == 6 and copy.option_names == ["Ukuran"]
