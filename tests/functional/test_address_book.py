"""A signed-in buyer's address book: add, edit, delete, one default, and only their own."""

import re

import pytest
from sqlalchemy import select

from marketplace.accounts.address_book import MAX_ADDRESSES, Address
from marketplace.accounts.models import Role
from marketplace.kernel.extensions import db
from tests.address_helpers import (
    CELUK_CODES,
    CELUK_NAMES,
    DINOYO_CODES,
    DINOYO_NAMES,
    book_form,
    make_address,
)
from tests.helpers import account, csrf_token, post_form, sign_in


def book_of(user) -> list[Address]:
    db.session.expire_all()
    return db.session.scalars(
        select(Address).where(Address.user_id == user.id).order_by(Address.id)).all()


def defaults(user) -> list[int]:
    return [entry.id for entry in book_of(user) if entry.is_default]


def test_the_account_page_links_to_the_address_book(app, client):
    sign_in(client, Role.BUYER)
    assert 'href="/akun/alamat"' in client.get("/akun").text
    assert "You have no saved addresses yet." in client.get("/akun/alamat").text


def test_the_address_book_needs_a_signed_in_buyer(app, client):
    response = client.get("/akun/alamat")
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]
    assert client.get("/akun/alamat/baru").status_code == 302


def test_adding_an_address_keeps_its_codes_and_names_and_makes_the_first_the_default(
        app, client):
    user = sign_in(client, Role.BUYER)
    # when the buyer adds an address chosen with the region picker
    response = post_form(client, "/akun/alamat/baru", book_form())
    # then it is saved with the codes and the names of the regions, as their default
    assert response.status_code == 302 and response.headers["Location"].endswith("/akun/alamat")
    [entry] = book_of(user)
    assert (entry.label, entry.recipient_name, entry.phone, entry.street) == (
        "Rumah", "Dewi Lestari", "+6281234567890", "Jl. Mawar No. 5 RT 02/RW 03")
    assert {name: getattr(entry, name) for name in (*DINOYO_CODES, *DINOYO_NAMES)} == {
        **DINOYO_CODES, **DINOYO_NAMES}
    assert entry.is_default
    page = client.get("/akun/alamat").text
    assert "The address is saved." in page and "Dinoyo, Lowokwaru, Kota Malang" in page


def test_the_form_reloads_with_the_next_list_without_saving(app, client):
    user = sign_in(client, Role.BUYER)
    token = csrf_token(client, "/akun/alamat/baru")
    # when the buyer presses "Choose" for the district (no JavaScript)
    page = client.post("/akun/alamat/baru", data={
        "csrf_token": token, **book_form(label="Kantor", village_code="", postal_code=""),
        "region_step": "district"})
    # then the villages are listed, what was typed is kept and nothing is saved
    assert page.status_code == 200
    assert 'value="35.73.05.1004"' in page.text and 'value="Kantor"' in page.text
    assert book_of(user) == []
    # choosing the village proposes its postal code
    page = client.post("/akun/alamat/baru", data={
        "csrf_token": token, **book_form(postal_code=""), "region_step": "village"})
    assert re.search(r'name="postal_code"[^>]*value="65144"', page.text)
    assert book_of(user) == []


def test_a_wrong_region_is_refused_with_its_message(app, client):
    user = sign_in(client, Role.BUYER)
    response = post_form(client, "/akun/alamat/baru", book_form(postal_code="80582"))
    assert response.status_code == 200
    assert "The postal code of Dinoyo is 65144." in response.text
    assert 'value="Rumah"' in response.text
    assert book_of(user) == []


def test_editing_an_address_changes_it(app, client):
    user = sign_in(client, Role.BUYER)
    entry = make_address(user)
    db.session.commit()
    url = f"/akun/alamat/{entry.id}/ubah"
    # the form shows the saved address, its region chosen
    page = client.get(url).text
    assert 'value="Rumah"' in page
    assert re.search(r'<option[^>]*selected[^>]*value="35.73.05.1004"', page)
    # when it is moved to Celuk
    response = post_form(client, url, book_form(label="Kantor", **CELUK_CODES))
    assert response.status_code == 302
    [changed] = book_of(user)
    assert (changed.label, changed.village, changed.regency, changed.village_code,
            changed.postal_code) == ("Kantor", "Celuk", "Kabupaten Gianyar", "51.04.01.2005",
                                     "80582")


def test_making_another_address_the_default_keeps_exactly_one(app, client):
    user = sign_in(client, Role.BUYER)
    first = make_address(user)
    second = make_address(user, CELUK_CODES, CELUK_NAMES, label="Kantor")
    db.session.commit()
    assert defaults(user) == [first.id]
    # when the second one is made the default
    page = client.get("/akun/alamat").text
    assert f'action="/akun/alamat/{second.id}/utama"' in page
    response = post_form(client, f"/akun/alamat/{second.id}/utama", form_url="/akun/alamat")
    # then it is the only default
    assert response.status_code == 302
    assert defaults(user) == [second.id]
    # and ticking "default" on a new address moves it there
    post_form(client, "/akun/alamat/baru", book_form(label="Kos", is_default="y"))
    newest = book_of(user)[-1]
    assert defaults(user) == [newest.id]


def test_deleting_asks_first_and_passes_the_default_on(app, client):
    user = sign_in(client, Role.BUYER)
    first = make_address(user)
    second = make_address(user, CELUK_CODES, CELUK_NAMES, label="Kantor")
    db.session.commit()
    url = f"/akun/alamat/{first.id}/hapus"
    # the confirmation page deletes nothing
    page = client.get(url)
    assert page.status_code == 200 and "Delete this address?" in page.text
    assert len(book_of(user)) == 2
    # confirming deletes it, and the other address becomes the default
    response = post_form(client, url)
    assert response.status_code == 302
    assert [entry.id for entry in book_of(user)] == [second.id]
    assert defaults(user) == [second.id]
    # deleting the last one leaves an empty book
    post_form(client, f"/akun/alamat/{second.id}/hapus")
    assert book_of(user) == []


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "ubah"), ("POST", "ubah"), ("GET", "hapus"), ("POST", "hapus"), ("POST", "utama")])
def test_another_users_address_is_a_404(app, client, method, path):
    # given someone else's address
    other = account(Role.BUYER)
    theirs = make_address(other)
    db.session.commit()
    sign_in(client, Role.BUYER)
    token = csrf_token(client, "/akun/alamat/baru")
    # when this buyer opens or changes it by its id
    url = f"/akun/alamat/{theirs.id}/{path}"
    response = client.get(url) if method == "GET" else client.post(
        url, data={"csrf_token": token, **book_form(label="Diubah")})
    # then it is not found, and it is not changed
    assert response.status_code == 404
    [kept] = book_of(other)
    assert (kept.label, kept.is_default) == ("Rumah", True)
    # and their list shows only their own (none)
    assert "Jl. Mawar No. 5" not in client.get("/akun/alamat").text


@pytest.mark.parametrize("path", ["baru", "{id}/ubah", "{id}/hapus", "{id}/utama"])
def test_a_form_without_its_csrf_token_changes_nothing(app, client, path):
    user = sign_in(client, Role.BUYER)
    entry = make_address(user)
    db.session.commit()
    response = client.post(f"/akun/alamat/{path.format(id=entry.id)}",
                           data=book_form(label="Tanpa token"))
    assert response.status_code == 400
    assert [(e.id, e.label) for e in book_of(user)] == [(entry.id, "Rumah")]


def test_a_full_address_book_says_so(app, client):
    user = sign_in(client, Role.BUYER)
    for _ in range(MAX_ADDRESSES):
        make_address(user)
    db.session.commit()
    response = post_form(client, "/akun/alamat/baru", book_form(), follow_redirects=True)
    assert "Your address book is full (20 addresses)." in response.text
    assert len(book_of(user)) == MAX_ADDRESSES
