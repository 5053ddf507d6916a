"""Whole catalogue pages for visitors who are not signed in, cached per catalogue version.

Such a visitor's page depends only on its URL and language, so it is rendered once per
catalogue version and worker. Any committed catalogue change moves the version on (see
catalog/cache.py), so a cached page is never older than the last change. Signed-in users,
pages with a pending message, and anything but a plain 200 HTML answer are never cached.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user

from ..cart.services import COOKIE as CART_COOKIE
from ..catalog.cache import VersionedCache, catalog_version
from ..extensions import db

_pages = VersionedCache(max_entries=512)


def _cacheable() -> bool:
    return (
        current_app.config.get("PAGE_CACHE", True)
        and request.method == "GET"
        and "_flashes" not in session
        and CART_COOKIE not in request.cookies  # the header shows this visitor's cart
        and not current_user.is_authenticated
    )


def cache_page(view):
    """Serve the view's page from the cache when the visitor is anonymous."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not _cacheable():
            return view(*args, **kwargs)
        version = catalog_version()
        if version is None:
            return view(*args, **kwargs)
        key = (str(db.engine.url), request.full_path, str(get_locale()))
        body = _pages.get(key, version)
        if body is not None:
            return current_app.response_class(body, mimetype="text/html")
        response = make_response(view(*args, **kwargs))
        if (
            response.status_code == 200
            and response.mimetype == "text/html"
            and not response.headers.getlist("Set-Cookie")
            and not session.modified
        ):
            _pages.put(key, version, response.get_data())
        return response

    return wrapped
