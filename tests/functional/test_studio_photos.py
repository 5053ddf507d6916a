"""Studio photos: only real pictures are kept, re-encoded without metadata, in the artisan's
order."""

import io
from functools import cache
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from marketplace.catalog.models import Product
from marketplace.kernel.extensions import db
from tests.factories import make_category, make_product
from tests.helpers import artisan, csrf_token
from tests.studio_helpers import jpeg, photos_of, upload

PAYLOAD = b"<?php system($_GET['c']); ?>"


@cache
def huge_png() -> bytes:
    """8000 × 6000 pixels (over the 40 megapixel limit) in a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")
    return out.getvalue()


def gps_jpeg_with_payload() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "KameraSaku"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (7.0, 56.0, 30.0)
    gps[3] = "E"
    gps[4] = (112.0, 36.0, 10.0)
    return jpeg("green", exif=exif) + PAYLOAD


def stored_files(app, key) -> list[Path]:
    base = Path(app.config["MEDIA_DIR"]) / key
    return [base.with_name(base.name + ".jpg"), base.with_name(base.name + "-thumb.jpg")]


def test_new_listing_with_several_photos_keeps_them_in_order(app, client):
    _user, group = artisan(client)
    category = make_category()
    db.session.commit()
    url = f"/studio/{group.slug}/produk/baru"
    response = upload(client, url, [("a.jpg", jpeg("red")), ("b.png", jpeg("blue"))], url,
                      name="Piring Motif", sku="PM-1", category_id=str(category.id),
                      price="60000", stock="3", weight_grams="700")
    assert response.status_code == 302
    product = db.session.scalar(select(Product).where(Product.group_id == group.id))
    pictures = photos_of(product.id)
    assert [p.position for p in pictures] == [0, 1]
    for picture in pictures:
        for path in stored_files(app, picture.key):
            assert path.exists()
    # the first one (red) is the cover
    with Image.open(stored_files(app, pictures[0].key)[0]) as cover:
        red, green, blue = cover.getpixel((10, 10))
        assert red > 200 and blue < 60


def test_a_text_file_named_jpg_is_refused_with_a_message(app, client):
    _user, group = artisan(client)
    product = make_product(group=group)
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    response = upload(client, f"{edit}/foto", [("vas.jpg", b"this is not a picture\n" * 50)],
                      edit)
    assert response.status_code == 200
    assert "vas.jpg: This file is not a picture we can read" in response.text
    assert photos_of(product.id) == []
    assert not list((Path(app.config["MEDIA_DIR"])).glob("products/*"))
    # and sending no file at all says what to do
    assert "Choose one or more photos." in upload(client, f"{edit}/foto", [], edit).text


def test_a_picture_over_the_pixel_limit_is_refused(app, client):
    _user, group = artisan(client)
    product = make_product(group=group)
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    # one good photo and one huge one: neither is kept
    response = upload(client, f"{edit}/foto",
                      [("ok.jpg", jpeg()), ("huge.png", huge_png())], edit)
    assert "huge.png: The picture has too many pixels" in response.text
    assert photos_of(product.id) == []
    assert not list((Path(app.config["MEDIA_DIR"])).glob("products/*"))


def test_exif_gps_and_trailing_payload_are_stripped(app, client):
    # given a JPEG with GPS coordinates and a script appended after its end
    original = gps_jpeg_with_payload()
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(0x8825)  # the test image really has GPS
    _user, group = artisan(client)
    product = make_product(group=group)
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    # when it is uploaded
    assert upload(client, f"{edit}/foto", [("lokasi.jpg", original)], edit).status_code == 302
    # then both stored files are clean JPEGs: no EXIF, no GPS, nothing after the image
    [picture] = photos_of(product.id)
    for path in stored_files(app, picture.key):
        data = path.read_bytes()
        assert PAYLOAD not in data and b"KameraSaku" not in data
        assert data.endswith(b"\xff\xd9")
        with Image.open(path) as stored:
            assert stored.format == "JPEG"
            assert "exif" not in stored.info
            assert not stored.getexif()


def test_photos_are_reordered_and_removed(app, client):
    _user, group = artisan(client)
    product = make_product(group=group)
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    files = [(f"{c}.jpg", jpeg(c)) for c in ("red", "green", "blue")]
    assert upload(client, f"{edit}/foto", files, edit).status_code == 302
    red, green, blue = [p.id for p in photos_of(product.id)]
    token = csrf_token(client, edit)

    def move(photo_id, direction):
        response = client.post(f"{edit}/foto/{photo_id}/pindah",
                               data={"csrf_token": token, "direction": direction})
        assert response.status_code == 302
        return [p.id for p in photos_of(product.id)]

    assert move(blue, "up") == [red, blue, green]
    assert move(red, "down") == [blue, red, green]
    assert move(green, "first") == [green, blue, red]
    assert move(green, "up") == [green, blue, red]  # already first: stays
    assert [p.position for p in photos_of(product.id)] == [0, 1, 2]
    assert client.post(f"{edit}/foto/{blue}/pindah",
                       data={"csrf_token": token, "direction": "sideways"}).status_code == 400

    removed = next(p for p in photos_of(product.id) if p.id == blue)
    files_of_removed = stored_files(app, removed.key)
    response = client.post(f"{edit}/foto/{blue}/hapus", data={"csrf_token": token})
    assert response.status_code == 302
    remaining = photos_of(product.id)
    assert [(p.id, p.position) for p in remaining] == [(green, 0), (red, 1)]
    assert not any(path.exists() for path in files_of_removed)
    # the shop shows the new cover first
    page = client.get(f"/produk/{product.slug}").text
    assert page.index(remaining[0].key) < page.index(remaining[1].key)


def test_at_most_eight_photos_per_listing(app, client):
    _user, group = artisan(client)
    product = make_product(group=group)
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    small = jpeg(size=(200, 200))
    assert upload(client, f"{edit}/foto", [(f"{n}.jpg", small) for n in range(6)],
                  edit).status_code == 302
    response = upload(client, f"{edit}/foto", [(f"{n}.jpg", small) for n in range(3)], edit)
    assert "at most 8 photos; you can add 2 more" in response.text
    assert len(photos_of(product.id)) == 6


def test_duplicating_a_listing_copies_its_photos(app, client):
    _user, group = artisan(client)
    product = make_product(group=group, sku="GUCI-1")
    db.session.commit()
    edit = f"/studio/{group.slug}/produk/{product.id}"
    upload(client, f"{edit}/foto", [("a.jpg", jpeg()), ("b.jpg", jpeg("blue"))], edit)
    response = client.post(f"{edit}/salin", data={"csrf_token": csrf_token(client, edit)})
    assert response.status_code == 302
    copy = db.session.scalar(select(Product).where(Product.sku == "GUCI-1-COPY"))
    originals, copies = photos_of(product.id), photos_of(copy.id)
    assert len(copies) == 2
    assert {p.key for p in originals}.isdisjoint(p.key for p in copies)
    for picture in copies:
        assert all(path.exists() for path in stored_files(app, picture.key))
