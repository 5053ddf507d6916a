"""Serving the app to a real browser in tests (the `live_server` fixture in conftest.py)."""

from __future__ import annotations


def whole_responses(app):
    """The app as WSGI, each response read whole and closed before it is sent.

    Werkzeug's development server skips closing a response when the browser drops the
    connection mid-way (a cancelled image load): a file it was sending is then closed by
    the garbage collector in some later test, as an unraisable ResourceWarning. Read
    whole, nothing is left open, whatever the browser does.
    """

    def wsgi(environ, start_response):
        result = app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    return wsgi
