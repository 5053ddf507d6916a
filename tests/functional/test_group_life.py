"""The whole life of a producer group, through the real forms of the studio and the admin."""

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalog.models import ProducerGroup, Product
from marketplace.kernel.extensions import db
from tests.factories import make_category, make_sentra
from tests.helpers import post_form, signed_in


def test_group_life_apply_approve_list_suspend(app):
    sentra = make_sentra(name="Sentra Keramik Dinoyo")
    category = make_category(name="Keramik")
    db.session.commit()
    artisan, admin = app.test_client(), app.test_client()
    signed_in(artisan, Role.BUYER, email="wulan@contoh.id")
    signed_in(admin, Role.ADMIN)

    # the artisan applies to open a group shop
    response = post_form(artisan, "/studio/daftar-kelompok", {
        "sentra_id": sentra.id, "name": "Kelompok Gerabah Wulan", "village": "Dinoyo",
        "story": "Kami membuat gerabah sejak 1990.", "whatsapp": "0812 3456 7890",
        "shipping_origin": "Kota Malang, Jawa Timur", "bank_name": "BRI",
        "bank_account_number": "0012 0100 1234", "bank_account_holder": "Wulan Sari",
    })
    assert response.status_code == 302
    group = db.session.scalar(select(ProducerGroup).where(ProducerGroup.name ==
                                                          "Kelompok Gerabah Wulan"))
    assert group.status == "pending"
    assert artisan.get(f"/toko/{group.slug}").status_code == 404  # not in the shop yet

    # while pending, the artisan prepares a listing and publishes it
    studio = f"/studio/{group.slug}"
    response = post_form(artisan, f"{studio}/produk/baru", {
        "name": "Kendi Gerabah Ukir", "sku": "KND-01", "category_id": category.id,
        "price": "Rp 85.000", "stock": "12", "weight_grams": "1500",
        "materials": "Tanah liat merah", "description": "Kendi air minum, dibakar 900°C.",
        "publish": "1",
    })
    assert response.status_code == 302, response.text
    product = db.session.scalar(select(Product).where(Product.group_id == group.id))
    assert product.price == 85_000
    assert artisan.get(f"/produk/{product.slug}").status_code == 404  # group not approved

    # the association approves the group: its shop and product appear
    detail = f"/admin/kelompok/{group.id}"
    assert post_form(admin, f"{detail}/setujui", {}, form_url=detail).status_code == 302
    shop = app.test_client()
    assert "Kendi Gerabah Ukir" in shop.get(f"/toko/{group.slug}").text
    assert "Kendi Gerabah Ukir" in shop.get("/produk").text
    assert "Rp\xa085.000" in shop.get(f"/produk/{product.slug}").text

    # the association suspends it: gone from the shop at once, history kept
    response = post_form(admin, f"{detail}/tangguhkan",
                         {"reason": "Foto produk tidak sesuai barang."}, form_url=detail)
    assert response.status_code == 302
    assert shop.get(f"/produk/{product.slug}").status_code == 404
    assert shop.get(f"/toko/{group.slug}").status_code == 404
    assert "Kendi Gerabah Ukir" not in shop.get("/produk").text
    assert "Foto produk tidak sesuai barang." in artisan.get(studio).text  # told why
    db.session.expire_all()
    assert db.session.get(Product, product.id) is not None


def test_group_application_with_bad_input_keeps_what_was_typed(app, client):
    sentra = make_sentra()
    db.session.commit()
    signed_in(client)
    response = post_form(client, "/studio/daftar-kelompok", {
        "sentra_id": sentra.id, "name": "Kelompok Anyaman Pandan", "village": "",
        "story": "Anyaman pandan dari Asrikaton.", "whatsapp": "12ab",
        "shipping_origin": "Kab. Malang", "bank_name": "BRI",
        "bank_account_number": "12", "bank_account_holder": "Siti",
    })
    assert response.status_code == 200
    page = response.text
    assert 'value="Kelompok Anyaman Pandan"' in page and "Anyaman pandan dari Asrikaton." in page
    assert "Masukkan desa/kelurahan kelompok." in page
    assert "nomor telepon Indonesia" in page
    assert "6 sampai 20 angka" in page
    assert db.session.scalar(select(ProducerGroup.id)) is None
