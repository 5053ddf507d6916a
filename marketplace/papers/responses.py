"""A PDF as a response: shown in the browser, saved under a name that says what it is."""

from __future__ import annotations

import re

from flask import Response


def pdf_response(data: bytes, filename: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "paper.pdf"
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{safe}"'
    # The buyer's address and order: never kept by a shared cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response
