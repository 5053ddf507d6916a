"""A picture the server cannot write (a full disk, a folder it cannot write to) gives a clear
message in the page's own language and look, keeps the form, and leaves no file behind and
nothing changed: photo batches, new listings, copies, shop covers and sentra covers."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.models import ProducerGroup, Product, Sentra
from marketplace.kernel.extensions import db
from marketplace.studio import photos
from tests.factories import make_category, make_product, make_sentra
from tests.helpers import artisan, post_form, sign_in
from tests.studio_helpers import banked_group, jpeg, photos_of, profile, upload

FULL = "storage is full or cannot be written to. Nothing was saved."
FULL_ID = "penyimpanan toko penuh atau tidak dapat ditulisi. Tidak ada yang disimpan."


@pytest.fixture(params=["sqlite"])  # files, not the database, are what fail here
def backend(request):
    return request.param


def files_under(app) -> list[Path]:
    """Every file in the media folder, hidden temporary ones included."""
    return [p for p in Path(app.config["MEDIA_DIR"]).rglob("*") if p.is_file()]


@pytest.fixture
def disk_full_at_write(monkeypatch):
    """From the n-th picture file on, the write fails half-way, as on a full disk."""
    real_save = Image.Image.save

    def arm(n: int) -> None:
        calls = []

        def save(self, fp, *args, **kwargs):
            calls.append(fp)
            if len(calls) >= n and isinstance(fp, Path):
                fp.write_bytes(b"\xff\xd8 half a picture")
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_save(self, fp, *args, **kwargs)

        monkeypatch.setattr(Image.Image, "save", save)

    return arm


def test_a_batch_failing_on_its_second_photo_keeps_nothing(app, client, disk_full_at_write):
    # given a listing, and a disk that fills up on the second photo's first file
    _user, group = artisan(client)
    product = make_product(group=group)
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    pictures = [("a.jpg", jpeg("red")), ("b.jpg", jpeg("blue"))]
    disk_full_at_write(3)  # a.jpg display, a.jpg thumbnail, then b.jpg display fails
    # when both are uploaded
    response = upload(client, f"{edit}/foto", pictures, edit)
    # then the edit page says so, the listing has no photo and no file is left
    assert response.status_code == 200
    assert FULL in response.text and '<section id="photos">' in response.text
    assert photos_of(product.id) == []
    assert files_under(app) == []


def test_a_new_listing_whose_photos_cannot_be_stored_keeps_the_form(app, client,
                                                                  disk_full_at_write):
    _user, group = artisan(client)
    category = make_category()
    db.session.commit()
    url = f"/studio/{group.slug}/produk/baru"
    pictures = [("a.jpg", jpeg("red")), ("b.jpg", jpeg("blue"))]
    disk_full_at_write(2)  # the first photo's thumbnail
    response = upload(client, url, pictures, url, name="Piring Motif Kawung", sku="PM-7",
                      category_id=str(category.id), price="60000", stock="3",
                      weight_grams="700")
    assert response.status_code == 200
    assert FULL in response.text
    assert 'value="Piring Motif Kawung"' in response.text and 'value="PM-7"' in response.text
    assert db.session.scalar(select(func.count(Product.id))) == 0
    assert files_under(app) == []


def test_a_copy_whose_photos_cannot_be_copied_is_not_made(app, client, monkeypatch):
    # given a listing with a stored photo
    _user, group = artisan(client)
    product = make_product(group=group)
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    assert upload(client, f"{edit}/foto", [("a.jpg", jpeg("red"))], edit).status_code == 302
    before = files_under(app)
    copies = []

    def copyfile(source, target):  # the thumbnail's copy finds the disk full
        copies.append(target)
        if len(copies) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        Path(target).write_bytes(Path(source).read_bytes())

    monkeypatch.setattr(photos.shutil, "copyfile", copyfile)
    # when it is duplicated
    response = post_form(client, f"{edit}/salin", {}, form_url=edit, follow_redirects=True)
    # then no copy is made, the page says why, and no copied file is left
    assert response.status_code == 200 and FULL in response.text
    assert db.session.scalar(select(func.count(Product.id))) == 1
    assert sorted(files_under(app)) == sorted(before)


def test_a_shop_cover_into_an_unwritable_folder_says_so_in_indonesian(app, client):
    # given a media folder where the covers cannot be written (a file stands in the way)
    _user, group = artisan(client, banked_group())
    client.set_cookie("lang", "id")
    media = Path(app.config["MEDIA_DIR"])
    media.mkdir(parents=True, exist_ok=True)
    (media / "covers").write_bytes(b"")
    url = f"/studio/{group.slug}/profil"
    cover = io.BytesIO()
    Image.new("RGB", (1200, 600), "green").save(cover, "JPEG")
    cover.seek(0)
    # when the profile is saved with a new cover
    response = post_form(client, url, profile(village="Celuk", cover=(cover, "sampul.jpg")))
    # then the page says, in Indonesian, that nothing was saved, and nothing was
    assert response.status_code == 200
    assert FULL_ID in response.text and 'value="Celuk"' in response.text
    db.session.expire_all()
    saved = db.session.get(ProducerGroup, group.id)
    assert (saved.cover_key, saved.village) == (None, "Dinoyo")
    assert files_under(app) == [media / "covers"]


def test_a_sentra_cover_that_cannot_be_stored_keeps_the_form(app, client, disk_full_at_write):
    sign_in(client, Role.ADMIN)
    sentra = make_sentra(name="Sentra Lama")
    db.session.commit()
    url = f"/admin/sentra/{sentra.id}"
    cover = io.BytesIO()
    Image.new("RGB", (1200, 600), "green").save(cover, "PNG")
    cover.seek(0)
    disk_full_at_write(1)
    response = post_form(client, url, {
        "name": "Sentra IKM Perak Celuk", "slug": sentra.slug, "craft": "Perak",
        "province": "Bali", "regency": "Kab. Gianyar", "district": "Sukawati",
        "village": "Celuk", "story": "", "established_year": "1976",
        "cover": (cover, "celuk.png")})
    assert response.status_code == 200
    assert FULL in response.text and 'value="Sentra IKM Perak Celuk"' in response.text
    db.session.expire_all()
    saved = db.session.get(Sentra, sentra.id)
    assert (saved.name, saved.cover_key) == ("Sentra Lama", None)
    assert files_under(app) == []
