"""A listing's photos: checked uploads, ordered positions, copies and removal of files.

Files are written before the database commits; callers delete the new keys if the commit
fails (discard) and the old keys only after it succeeded.
"""

from __future__ import annotations

import shutil

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.catalog.models import Product, ProductImage
from marketplace.kernel import media
from marketplace.kernel.extensions import db
from marketplace.kernel.uploads import discard
from marketplace.studio.rules import MAX_PHOTOS
from marketplace.studio.services import StudioError


class PhotoError(StudioError):
    """Some uploaded files were refused; `.messages` says which and why, one per file."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


def store_uploads(files: list, already: int = 0, kind: str = "products") -> list[media.StoredImage]:
    """Check and store every upload, or store none and raise PhotoError listing each refusal.

    Pictures are decoded one at a time, so a batch of large photos never sits in memory
    together.
    """
    files = [f for f in files or [] if f]
    if already + len(files) > MAX_PHOTOS:
        room = max(0, MAX_PHOTOS - already)
        raise PhotoError([_("A listing has at most %(max)d photos; you can add %(room)d more.",
                            max=MAX_PHOTOS, room=room)])
    stored: list[media.StoredImage] = []
    errors: list[str] = []
    for upload in files:
        try:
            image = media.load_upload(upload)
        except media.ImageRejectedError as error:
            errors.append(_("%(file)s: %(reason)s", file=upload.filename or "?", reason=error))
            continue
        try:
            if not errors:
                stored.append(media.store_image(image, kind))
        except media.StorageError as error:
            discard([s.key for s in stored])  # the batch is saved whole or not at all
            raise PhotoError([str(error)]) from error
        finally:
            image.close()
    if errors:
        discard([s.key for s in stored])
        raise PhotoError(errors)
    return stored


def add_photos(product: Product, stored: list[media.StoredImage]) -> None:
    """Append stored pictures after the product's existing ones."""
    start = len(product.images)
    for offset, picture in enumerate(stored):
        product.images.append(
            ProductImage(key=picture.key, position=start + offset, width=picture.width,
                         height=picture.height)
        )
    db.session.flush()


def photo_of(product: Product, photo_id: int) -> ProductImage | None:
    """One photo of this product; another product's photo gives None (a 404)."""
    return db.session.scalar(
        select(ProductImage).where(
            ProductImage.id == photo_id, ProductImage.product_id == product.id
        )
    )


MOVES = ("up", "down", "first")


def move_photo(product: Product, photo: ProductImage, direction: str) -> None:
    """Move a photo one place earlier or later, or to the front (the cover)."""
    photos = list(product.images)
    index = photos.index(photo)
    photos.pop(index)
    if direction == "up":
        photos.insert(max(0, index - 1), photo)
    elif direction == "down":
        photos.insert(min(len(photos), index + 1), photo)
    elif direction == "first":
        photos.insert(0, photo)
    else:
        raise ValueError(f"unknown direction {direction!r}")
    _renumber(product, photos)


def delete_photo(product: Product, photo: ProductImage) -> str:
    """Remove a photo from the listing; returns its key, to delete once committed."""
    photos = [p for p in product.images if p.id != photo.id]
    product.images.remove(photo)
    db.session.flush()
    _renumber(product, photos)
    return photo.key


def _renumber(product: Product, photos: list[ProductImage]) -> None:
    for position, photo in enumerate(photos):
        photo.position = position
    db.session.flush()
    db.session.expire(product, ["images"])


def copy_photos(source: Product, target: Product) -> list[str]:
    """Give `target` its own copies of the source's picture files; returns the new keys.

    Raises PhotoError, with nothing copied left behind, when the files cannot be written.
    """
    keys: list[str] = []
    root = media.media_root()
    for photo in source.images:
        original = root / photo.key
        files = [(original.with_name(original.name + suffix), suffix)
                 for suffix in (".jpg", "-thumb.jpg")]
        if not all(path.exists() for path, _suffix in files):
            continue  # a picture whose files are gone is not copied
        key = media.new_key("products")
        destination = root / key
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            for path, suffix in files:
                shutil.copyfile(path, destination.with_name(destination.name + suffix))
        except OSError as error:
            discard([*keys, key])
            current_app.logger.error("photos of product %s not copied: %s", source.id, error)
            raise PhotoError([str(media.StorageError())]) from error
        keys.append(key)
        target.images.append(
            ProductImage(key=key, position=len(keys) - 1, width=photo.width, height=photo.height)
        )
    db.session.flush()
    return keys

