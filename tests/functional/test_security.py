"""Rate limits, security headers and CSRF on every form."""

import uuid

import pytest

from marketplace.extensions import db
from tests.factories import make_product, make_user
from tests.helpers import PASSWORD, login


@pytest.fixture
def app_config():
    # A key prefix of its own so limits never leak between tests (also in Redis).
    return {"RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}


def test_failed_logins_for_one_account_are_limited(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    for _ in range(5):
        assert login(client, user, "salah salah salah").status_code == 200
    blocked = login(client, user, PASSWORD)  # even the right password now waits
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in blocked.text
    assert f'value="{user.email}"' in blocked.text
    # another account from the same address is not blocked by this account's limit
    other = make_user(password=PASSWORD)
    db.session.commit()
    assert login(client, other).status_code == 302


def test_successful_logins_do_not_count_towards_the_limit(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    for _ in range(8):
        fresh = app.test_client()
        assert login(fresh, user).status_code == 302


def test_failed_logins_from_one_address_are_limited_across_accounts(app, client):
    emails = [f"orang{n}@contoh.id" for n in range(21)]
    statuses = [login(client, email, "salah salah salah").status_code for email in emails]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_limit_holds_across_workers_through_redis(tmp_path, request):
    """Two apps sharing REDIS_URL stand for two gunicorn workers (on SQLite: the store
    under test is Redis, not the database)."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    from tests.conftest import _app_for, _database_url

    url = _database_url(request, "sqlite", tmp_path)
    config = {"REDIS_URL": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}
    with _app_for(url, str(tmp_path), config) as worker_one:
        assert worker_one.config["RATELIMIT_STORAGE_URI"].startswith("redis://")
        make_user(email="bersama@contoh.id", password=PASSWORD)
        db.session.commit()
        first = worker_one.test_client()
        for _ in range(3):
            assert login(first, "bersama@contoh.id", "salah salah salah").status_code == 200
        with _app_for(url, str(tmp_path), config) as worker_two:
            second = worker_two.test_client()
            assert login(second, "bersama@contoh.id", "salah salah salah").status_code == 200
            assert login(second, "bersama@contoh.id", "salah salah salah").status_code == 200
            assert login(second, "bersama@contoh.id", PASSWORD).status_code == 429


@pytest.mark.parametrize("path", ["/", "/produk", "/akun/masuk", "/tidak-ada", "/healthz",
                                  "/static/css/site.css", "/akun"])
def test_every_response_has_security_headers(app, client, path):
    with client.get(path) as response:
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "object-src 'none'" in csp
        assert "base-uri 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in headers  # only in production behind TLS


def test_production_adds_hsts_and_host_prefixed_secure_cookies(backend, tmp_path, request,
                                                               monkeypatch):
    from tests.conftest import _app_for, _database_url

    monkeypatch.setenv("APP_ENV", "production")
    url = _database_url(request, backend, tmp_path)
    with _app_for(url, str(tmp_path), {"RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}) as prod:
        make_user(email="aman@contoh.id", password=PASSWORD)
        db.session.commit()
        client = prod.test_client()
        page = client.get("/akun/masuk", base_url="https://localhost")
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        response = login_https(client, "aman@contoh.id", remember=True)
        cookies = response.headers.getlist("Set-Cookie")
        assert response.status_code == 302, cookies
        session_cookie = next(c for c in cookies if c.startswith("__Host-session="))
        remember_cookie = next(c for c in cookies if c.startswith("__Host-remember="))
        for cookie in (session_cookie, remember_cookie):
            assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/" in cookie
            assert "Domain=" not in cookie


def login_https(client, email, remember=False):
    import re

    page = client.get("/akun/masuk", base_url="https://localhost").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    # Over HTTPS Flask-WTF also checks that the form came from this site (Referer).
    return client.post("/akun/masuk", data=data, base_url="https://localhost",
                       headers={"Referer": "https://localhost/akun/masuk"})


@pytest.mark.parametrize(
    "url", ["/akun/masuk", "/akun/daftar", "/akun/lupa-sandi", "/akun/keluar",
            "/studio/daftar-kelompok", "/akun/kata-sandi"],
)
def test_posts_without_csrf_token_fail(app, client, url):
    from tests.helpers import signed_in

    signed_in(client)
    response = client.post(url, data={"email": "x@contoh.id", "password": "x"})
    assert response.status_code == 400
    assert 'class="site-header"' in response.text


def test_product_page_has_no_inline_script_or_style(app, client):
    product = make_product(images=2)
    db.session.commit()
    page = client.get(f"/produk/{product.slug}").text
    assert "<script>" not in page and " style=" not in page and "onclick" not in page
