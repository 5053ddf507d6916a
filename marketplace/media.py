"""Stored pictures: re-encoded display and thumbnail files under MEDIA_DIR, named by key."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps

# (longest side of the display file, longest side of the thumbnail)
SIZES = {"products": (1200, 480), "covers": (1600, 640)}


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
    target.parent.mkdir(parents=True, exist_ok=True)
    _save_atomically(display, target.with_name(target.name + ".jpg"))
    _save_atomically(thumb, target.with_name(target.name + "-thumb.jpg"))
    return StoredImage(key=key, width=display.width, height=display.height)


def image_exists(key: str) -> bool:
    target = media_root() / key
    return target.with_name(target.name + ".jpg").exists()


def _save_atomically(image: Image.Image, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    image.save(tmp, "JPEG", quality=84, optimize=True, progressive=True)
    os.replace(tmp, path)
