"""Sign-up, sign-in, sessions, password change and reset, as a person uses them."""

from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from sqlalchemy import select, update

from marketplace.accounts.models import PasswordResetToken, User, UserSession
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from tests.factories import make_user
from tests.helpers import PASSWORD, csrf_token, login, post_form, signed_in


def _signup(client, **overrides):
    data = {"name": "Sri Wahyuni", "email": "sri@contoh.id", "phone": "0812 3456 7890",
            "password": PASSWORD, "confirm": PASSWORD}
    data.update(overrides)
    return post_form(client, "/akun/daftar", data)


def _is_signed_in(client) -> bool:
    response = client.get("/akun")
    return response.status_code == 200


# --- sign-up ------------------------------------------------------------------------
def test_signup_creates_a_signed_in_buyer(app, client):
    response = _signup(client)
    assert response.status_code == 302
    assert _is_signed_in(client)
    user = db.session.scalar(select(User).where(User.email == "sri@contoh.id"))
    assert user.role == "buyer"
    assert user.phone == "+6281234567890"
    assert user.password_hash.startswith("scrypt:")


@pytest.mark.parametrize(
    ("password", "message"),
    [("short1", "at least 8"), ("password123", "most common"), ("bismillah", "most common"),
     ("aaaaaaaaaa", "too easy"), ("x" * 129, "at most 128")],
)
def test_signup_refuses_weak_passwords_and_keeps_what_was_typed(app, client, password, message):
    response = _signup(client, password=password, confirm=password)
    assert response.status_code == 200
    client.set_cookie("lang", "en")
    response = _signup(client, password=password, confirm=password)
    assert message in response.text
    assert 'value="Sri Wahyuni"' in response.text and 'value="sri@contoh.id"' in response.text
    assert password not in response.text  # passwords are never echoed back
    assert db.session.scalar(select(User).where(User.email == "sri@contoh.id")) is None


def test_signup_accepts_a_long_passphrase(app, client):
    phrase = "kopi dampit pagi hari di lereng semeru bersama keluarga besar kami ok"
    assert len(phrase) > 64
    assert _signup(client, password=phrase, confirm=phrase).status_code == 302


def test_signup_with_a_taken_email_says_so_on_the_form(app, client):
    make_user(email="sri@contoh.id")
    db.session.commit()
    response = _signup(client, email="SRI@contoh.id")
    assert response.status_code == 200
    assert "sudah punya akun" in response.text


def test_signup_refuses_a_bad_phone_number(app, client):
    response = _signup(client, phone="12345")
    assert "nomor telepon Indonesia" in response.text
    assert 'value="12345"' in response.text


# --- sign-in and redirects ----------------------------------------------------------
def test_login_failure_does_not_reveal_whether_the_email_exists(app, client):
    make_user(email="ada@contoh.id", password=PASSWORD)
    db.session.commit()
    wrong_password = login(client, "ada@contoh.id", "salah sekali kata sandinya")
    unknown_email = login(client, "tidak-ada@contoh.id", "salah sekali kata sandinya")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert "Email atau kata sandi salah." in wrong_password.text
    assert "Email atau kata sandi salah." in unknown_email.text
    assert 'value="ada@contoh.id"' in wrong_password.text  # the typed email stays


def test_disabled_user_cannot_sign_in(app, client):
    user = make_user(password=PASSWORD, is_enabled=False)
    db.session.commit()
    assert login(client, user).status_code == 200
    assert not _is_signed_in(client)


def test_login_returns_to_the_page_the_user_was_on(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    response = post_form(client, "/akun/masuk?next=/produk?page=2",
                         {"email": user.email, "password": PASSWORD, "next": "/produk?page=2"})
    assert response.headers["Location"] == "/produk?page=2"


@pytest.mark.parametrize(
    "target", ["//evil.example", "/\\evil.example", "javascript:alert(1)",
               "https://evil.example/", "/\\/evil.example", "\t//evil.example"],
)
def test_login_never_redirects_off_site(app, client, target):
    user = make_user(password=PASSWORD)
    db.session.commit()
    response = post_form(client, "/akun/masuk",
                         {"email": user.email, "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_pages_needing_an_account_send_visitors_to_sign_in_and_back(app, client):
    response = client.get("/akun/kata-sandi")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/akun/masuk?next=")


def test_login_form_without_csrf_token_is_refused(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    response = client.post("/akun/masuk", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert not _is_signed_in(client)


# --- sessions -----------------------------------------------------------------------
def test_login_starts_a_new_server_side_session(app, client):
    user = signed_in(client)
    first = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all()
    post_form(client, "/akun/keluar", form_url="/akun")
    login(client, user)
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all()
    assert len(rows) == 2 and len(first) == 1
    assert rows[0].token_hash != rows[1].token_hash


def test_a_session_cookie_copied_before_logout_no_longer_works(app, client):
    signed_in(client)
    stolen = client.get_cookie("session").value
    post_form(client, "/akun/keluar", form_url="/akun")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/akun").status_code == 302  # sent to sign in


def test_remember_me_cookie_stops_working_after_logout(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    login(client, user, remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    copied = remember.value
    post_form(client, "/akun/keluar", form_url="/akun")
    thief = app.test_client()
    thief.set_cookie("remember_token", copied)
    assert thief.get("/akun").status_code == 302


def test_idle_session_times_out(app, client):
    user = signed_in(client)
    db.session.execute(
        update(UserSession).where(UserSession.user_id == user.id)
        .values(last_seen_at=utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1))
    )
    db.session.commit()
    assert client.get("/akun").status_code == 302


def test_session_has_an_absolute_time_limit(app, client):
    user = signed_in(client)
    db.session.execute(
        update(UserSession).where(UserSession.user_id == user.id)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert client.get("/akun").status_code == 302


def test_changing_password_signs_out_other_devices_but_not_this_one(app, client):
    user = signed_in(client)
    other_device = app.test_client()
    login(other_device, user)
    assert _is_signed_in(other_device)
    new = "batik tulis sogan mojokerto"
    response = post_form(client, "/akun/kata-sandi",
                         {"current": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert _is_signed_in(client)
    assert not _is_signed_in(other_device)
    assert login(app.test_client(), user, new).status_code == 302


def test_changing_password_needs_the_current_one(app, client):
    signed_in(client)
    new = "batik tulis sogan mojokerto"
    response = post_form(client, "/akun/kata-sandi",
                         {"current": "bukan sandi saya", "password": new, "confirm": new})
    assert response.status_code == 200
    assert "Kata sandi saat ini salah." in response.text


# --- password reset -----------------------------------------------------------------
def _outbox(app) -> list:
    folder = Path(app.instance_path) / "outbox"
    return [message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))] \
        if folder.exists() else []


def _reset_link(app) -> str:
    body = _outbox(app)[-1].get_payload(decode=True).decode()
    line = next(line for line in body.splitlines() if "/akun/reset/" in line)
    return line[line.index("/akun/reset/"):].strip()


def test_password_reset_by_emailed_link_works_once(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    other_device = app.test_client()
    login(other_device, user)
    response = post_form(client, "/akun/lupa-sandi", {"email": user.email})
    assert response.status_code == 302
    link = _reset_link(app)
    new = "perak celuk gianyar bali"
    assert post_form(client, link, {"password": new, "confirm": new}).status_code == 302
    assert login(app.test_client(), user, new).status_code == 302
    assert not _is_signed_in(other_device)  # a reset ends every session
    # the same link a second time
    again = client.get(link)
    assert again.status_code == 410
    assert "tidak berlaku lagi" in again.text


def test_password_reset_link_expires(app, client):
    user = make_user(password=PASSWORD)
    db.session.commit()
    post_form(client, "/akun/lupa-sandi", {"email": user.email})
    link = _reset_link(app)
    db.session.execute(update(PasswordResetToken).values(expires_at=utcnow() - timedelta(1)))
    db.session.commit()
    assert client.get(link).status_code == 410
    new = "perak celuk gianyar bali"
    token = csrf_token(client, "/akun/lupa-sandi")
    response = client.post(link, data={"password": new, "confirm": new, "csrf_token": token})
    assert response.status_code == 410
    assert login(app.test_client(), user, new).status_code == 200  # not changed


def test_password_reset_ends_every_other_reset_link_of_the_account(app, client):
    # given two reset links mailed to the same account
    user = make_user(password=PASSWORD)
    db.session.commit()
    post_form(client, "/akun/lupa-sandi", {"email": user.email})
    first = _reset_link(app)
    post_form(client, "/akun/lupa-sandi", {"email": user.email})
    second = _reset_link(app)
    assert first != second
    # when the second one sets a new password
    new = "perak celuk gianyar bali"
    assert post_form(client, second, {"password": new, "confirm": new}).status_code == 302
    # then the first one no longer works either, and the password stays the new one
    assert client.get(first).status_code == 410
    other = "anyaman bambu tasikmalaya"
    token = csrf_token(client, "/akun/lupa-sandi")
    response = client.post(first, data={"password": other, "confirm": other, "csrf_token": token})
    assert response.status_code == 410
    assert login(app.test_client(), user, new).status_code == 302


def test_changing_password_ends_unused_reset_links(app, client):
    # given a reset link mailed earlier
    user = signed_in(client)
    post_form(client, "/akun/lupa-sandi", {"email": user.email}, form_url="/akun/lupa-sandi")
    link = _reset_link(app)
    # when the signed-in owner changes the password
    new = "batik tulis sogan mojokerto"
    response = post_form(client, "/akun/kata-sandi",
                         {"current": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    # then the link cannot set the password any more
    stranger = app.test_client()
    assert stranger.get(link).status_code == 410
    assert db.session.scalar(select(PasswordResetToken.used_at)) is not None


def test_reset_request_answers_the_same_for_unknown_emails(app, client):
    known = make_user(email="ada@contoh.id")
    db.session.commit()
    first = post_form(client, "/akun/lupa-sandi", {"email": known.email}, follow_redirects=True)
    second = post_form(client, "/akun/lupa-sandi", {"email": "tidak-ada@contoh.id"},
                       follow_redirects=True)
    assert "Jika ada akun dengan email itu" in first.text
    assert "Jika ada akun dengan email itu" in second.text
    assert [m["To"] for m in _outbox(app)] == ["ada@contoh.id"]


def test_reset_tokens_are_stored_hashed(app, client):
    user = make_user()
    db.session.commit()
    post_form(client, "/akun/lupa-sandi", {"email": user.email})
    token = _reset_link(app).rsplit("/", 1)[1]
    stored = db.session.scalar(select(PasswordResetToken.token_hash))
    assert token not in stored and len(stored) == 64


def test_logout_needs_a_post_with_csrf(app, client):
    signed_in(client)
    assert client.get("/akun/keluar").status_code == 405
    assert client.post("/akun/keluar").status_code == 400
    assert _is_signed_in(client)
