"""Studio CSV: export the group's listings, import all rows or none, with a report per row."""

import io
from uuid import uuid4

from sqlalchemy import select

from marketplace.catalog.models import Product
from marketplace.catalog.status import ProductStatus
from marketplace.kernel.extensions import db
from tests.factories import make_category, make_product
from tests.helpers import artisan, csrf_token

HEADER = "sku,name,category,price,stock,weight_grams,materials,description,status\n"
# The export also writes the stock it exported, beside `stock` (checked on import).
EXPORT_HEADER = ("sku,name,category,price,stock,stock_exported,weight_grams,materials,"
                 "description,status\n")


def import_csv(client, group, content: bytes | str, filename="produk.csv", **fields):
    url = f"/studio/{group.slug}/produk/impor"
    if isinstance(content, str):
        content = content.encode()
    data = {"csrf_token": csrf_token(client, url), "file": (io.BytesIO(content), filename),
            **fields}
    return client.post(url, data=data, content_type="multipart/form-data")


def listings(group) -> dict[str, Product]:
    db.session.expire_all()
    return {p.sku: p for p in db.session.scalars(select(Product).where(
        Product.group_id == group.id))}


def test_export_has_the_groups_listings_as_safe_csv(app, client):
    _user, group = artisan(client)
    category = make_category(slug="keramik")
    make_product(group=group, category=category, sku="KRM-1", name="=HYPERLINK(\"x\")",
                 price=125_000, stock=4, weight_grams=800, materials="Tanah liat",
                 description="Vas; tinggi 30 cm, \"asli\"")
    make_product(group=group, category=category, sku="KRM-2", name="Cangkir",
                 status=ProductStatus.DRAFT)
    make_product(category=category, sku="LAIN-1", name="Milik kelompok lain")
    db.session.commit()
    with client.get(f"/studio/{group.slug}/produk/ekspor.csv") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        disposition = response.headers["Content-Disposition"]
        body = response.get_data().decode("utf-8")
    assert disposition.startswith("attachment;") and ".csv" in disposition
    assert body.startswith("\ufeff" + EXPORT_HEADER.strip())
    lines = body.lstrip("\ufeff").splitlines()
    assert len(lines) == 3
    assert lines[1] == ('KRM-1,"\'=HYPERLINK(""x"")",keramik,125000,4,4,800,Tanah liat,'
                        '"Vas; tinggi 30 cm, ""asli""",active,,')
    assert lines[2].startswith("KRM-2,Cangkir,keramik,") and lines[2].endswith(",draft,,")
    assert "LAIN-1" not in body


def test_export_imports_back_unchanged(app, client):
    _user, group = artisan(client)
    category = make_category(slug="batik")
    make_product(group=group, category=category, sku="BTK-1", name="-Kain Panjang",
                 price=350_000, description="Baris satu\nBaris dua")
    db.session.commit()
    with client.get(f"/studio/{group.slug}/produk/ekspor.csv") as response:
        exported = response.get_data()
    response = import_csv(client, group, exported)
    assert "All 1 row was saved." in response.text
    product = listings(group)["BTK-1"]
    assert (product.name, product.price) == ("-Kain Panjang", 350_000)
    assert product.description == "Baris satu\nBaris dua"


def test_good_file_creates_and_updates_by_sku(app, client):
    # given one existing listing and a semicolon file with a BOM, as Excel writes it
    _user, group = artisan(client)
    category = make_category(slug="keramik")
    make_product(group=group, category=category, sku="KRM-1", name="Vas Lama", price=10_000)
    db.session.commit()
    content = ("\ufeffsku;name;category;price;stock;weight_grams;status\n"
               "krm-1;Vas Baru;keramik;Rp 125.000;5;900;active\n"
               "KRM-2;Cangkir Glasir;keramik;45000;12;300;\n")
    # when it is imported
    response = import_csv(client, group, content.encode("utf-8"))
    # then both rows are applied and reported
    page = response.text
    assert "All 2 rows were saved." in page
    assert "Updated" in page and "Created" in page
    products = listings(group)
    assert (products["KRM-1"].name, products["KRM-1"].price) == ("Vas Baru", 125_000)
    assert products["KRM-1"].status == ProductStatus.ACTIVE
    assert products["KRM-2"].status == ProductStatus.DRAFT
    assert products["KRM-2"].weight_grams == 300
    assert client.get(f"/produk/{products['KRM-1'].slug}").status_code == 200


def test_bad_rows_apply_nothing_and_say_why(app, client):
    _user, group = artisan(client)
    make_category(slug="keramik")
    existing = make_product(group=group, sku="KRM-1", name="Vas", price=10_000)
    db.session.commit()
    content = HEADER + (
        "KRM-1,Vas Diubah,keramik,20000,1,100,,,\n"  # fine on its own
        "KRM-3,Piring,tidak-ada,-5000,1,100,,,\n"
        "KRM-4,Mangkuk,keramik,12.5,1,100,,,terjual\n"
        "KRM-3,Piring Lagi,keramik,1000,1,100,,,\n"
        ",Tanpa SKU,keramik,1000,1,0,,,\n"
    )
    response = import_csv(client, group, content)
    page = response.text
    assert "4 rows were refused, so nothing was saved." in page
    assert "Would be updated" in page  # the good row, not applied
    assert "Unknown category tidak-ada" in page
    assert "price cannot be negative." in page
    assert "price: enter a whole number, without decimals." in page
    assert "Unknown status terjual" in page
    assert "SKU KRM-3 is also on row 3" in page
    assert "sku is required." in page
    assert "weight_grams must be at least 1." in page
    products = listings(group)
    assert set(products) == {"KRM-1"}
    assert products["KRM-1"].name == existing.name == "Vas"


def test_a_file_with_one_bad_row_among_good_ones_applies_nothing(app, client):
    _user, group = artisan(client)
    make_category(slug="keramik")
    db.session.commit()
    rows = [f"KRM-{n},Produk {n},keramik,1000,1,100,,,active" for n in range(1, 6)]
    rows.insert(3, "KRM-9,Produk 2,keramik,1000,1,100,,,")  # a name already in the file
    response = import_csv(client, group, HEADER + "\n".join(rows) + "\n")
    assert "Another product of your group is also called Produk 2." in response.text
    assert "Would be created" in response.text
    assert listings(group) == {}


def test_updating_by_sku_never_touches_another_groups_product(app, client):
    _user, group = artisan(client)
    category = make_category(slug="keramik")
    theirs = make_product(category=category, sku="SAMA-1", name="Milik Mereka", price=5_000)
    db.session.commit()
    import_csv(client, group, HEADER + "SAMA-1,Milik Kami,keramik,7000,1,100,,,\n")
    db.session.expire_all()
    assert db.session.get(Product, theirs.id).name == "Milik Mereka"
    assert listings(group)["SAMA-1"].name == "Milik Kami"


def test_check_only_saves_nothing(app, client):
    _user, group = artisan(client)
    make_category(slug="keramik")
    db.session.commit()
    response = import_csv(client, group, HEADER + "KRM-1,Vas,keramik,1000,1,100,,,\n",
                          check_only="y")
    assert "The file is fine: 1 row can be saved. Nothing was saved yet" in response.text
    assert listings(group) == {}


def test_wrong_files_are_refused_with_a_message(app, client):
    _user, group = artisan(client)
    make_category(slug="keramik")
    db.session.commit()
    cases = [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV text file."),
        (b"PK\x03\x04 workbook", "spreadsheet workbook, not a CSV file"),
        ((HEADER + "KRM-1,Kerajinan Bambu Tradisional é,keramik,1,1,1,,,\n")
         .encode("utf-8").replace(b"\xc3\xa9", b"\xe9"), "The file is not UTF-8 text."),
        (b"nama,harga\nVas,1000\n", "missing: sku, name, category, price, stock, weight_grams"),
        (HEADER.encode(), "The file has no product rows under its header."),
        (b"", "The file is empty."),
        (HEADER.encode() + b"A,B,keramik,1,1,1,,,\n" * 2001, "import at most 2,000 at a time"),
    ]
    for content, message in cases:
        response = import_csv(client, group, content)
        assert response.status_code == 200
        assert message in response.text, message
    url = f"/studio/{group.slug}/produk/impor"
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert "Choose a CSV file." in response.text
    assert listings(group) == {}


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


def test_import_refuses_a_stock_that_orders_changed_since_the_export(app, client):
    # given an export of two listings, then an order of 1 of the first
    _user, group = artisan(client)
    category = make_category(slug="keramik")
    vase = make_product(group=group, category=category, sku="KRM-1", name="Vas", stock=4)
    make_product(group=group, category=category, sku="KRM-2", name="Cangkir", stock=6)
    db.session.commit()
    with client.get(f"/studio/{group.slug}/produk/ekspor.csv") as response:
        exported = response.get_data().decode("utf-8")
    assert "KRM-1,Vas,keramik,50000,4,4," in exported
    reserve(app, vase, 1)
    # when the artisan imports the file with a new stock for the vase and a new name
    edited = (exported.replace("KRM-1,Vas,keramik,50000,4,4,", "KRM-1,Vas,keramik,50000,10,4,")
              .replace("KRM-2,Cangkir,", "KRM-2,Cangkir Biru,"))
    page = import_csv(client, group, edited).text
    # then the row is refused with today's figure and nothing at all is saved
    assert "1 row was refused, so nothing was saved." in page
    assert "Stock changed since the export: it is now 3 (orders came in)." in page
    products = listings(group)
    assert (products["KRM-1"].stock, products["KRM-2"].name) == (3, "Cangkir")
    # when the unchanged export is imported, its untouched stock figure leaves the stock alone
    assert "All 2 rows were saved." in import_csv(client, group, exported).text
    assert listings(group)["KRM-1"].stock == 3
    # and a file giving today's figure is saved
    fixed = edited.replace("KRM-1,Vas,keramik,50000,10,4,", "KRM-1,Vas,keramik,50000,3,4,")
    assert "All 2 rows were saved." in import_csv(client, group, fixed).text
    products = listings(group)
    assert (products["KRM-1"].stock, products["KRM-2"].name) == (3, "Cangkir Biru")


def test_import_without_the_stock_exported_column_sets_stock_as_written(app, client):
    _user, group = artisan(client)
    category = make_category(slug="keramik")
    vase = make_product(group=group, category=category, sku="KRM-1", name="Vas", stock=4)
    db.session.commit()
    reserve(app, vase, 1)
    page = import_csv(client, group, HEADER + "KRM-1,Vas,keramik,50000,10,500,,,\n").text
    assert "All 1 row was saved." in page
    assert listings(group)["KRM-1"].stock == 10


def test_import_page_explains_the_stock_exported_column(app, client):
    _user, group = artisan(client)
    page = client.get(f"/studio/{group.slug}/produk/impor").text
    assert "stock_exported" in page
    assert "A file without this column sets the stock exactly as written." in page
