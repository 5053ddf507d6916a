"""The sign-in throttle, rate limits, security headers and CSRF on every form."""

import uuid

import pytest

from marketplace.accounts.models import Role
from marketplace.kernel.extensions import db
from tests.factories import make_product, make_user
from tests.helpers import PASSWORD, login, post_form


@pytest.fixture
def app_config():
    # A key prefix of its own so limits never leak between tests (also in Redis).
    return {"RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}


def _login_from(client, address: str, email: str, password: str = PASSWORD):
    """Sign in through the form as if from `address`."""
    return post_form(client, "/akun/masuk", {"email": email, "password": password},
                     environ_base={"REMOTE_ADDR": address})


def test_failed_logins_for_one_account_are_limited(app, client, clock):
    user = make_user(password=PASSWORD)
    db.session.commit()
    for _ in range(5):
        assert login(client, user, "salah salah salah").status_code == 200
    blocked = login(client, user, PASSWORD)  # even the right password now waits
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit." in blocked.text
    assert blocked.headers["Retry-After"] == "900"
    assert f'value="{user.email}"' in blocked.text
    # another account from the same address is not blocked by this account's limit
    other = make_user(password=PASSWORD)
    db.session.commit()
    assert login(client, other).status_code == 302


def test_too_many_attempts_message_follows_the_language(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    client.set_cookie("lang", "en")
    for _ in range(5):
        login(client, user, "salah salah salah")
    blocked = login(client, user, PASSWORD)
    assert "Too many failed sign-in attempts. Try again in 15 minutes." in blocked.text


def test_successful_logins_do_not_count_towards_the_limit(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    for _ in range(8):
        fresh = app.test_client()
        assert login(fresh, user).status_code == 302


def test_a_successful_login_clears_the_failures_of_its_address(app, client):
    # given four failures, then the right password
    user = make_user(password=PASSWORD)
    db.session.commit()
    for _ in range(4):
        assert login(client, user, "salah salah salah").status_code == 200
    assert login(client, user).status_code == 302
    post_form(client, "/akun/keluar", form_url="/akun")
    client.delete_cookie("sign_in_device")  # counted as an unknown browser again
    # then four more failures are still checked
    for _ in range(4):
        assert login(client, user, "salah salah salah").status_code == 200


def test_failed_logins_from_one_address_are_limited_across_accounts(app, client):
    emails = [f"orang{n}@contoh.id" for n in range(21)]
    statuses = [login(client, email, "salah salah salah").status_code for email in emails]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_the_right_password_from_another_address_signs_in_after_the_pair_limit(app):
    # given five failures on the admin's account from an attacker's address
    admin = make_user(role=Role.ADMIN, password=PASSWORD)
    db.session.commit()
    attacker, owner = app.test_client(), app.test_client()
    for _ in range(5):
        assert _login_from(attacker, "203.0.113.9", admin.email, "salah").status_code == 200
    assert _login_from(attacker, "203.0.113.9", admin.email).status_code == 429
    # when the admin signs in from their own address, then there is no lock
    assert _login_from(owner, "198.51.100.7", admin.email).status_code == 302


def test_the_pair_limit_ends_with_its_window(app, client, clock):
    user = make_user(password=PASSWORD)
    db.session.commit()
    for _ in range(5):
        login(client, user, "salah salah salah")
    clock.advance(minutes=14, seconds=59)
    assert login(client, user).status_code == 429
    clock.advance(seconds=1)
    assert login(client, user).status_code == 302


def test_failures_on_one_account_from_many_addresses_slow_it_down_more_and_more(app, clock):
    # given ten failures on one account, each from a different address
    user = make_user(password=PASSWORD)
    db.session.commit()
    browser = app.test_client()
    addresses = (f"203.0.113.{n}" for n in range(1, 200))
    for _ in range(10):
        assert _login_from(browser, next(addresses), user.email, "salah").status_code == 200
    # then each further try waits 2, 4, 8 ... seconds after the last one checked
    blocked = _login_from(browser, next(addresses), user.email, "salah")
    assert blocked.status_code == 429
    assert "Tunggu 2 detik lalu coba lagi." in blocked.text
    clock.advance(seconds=2)
    assert _login_from(browser, next(addresses), user.email, "salah").status_code == 200
    clock.advance(seconds=3)
    for _ in range(3):  # refused tries are not checked and do not move the wait
        blocked = _login_from(browser, next(addresses), user.email, "salah")
        assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "1"
    clock.advance(seconds=1)
    assert _login_from(browser, next(addresses), user.email, "salah").status_code == 200
    assert "Tunggu 8 detik" in _login_from(browser, next(addresses), user.email, "x").text
    # the delay stops at the cap, and the right password is checked once it has passed
    for _ in range(4):
        clock.advance(seconds=60)
        assert _login_from(browser, next(addresses), user.email, "salah").status_code == 200
    assert _login_from(browser, next(addresses), user.email).headers["Retry-After"] == "60"
    clock.advance(seconds=60)
    assert _login_from(browser, next(addresses), user.email).status_code == 302
    # and a window without failures forgets them
    clock.advance(minutes=15)
    assert _login_from(app.test_client(), next(addresses), user.email, "x").status_code == 200


def test_a_browser_that_signed_in_before_is_not_slowed_by_failures_elsewhere(app, clock):
    # given an owner who signed in from this browser once, then signed out
    user = make_user(password=PASSWORD)
    db.session.commit()
    owner = app.test_client()
    assert _login_from(owner, "198.51.100.7", user.email).status_code == 302
    post_form(owner, "/akun/keluar", form_url="/akun")
    # and an attacker who used up the pair limit at the owner's address (shared wifi) and
    # drove the account into the delay from elsewhere
    attacker = app.test_client()
    for _ in range(5):
        assert _login_from(attacker, "198.51.100.7", user.email, "salah").status_code == 200
    for n in range(5):
        assert _login_from(attacker, f"203.0.113.{n}", user.email, "salah").status_code == 200
    assert _login_from(attacker, "198.51.100.7", user.email).status_code == 429
    assert _login_from(app.test_client(), "192.0.2.1", user.email).status_code == 429
    # when the owner signs in from the browser that signed in before, then it just works
    assert _login_from(owner, "198.51.100.7", user.email).status_code == 302


def test_a_trusted_browser_still_has_its_own_limit(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    assert login(client, user).status_code == 302
    post_form(client, "/akun/keluar", form_url="/akun")
    for _ in range(5):
        assert login(client, user, "salah salah salah").status_code == 200
    assert login(client, user).status_code == 429
    # a device cookie of one account does not carry over to another
    other = make_user(password=PASSWORD)
    db.session.commit()
    assert login(client, other).status_code == 302


def _login_forwarded(client, forwarded_for: str, email: str, password: str = PASSWORD):
    return post_form(client, "/akun/masuk", {"email": email, "password": password},
                     headers={"X-Forwarded-For": forwarded_for})


def test_behind_a_trusted_proxy_each_client_address_is_counted_apart(tmp_path, request):
    from tests.conftest import _app_for, _database_url

    url = _database_url(request, "sqlite", tmp_path)
    with _app_for(url, str(tmp_path), {"TRUSTED_PROXIES": 1}) as proxied:
        user = make_user(password=PASSWORD)
        db.session.commit()
        attacker, owner = proxied.test_client(), proxied.test_client()
        for _ in range(5):
            assert _login_forwarded(attacker, "203.0.113.9", user.email, "x").status_code == 200
        assert _login_forwarded(attacker, "203.0.113.9", user.email).status_code == 429
        assert _login_forwarded(owner, "198.51.100.7", user.email).status_code == 302


def test_without_a_trusted_proxy_a_forwarded_header_changes_nothing(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    for n in range(5):
        assert _login_forwarded(client, f"203.0.113.{n}", user.email, "x").status_code == 200
    assert _login_forwarded(client, "198.51.100.7", user.email).status_code == 429


def test_sign_in_limit_holds_across_workers_without_redis(backend, tmp_path, request):
    """Two apps on one database stand for two gunicorn workers with no REDIS_URL."""
    from tests.conftest import _app_for, _database_url

    url = _database_url(request, backend, tmp_path)
    with _app_for(url, str(tmp_path)) as worker_one:
        assert not worker_one.config.get("REDIS_URL")
        make_user(email="bersama@contoh.id", password=PASSWORD)
        db.session.commit()
        first = worker_one.test_client()
        for _ in range(3):
            assert login(first, "bersama@contoh.id", "salah salah salah").status_code == 200
        with _app_for(url, str(tmp_path)) as worker_two:
            second = worker_two.test_client()
            assert login(second, "bersama@contoh.id", "salah salah salah").status_code == 200
            assert login(second, "bersama@contoh.id", "salah salah salah").status_code == 200
            assert login(second, "bersama@contoh.id", PASSWORD).status_code == 429


def test_reset_request_limit_holds_across_workers_through_redis(tmp_path, request):
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
        first = worker_one.test_client()
        for _ in range(3):
            assert post_form(first, "/akun/lupa-sandi", {"email": "a@contoh.id"}).status_code == 302
        with _app_for(url, str(tmp_path), config) as worker_two:
            second = worker_two.test_client()
            for _ in range(2):
                response = post_form(second, "/akun/lupa-sandi", {"email": "a@contoh.id"})
                assert response.status_code == 302
            response = post_form(second, "/akun/lupa-sandi", {"email": "a@contoh.id"})
            assert response.status_code == 429


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
        device_cookie = next(c for c in cookies if c.startswith("__Host-sign_in_device="))
        for cookie in (session_cookie, remember_cookie, device_cookie):
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
