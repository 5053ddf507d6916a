"""Every page of the demo shop renders, in both languages, and hides what must stay hidden."""

import pytest
from sqlalchemy import func, select

from marketplace.catalog.models import Category, ProducerGroup, Product, Sentra
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.kernel.extensions import db


def _urls() -> list[str]:
    urls = ["/", "/sentra", "/produk", "/produk?page=2", "/produk?sort=price_desc&page=3"]
    urls += [f"/sentra/{slug}" for slug in db.session.scalars(select(Sentra.slug))]
    urls += [f"/kategori/{slug}" for slug in db.session.scalars(select(Category.slug))]
    urls += [
        f"/toko/{slug}"
        for slug in db.session.scalars(
            select(ProducerGroup.slug).where(ProducerGroup.status == GroupStatus.APPROVED)
        )
    ]
    urls += [
        f"/produk/{slug}"
        for slug in db.session.scalars(
            select(Product.slug)
            .join(Product.group)
            .where(Product.status == ProductStatus.ACTIVE,
                   ProducerGroup.status == GroupStatus.APPROVED)
        )
    ]
    return urls


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_demo_page_renders(demo_client, language):
    demo_client.set_cookie("lang", language)
    urls = _urls()
    assert len(urls) > 140
    for url in urls:
        response = demo_client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.text, url


def test_demo_has_five_sentra_and_about_120_products(demo_app):
    assert db.session.scalar(select(func.count(Sentra.id))) == 5
    per_sentra = db.session.execute(
        select(ProducerGroup.sentra_id, func.count(ProducerGroup.id))
        .where(ProducerGroup.status == GroupStatus.APPROVED)
        .group_by(ProducerGroup.sentra_id)
    ).all()
    assert all(3 <= count <= 6 for _, count in per_sentra)
    visible = db.session.scalar(
        select(func.count(Product.id)).join(Product.group).where(
            Product.status == ProductStatus.ACTIVE, ProducerGroup.status == GroupStatus.APPROVED
        )
    )
    assert 110 <= visible <= 130


def test_demo_product_pictures_are_served(demo_client):
    page = demo_client.get("/").text
    start = page.index("/media/products/")
    url = page[start:page.index('"', start)]
    with demo_client.get(url) as response:
        assert response.status_code == 200
        assert response.mimetype == "image/jpeg"
        assert response.get_data()[:2] == b"\xff\xd8"  # a JPEG
        assert "max-age" in response.headers["Cache-Control"]


def test_demo_hidden_listings_are_404(demo_client):
    assert demo_client.get("/toko/gerabah-tanah-merah").status_code == 404
    for slug in ["pot-draf-belum-terbit", "pot-lama-diarsipkan", "gerabah-tanah-merah-kendi"]:
        assert demo_client.get(f"/produk/{slug}").status_code == 404, slug


def test_browse_page_speaks_indonesian_by_default(demo_client):
    demo_client.delete_cookie("lang")
    page = demo_client.get("/produk").text
    assert "Urutkan" in page and "Menampilkan 1–24 dari" in page
