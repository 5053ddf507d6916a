"""Whole catalogue pages for visitors who are not signed in, cached per catalogue version.

Such a visitor's page depends only on its URL and language, so it is rendered once per
catalogue version and worker. Any committed catalogue change moves the version on (see
catalog/cache.py), so a cached page is never older than the last change. A form's CSRF
token is kept out of the cached copy and each visitor's own token put back on a hit.
Signed-in users, visitors with a cookie named in PAGE_CACHE_SKIP_COOKIES (the cart's: the
header shows their own cart), pages with a pending message, and anything but a plain 200
HTML answer are never cached.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from marketplace.catalog.cache import VersionedCache, catalog_version
from marketplace.kernel.extensions import db

_pages = VersionedCache(max_entries=512)
# Stands in a cached page for the visitor's own CSRF token (e.g. the add-to-cart form).
_TOKEN_MARK = b"\x00csrf-token\x00"


def _cacheable() -> bool:
    config = current_app.config
    return (
        config.get("PAGE_CACHE", True)
        and request.method == "GET"
        and "_flashes" not in session
        # e.g. the cart's cookie: the header shows this visitor's own cart
        and not any(name in request.cookies for name in config["PAGE_CACHE_SKIP_COOKIES"])
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
        cached = _pages.get(key, version)
        if cached is not None:
            body, has_form = cached
            if has_form:  # this visitor's own token, as rendering would have given
                body = body.replace(_TOKEN_MARK, generate_csrf().encode())
            return current_app.response_class(body, mimetype="text/html")
        keys_before = set(session) - {"csrf_token"}
        response = make_response(view(*args, **kwargs))
        token = g.get("csrf_token")  # set when the page rendered a form's CSRF token
        if (
            response.status_code == 200
            and response.mimetype == "text/html"
            and not response.headers.getlist("Set-Cookie")
            and set(session) - {"csrf_token"} == keys_before  # nothing else stored
        ):
            body = response.get_data()
            if token:
                body = body.replace(token.encode(), _TOKEN_MARK)
            _pages.put(key, version, (body, bool(token)))
        return response

    return wrapped
