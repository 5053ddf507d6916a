"""Helpers for functional tests: forms with their CSRF token, signing in."""

from __future__ import annotations

import re

from marketplace.accounts.models import Role
from tests.factories import make_user

PASSWORD = "tanah liat dinoyo 77"  # passes the password rule

_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on the page at `url`."""
    page = client.get(url).text
    match = _TOKEN.search(page) or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client, url: str, data: dict | None = None, form_url: str | None = None,
              **kwargs):
    """POST `data` to `url` with the CSRF token taken from `form_url` (default: `url`)."""
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(client, form_url or url))
    return client.post(url, data=payload, **kwargs)


def login(client, user_or_email, password: str = PASSWORD, remember: bool = False):
    """Sign in through the real login form; returns the response."""
    email = getattr(user_or_email, "email", user_or_email)
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/akun/masuk", data)


def signed_in(client, role: Role = Role.BUYER, **kw):
    """Create a user with `role`, sign them in, and return the user."""
    from marketplace.kernel.extensions import db

    user = make_user(role=role, password=PASSWORD, **kw)
    db.session.commit()
    response = login(client, user)
    assert response.status_code == 302, response.text
    return user
