"""Hostile input never gets a 500: NUL characters and integers beyond 64 bits, on every route.

The sweep builds each URL of the app's own URL map, as an admin, an artisan and an
anonymous visitor, with NUL and with 2**64-sized numbers in every URL argument, in the
query parameters the views read and in every form field the forms declare. One app and
one database per backend serve all three roles, so the whole sweep costs seconds.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from uuid import uuid4

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from marketplace.accounts.models import Role
from marketplace.cart.models import Cart
from marketplace.catalog.models import GroupMembership
from marketplace.catalog.status import GroupStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import INT64_MAX, parse_int
from marketplace.kernel.outbox import OutboxMessage
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts
from marketplace.search.sync import rebuild_index
from tests.conftest import BACKENDS, _app_for, _truncate_all
from tests.factories import (
    deliver,
    make_category,
    make_group,
    make_order,
    make_product,
    make_rule,
    make_user,
    pay,
)
from tests.helpers import PASSWORD, csrf_token, login

NUL = "\x00"
HUGE = str(2**64)  # beyond BIGINT, and beyond what SQLite's driver binds
NEGATIVE_HUGE = str(-(2**64))
ROLES = ["admin", "artisan", "anonymous"]
# Every query parameter a view reads (grep `args.get(` in marketplace/).
QUERY_NAMES = ["page", "status", "q", "sort", "next", "from", "to", "month", "group", "sentra",
               "category", "role", "price", "payment", "order_id", "format", "action", "t",
               "unggulan", "timeout"]
# Fields views read from request.form directly, besides those the forms declare.
FORM_NAMES = ["quantity", "product_id", "line_id", "expected_total", "expected_left",
              "checkout_key", "amount", "reason", "method", "bank_reference", "direction",
              "status", "source", "publish", "payload", "choice", "back", "next", "from", "to",
              "email"]


def _form_field_names() -> list[str]:
    """FORM_NAMES plus every field of every FlaskForm in the app."""
    names = set(FORM_NAMES)
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(name for name, _ in getattr(form, "_unbound_fields", None) or [])
        names.update(name for name, value in vars(form).items()
                     if hasattr(value, "field_class"))
    names.discard("csrf_token")
    return sorted(names)


@pytest.fixture(scope="module", params=BACKENDS)
def sweep_app(request, tmp_path_factory):
    """One app per backend with something behind every route, and a client per role."""
    tmp = tmp_path_factory.mktemp("sweep")
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_database")
        _truncate_all(url)
    else:
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp / "sweep.db")
        url = f"sqlite:///{tmp / 'sweep.db'}"
    with _app_for(url, str(tmp)) as app:
        values = _seed()
        clients = {role: _client(app, role, values) for role in ROLES}
        yield app, values, clients


def _seed() -> dict:
    """Rows behind every URL argument; each role's own rows are apart from what others post to."""
    make_rule(1000)
    category = make_category()
    admin = make_user(Role.ADMIN, password=PASSWORD)
    artisan = make_user(Role.ARTISAN, password=PASSWORD)
    victim = make_user(Role.BUYER)  # the admin's user actions land on this one
    group = make_group()
    db.session.add(GroupMembership(group=group, user=artisan, role="owner"))
    helper = GroupMembership(group=group, user=make_user(Role.ARTISAN), role="member")
    db.session.add(helper)
    pending_group = make_group(status=GroupStatus.PENDING, sentra=group.sentra)
    product = make_product(group=group, category=category, images=1)
    when = utcnow() - timedelta(days=3)
    order = pay(make_order([(group, 90_000)], at=when), at=when)
    sub = order.sub_orders[0]
    deliver(sub, at=when + timedelta(days=1))
    paid_out = pay(make_order([(group, 60_000)], at=when), at=when)
    deliver(paid_out.sub_orders[0], at=when + timedelta(days=1))
    db.session.flush()
    payout = payouts.create_payout(group, jakarta_date(utcnow()))
    mail = OutboxMessage(idempotency_key="sweep:1", recipient=victim.email, subject="Halo",
                         body="Halo", template="password_reset")
    db.session.add(mail)
    db.session.commit()
    rebuild_index()  # so the search page runs its query rather than its "rebuilding" notice
    return {
        "admin": admin.email, "artisan": artisan.email,
        "ints": {"category_id": category.id, "group_id": pending_group.id, "rule_id": 1,
                 "payout_id": payout.id, "user_id": victim.id, "order_id": order.id,
                 "sub_id": sub.id, "sentra_id": group.sentra_id, "product_id": product.id,
                 "line_id": 1, "membership_id": helper.id, "sub_order_id": sub.id,
                 "photo_id": product.images[0].id, "attempt_id": 1, "message_id": mail.id,
                 "address_id": 1, "rate_id": 1, "part": 1, "complaint_id": 1, "review_id": 1},
        "strings": {"token": uuid4().hex, "code": "en", "number": order.number,
                    "group_slug": group.slug, "catalog.category": category.slug,
                    "catalog.product_detail": product.slug,
                    "catalog.sentra_detail": group.sentra.slug,
                    "catalog.storefront": group.slug, "static": "css/site.css",
                    "site.media": product.images[0].key},
        "product_id": product.id,
    }


def _client(app, role: str, values: dict):
    client = app.test_client()
    if role != "anonymous":
        assert login(client, values[role]).status_code == 302
    # something in each cart, so the cart and checkout views get past "your cart is empty"
    token = csrf_token(client, "/akun/kata-sandi" if role != "anonymous" else "/akun/masuk")
    client.post("/keranjang/tambah", data={"csrf_token": token, "quantity": "1",
                                           "product_id": values["product_id"]})
    client.csrf = token
    return client


def _is_int(converter) -> bool:
    return isinstance(converter, IntegerConverter)


def _url(rule, values: dict, ints=None, strings=None) -> str:
    """The rule's URL with benign values, or with `ints` / `strings` in every such argument."""
    built = {}
    for name, converter in rule._converters.items():
        if _is_int(converter):
            built[name] = ints if ints is not None else values["ints"][name]
        else:
            benign = values["strings"].get(name) or values["strings"].get(rule.endpoint, "x")
            built[name] = strings(benign) if strings else benign
    return rule.build(built, append_unknown=False)[1]


def _huge(names) -> dict[str, str]:
    """2**64 and -(2**64) in turn, so both signs reach the views' parsing."""
    return {name: (HUGE, NEGATIVE_HUGE)[index % 2] for index, name in enumerate(names)}


def _requests(app, values: dict):
    """(method, url, query, form, expected status or None) for every rule and method.

    Three requests at most per rule and method: NUL everywhere (a 400), 2**64 in every
    numeric URL part (a 404), and 2**64-sized numbers in every query and form field of a
    URL that leads somewhere. Where only the path, query or form holds a NUL is tested
    once, below, not on every route: the check is the same code for all of them.
    """
    fields = _form_field_names()
    # signing out last, so the role keeps its session for every other route
    rules = sorted(app.url_map.iter_rules(),
                   key=lambda rule: (rule.endpoint == "accounts.logout", rule.rule))
    for rule in rules:
        has_int = any(_is_int(c) for c in rule._converters.values())
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            has_body = method != "GET"
            yield (method, _url(rule, values, strings=lambda v: f"{v}{NUL}x"),
                   {name: f"1{NUL}" for name in QUERY_NAMES},
                   {name: f"1{NUL}" for name in fields} if has_body else {}, 400)
            if has_int:
                yield (method, _url(rule, values, ints=2**64, strings=lambda v: HUGE),
                       _huge(QUERY_NAMES), _huge(fields) if has_body else {}, 404)
            yield (method, _url(rule, values), _huge(QUERY_NAMES),
                   _huge(fields) if has_body else {}, None)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_hostile_input_without_a_500(sweep_app, role):
    # given one app per backend with data behind every route, and a client for this role
    app, values, clients = sweep_app
    client = clients[role]
    failures = []
    count = 0
    for method, url, query, form, expected in _requests(app, values):
        # when the route gets NUL or 2**64-sized numbers in its URL, query and form
        data = {**form, "csrf_token": client.csrf} if form else None
        response = client.open(url, method=method, query_string=query, data=data)
        response.close()  # a static file's response holds the file open
        count += 1
        # then it is never a 500; a NUL is a 400 and an id beyond 64 bits a 404
        if response.status_code >= 500 or (expected and response.status_code != expected):
            sample = next(iter(query.values()), None) or next(iter(form.values()), "")
            failures.append(f"{response.status_code} {method} {url} with {sample!r}")
    assert count > 250
    assert not failures, "\n".join(failures)


def test_a_nul_in_a_path_no_route_knows_is_the_400_page_in_the_shops_language(app, client):
    # when the path of no route holds a NUL, percent-encoded
    response = client.get("/tidak-ada%00")
    # then the shop's own 400 page explains it, in Indonesian by default
    assert response.status_code == 400
    assert "karakter" in response.text and "<nav" in response.text
    client.set_cookie("lang", "en")
    assert "null character" in client.get("/produk?q=a%00b").text


def test_a_nul_in_a_form_field_is_refused_before_the_view_runs(app, client):
    # when a form field holds a NUL (a form no view will ever see)
    token = csrf_token(client, "/akun/masuk")
    response = client.post("/akun/masuk", data={"csrf_token": token, "email": f"a{NUL}@b.id",
                                                "password": "x"})
    # then it is refused as unreadable, not looked up
    assert response.status_code == 400


def test_an_id_beyond_64_bits_in_a_url_is_a_404(app, client):
    assert client.get(f"/admin/pesanan/{2**63}").status_code == 404
    assert client.get(f"/admin/pesanan/{'9' * 5000}").status_code == 404
    # the largest BIGINT still routes (to the sign-in page: the id exists as a number)
    assert client.get(f"/admin/pesanan/{INT64_MAX}").status_code == 302


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("42", 42), (" -7 ", -7), ("+3", 3), ("007", 7), (str(INT64_MAX), INT64_MAX),
     (str(2**63), None), (str(-(2**63)), -(2**63)), (str(-(2**63) - 1), None),
     ("9" * 5000, None), ("1_000", None), ("١٢", None), ("1.0", None), ("", None),
     (None, None), (True, None), (12, 12), ("1e3", None)],
)
def test_parse_int_reads_whole_numbers_within_64_bits(raw, expected):
    assert parse_int(raw) == expected


def test_parse_int_clamps_to_the_bounds_when_asked():
    assert parse_int("9" * 40, default=1, minimum=1, maximum=100, clamp=True) == 100
    assert parse_int("-5", default=1, minimum=1, maximum=100, clamp=True) == 1
    assert parse_int("abc", default=1, minimum=1, maximum=100, clamp=True) == 1
    assert parse_int("50", minimum=1, maximum=10) is None


def test_a_cart_with_a_product_id_beyond_64_bits_is_refused_with_a_message(app, client):
    # given a guest on a product page
    product = make_product()
    db.session.commit()
    token = csrf_token(client, f"/produk/{product.slug}")
    # when the form names a product id beyond 64 bits
    response = client.post("/keranjang/tambah", data={"csrf_token": token, "quantity": "1",
                                                      "product_id": HUGE},
                           follow_redirects=True)
    # then nothing is added and the buyer is told, on both databases
    assert response.status_code == 200
    assert "Produk itu tidak dijual." in response.text
    assert db.session.scalars(select(Cart)).first() is None


def test_an_address_saved_with_a_nul_is_asked_for_again_not_ordered(app, client):
    # given a guest at the last checkout step whose saved address holds a NUL (saved before
    # the address form refused control characters)
    from marketplace.orders.models import Order
    from tests.checkout_helpers import ADDRESS, add, checkout

    add(client, make_product(stock=3))
    form = checkout(client)
    with client.session_transaction() as session:
        session["checkout_address"] = {**session["checkout_address"],
                                       "street": "Jl. Mawar 5\x00"}
    # when they place the order
    response = client.post("/checkout/pesan", data=form)
    # then no order is written; they are sent back to the address form, told why, with
    # what can be kept filled in again
    assert response.status_code == 302 and response.headers["Location"].endswith("/checkout")
    assert db.session.scalar(select(Order.id)) is None
    page = client.get("/checkout").text
    assert "Mohon periksa alamat Anda sekali lagi." in page
    assert ADDRESS["village"] in page and "Mawar 5" not in page


def test_the_address_form_refuses_control_characters_with_a_message(app, client):
    from tests.checkout_helpers import ADDRESS, add

    add(client, make_product(stock=3))
    token = csrf_token(client, "/checkout")
    response = client.post("/checkout", data={**ADDRESS, "csrf_token": token,
                                              "street": "Jl. Mawar\x1b 5"})
    assert response.status_code == 200
    assert "Hapus karakter kontrol tak terlihat dari isian ini." in response.text
    assert 'value="Dewi Lestari"' in response.text  # what they typed is kept


def test_signing_in_with_a_nul_in_the_user_agent_works(app, client):
    # the browser's User-Agent is kept with the session: a NUL in it must not stop sign-in
    user = make_user(password=PASSWORD)
    db.session.commit()
    client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0\x00evil"
    assert login(client, user).status_code == 302
