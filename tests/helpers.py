"""Helpers for functional tests: forms with their CSRF token, signing in.

The people tests sign in as are made here, once: `signed_in` (any role, a make_user user),
`sign_in` (a cheap `account`, English pages), `artisan` (a member of a group, English
pages); conftest.py turns the usual ones into fixtures (`admin`, `admin_client`).
"""

from __future__ import annotations

import itertools
import re
from uuid import uuid4

from werkzeug.security import generate_password_hash

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from tests.factories import make_group, make_user

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
    user = make_user(role=role, password=PASSWORD, **kw)
    db.session.commit()
    response = login(client, user)
    assert response.status_code == 302, response.text
    return user


# A cheap hash for test accounts: the real login form still checks it, but the admin suite
# signs in dozens of times and scrypt would dominate its run time.
_numbers = itertools.count(1)
_FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def account(role: Role = Role.BUYER, **kw) -> User:
    """A user whose password is PASSWORD, like make_user but cheap to create and check."""
    n = next(_numbers)
    user = User(email=kw.pop("email", f"{role.value}-{n}@pasar.example"),
                name=kw.pop("name", f"Uji {role.value} {n}"), role=role,
                password_hash=_FAST_HASH, **kw)
    db.session.add(user)
    db.session.flush()
    return user


def sign_in(client, role: Role, english: bool = True, **kw) -> User:
    """Create a user with `role` and sign them in on `client` through the login form."""
    user = account(role, **kw)
    db.session.commit()
    assert login(client, user).status_code == 302
    if english:  # assertions read the English messages, whatever the catalogue holds
        client.set_cookie("lang", "en")
    return user


def sign_in_english(client, user) -> None:
    """Sign `user` in on `client` through the login form, reading the English pages."""
    client.set_cookie("lang", "en")
    assert login(client, user).status_code == 302


def artisan(client, group=None, role: str = "owner"):
    """Sign in, through the login form, a new member of `group` (a new approved group);
    returns (the user, the group).

    Pages are read in English so the assertions do not depend on the catalogue, and the
    password hash is a cheap one to keep the suite fast.
    """
    group = group or make_group()
    user = User(email=f"artisan-{uuid4().hex[:10]}@pasar.example", name="Ibu Sri",
                role=Role.ARTISAN,
                password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
    db.session.add(GroupMembership(group=group, user=user, role=role))
    db.session.commit()
    sign_in_english(client, user)
    return user, group
