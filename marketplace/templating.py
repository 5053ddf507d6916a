"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from markupsafe import Markup, escape

from .money import format_rupiah


@lru_cache(maxsize=8192)
def _rupiah(amount: int, locale: str) -> str:
    return format_rupiah(amount, locale)


def rupiah(amount: int) -> str:
    """`Rp 125.000` or `IDR 125,000` in the reader's language."""
    return _rupiah(amount, str(get_locale()))


def paragraphs(text: str | None) -> Markup:
    """Plain text with blank-line paragraphs as escaped <p> elements."""
    if not text:
        return Markup("")
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(escape(p)) for p in parts)


def media_url(key: str | None, thumb: bool = False) -> str:
    """URL of a stored picture, or the local placeholder when there is none."""
    if not key:
        return url_for("static", filename="img/placeholder.svg")
    return url_for("site.media", filename=f"{key}{'-thumb' if thumb else ''}.jpg")


def category_name(category) -> str:
    return category.display_name(str(get_locale()))


def language_url(code: str) -> str:
    """Switch language and come back to this same page."""
    here = request.full_path.rstrip("?") if request else "/"
    return url_for("site.set_language", code=code, next=here)


def init_templating(app: Flask) -> None:
    app.jinja_env.filters.update(
        rupiah=rupiah,
        paragraphs=paragraphs,
        datetime=format_datetime,
        date=format_date,
        number=format_decimal,
    )
    app.jinja_env.globals.update(
        media_url=media_url,
        category_name=category_name,
        language_url=language_url,
        current_locale=lambda: str(get_locale()),
    )
