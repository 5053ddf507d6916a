"""Studio test helpers shared by the photo, profile and storage-error tests."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from marketplace.catalog.models import ProducerGroup, ProductImage
from marketplace.kernel.extensions import db
from tests.factories import make_group
from tests.helpers import csrf_token


def jpeg(color="red", size=(300, 300), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is None:
        image.save(out, "JPEG")
    else:
        image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(client, url, files, form_url, **fields):
    data = {"csrf_token": csrf_token(client, form_url), **fields,
            "photos": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(url, data=data, content_type="multipart/form-data")


def photos_of(product_id):
    db.session.expire_all()
    return db.session.scalars(
        select(ProductImage).where(ProductImage.product_id == product_id)
        .order_by(ProductImage.position)
    ).all()


def banked_group() -> ProducerGroup:
    """A new approved group with its bank account filled in."""
    return make_group(bank_name="BRI", bank_account_number="0123456789",
                      bank_account_holder="Kelompok Uji")


def profile(**overrides):
    data = {
        "village": "Dinoyo", "story": "Kami membuat keramik sejak 1957.",
        "whatsapp": "0812 3456 7890", "shipping_origin": "Kota Malang, Jawa Timur",
        "shipping_fee": "15.000", "free_shipping_threshold": "Rp 300.000",
        "bank_name": "Bank Jatim", "bank_account_number": "", "bank_account_holder": "Sri W.",
    }
    data.update(overrides)
    return data
