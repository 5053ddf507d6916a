"""Text helpers: URL slugs."""

import re
import unicodedata

from sqlalchemy import select

from marketplace.kernel.extensions import db


def slugify(text: str, max_length: int = 80) -> str:
    """'Kain Batik Tulis "Surya"' -> 'kain-batik-tulis-surya' (ASCII, lower case)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def unique_slug(model, text: str, max_length: int = 80, exclude_id: int | None = None) -> str:
    """A slug for `text` not yet used by another row of `model` (adds -2, -3, … if needed)."""
    base = slugify(text, max_length - 4)
    taken_stmt = select(model.slug).where(model.slug.like(f"{base}%"))
    if exclude_id is not None:
        taken_stmt = taken_stmt.where(model.id != exclude_id)
    taken = set(db.session.scalars(taken_stmt))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
