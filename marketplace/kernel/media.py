"""Stored pictures: re-encoded display and thumbnail files under MEDIA_DIR, named by key."""

from __future__ import annotations

import io
import os
import secrets
import warnings
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


class ImageRejectedError(ValueError):
    """An upload that is not a usable picture; str(error) is the message for the user."""


class StorageError(OSError):
    """A picture could not be written (disk full, folder not writable); nothing of it was
    kept. str(error) is the message for the user."""

    def __init__(self) -> None:
        super().__init__(_("The picture could not be saved: the shop's storage is full or "
                           "cannot be written to. Nothing was saved. Please try again later, "
                           "or tell the association if it keeps happening."))

# (longest side of the display file, longest side of the thumbnail)
SIZES = {"products": (1200, 480), "covers": (1600, 640), "reviews": (1200, 480),
         "complaints": (1200, 480)}


@dataclass(frozen=True)
class StoredImage:
    key: str
    width: int
    height: int


def media_root() -> Path:
    return Path(current_app.config["MEDIA_DIR"])


def new_key(kind: str) -> str:
    """An unguessable, never-reused key such as ``products/3fa1…``."""
    if kind not in SIZES:
        raise ValueError(f"unknown media kind {kind!r}")
    return f"{kind}/{secrets.token_hex(12)}"


def load_upload(upload) -> Image.Image:
    """Open an uploaded file as a picture, or raise ImageRejectedError saying why not.

    Only JPEG, PNG and WebP that Pillow can fully decode are accepted, within the byte,
    pixel and minimum-size limits of the configuration. The result is re-encoded by
    store_image, so nothing of the original file (EXIF, GPS, trailing payload) is kept.
    """
    config = current_app.config
    max_bytes = config["MAX_UPLOAD_BYTES"]
    data = upload.read(max_bytes + 1) if upload else b""
    if not data:
        raise ImageRejectedError(_("Choose a picture file to upload."))
    if len(data) > max_bytes:
        raise ImageRejectedError(
            _("The picture is too large: at most %(mb)d MB.", mb=max_bytes // (1024 * 1024))
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageRejectedError(_("Upload a JPEG, PNG or WebP picture."))
            if probe.width * probe.height > config["MAX_IMAGE_PIXELS"]:
                raise ImageRejectedError(
                    _("The picture has too many pixels: at most %(mp)d megapixels.",
                      mp=config["MAX_IMAGE_PIXELS"] // 1_000_000)
                )
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRejectedError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejectedError(
            _("This file is not a picture we can read. Upload a JPEG, PNG or WebP photo.")
        ) from error
    if min(image.size) < config["MIN_IMAGE_SIDE"]:
        raise ImageRejectedError(
            _("The picture is too small: at least %(px)d pixels on each side.",
              px=config["MIN_IMAGE_SIDE"])
        )
    return image


def delete_image(key: str) -> None:
    """Remove a stored picture's files (missing files are fine)."""
    target = media_root() / key
    for suffix in (".jpg", "-thumb.jpg"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)


def store_image(image: Image.Image, kind: str, key: str | None = None) -> StoredImage:
    """Write `image` as a display JPEG and a thumbnail JPEG; metadata is not carried over."""
    key = key or new_key(kind)
    display_side, thumb_side = SIZES[kind]
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        image = image.convert("RGB")
    display = image.copy()
    display.thumbnail((display_side, display_side), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((thumb_side, thumb_side), Image.Resampling.LANCZOS)
    root = media_root()
    target = root / key
    written: list[Path] = []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for picture, suffix in ((display, ".jpg"), (thumb, "-thumb.jpg")):
            path = target.with_name(target.name + suffix)
            _save_atomically(picture, path)
            written.append(path)
    except OSError as error:
        for path in written:  # half a picture is no picture
            with suppress(OSError):
                path.unlink(missing_ok=True)
        current_app.logger.error("picture %s not stored: %s", key, error)
        raise StorageError() from error
    return StoredImage(key=key, width=display.width, height=display.height)


def image_exists(key: str) -> bool:
    target = media_root() / key
    return target.with_name(target.name + ".jpg").exists()


def _save_atomically(image: Image.Image, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        image.save(tmp, "JPEG", quality=84, optimize=True, progressive=True)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):  # a full disk leaves no half-written file behind
            tmp.unlink(missing_ok=True)
        raise
