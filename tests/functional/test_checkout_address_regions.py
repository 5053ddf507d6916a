"""The checkout address chosen from the Kemendagri lists: province → regency → district →
village, each list filled from the one above, with and without JavaScript."""

import re

import pytest
from sqlalchemy import select

from marketplace.accounts.address_book import Address, set_default
from marketplace.accounts.models import Role
from marketplace.kernel.extensions import db
from marketplace.orders.models import Order
from tests.address_helpers import CELUK_CODES, CELUK_NAMES, DINOYO_CODES, make_address
from tests.checkout_helpers import ADDRESS, add, checkout
from tests.helpers import account, csrf_token, sign_in

# Every test here has a Midtrans simulator and the app pointed at it (conftest app_config).
pytestmark = pytest.mark.usefixtures("simulator")

TYPED = {"name": "Dewi Lestari", "email": "dewi@contoh.id", "phone": "0812 3456 7890",
         "street": "Jl. Mawar No. 5 RT 02/RW 03"}


def at_checkout(client, shop):
    """A guest (English pages) with a cup in the cart; returns the form's CSRF token."""
    client.set_cookie("lang", "en")
    add(client, shop[0])
    return csrf_token(client, "/checkout")


def post(client, token, **data):
    return client.post("/checkout", data={"csrf_token": token, **data})


def selected(page: str, name: str) -> str | None:
    """The value of the option chosen in the select `name`, or None (also the placeholder)."""
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select_html, f"no select {name}"
    chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"', select_html.group(1))
    return chosen.group(1) or None if chosen else None


def options(page: str, name: str) -> list[str]:
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r'value="([^"]+)"', select_html.group(1))


def saved_address(client) -> dict | None:
    with client.session_transaction() as session:
        return session.get("checkout_address")


# --- Without JavaScript: each "Choose" reloads the form with the next list -----------------
def test_choosing_level_by_level_fills_each_list_and_keeps_what_was_typed(app, client, shop):
    token = at_checkout(client, shop)
    # given a buyer who typed their contact and street, then chose a province
    page = post(client, token, **TYPED, province_code="35", region_step="province")
    # then the same form comes back with the province's regencies and nothing saved
    assert page.status_code == 200
    assert selected(page.text, "province_code") == "35"
    assert "35.73" in options(page.text, "regency_code")  # Kota Malang
    assert options(page.text, "district_code") == []  # not yet
    assert 'value="Dewi Lestari"' in page.text and "Jl. Mawar No. 5 RT 02/RW 03" in page.text
    assert "Please correct the marked fields." not in page.text
    assert saved_address(client) is None
    # when they choose the regency, then the district
    page = post(client, token, **TYPED, province_code="35", regency_code="35.73",
                region_step="regency")
    assert "35.73.05" in options(page.text, "district_code")  # Lowokwaru
    page = post(client, token, **TYPED, province_code="35", regency_code="35.73",
                district_code="35.73.05", region_step="district")
    assert "35.73.05.1004" in options(page.text, "village_code")  # Dinoyo
    assert 'data-postal-code="65144"' in page.text
    # and the village: its postal code is proposed
    page = post(client, token, **TYPED, province_code="35", regency_code="35.73",
                district_code="35.73.05", village_code="35.73.05.1004", region_step="village")
    assert re.search(r'name="postal_code"[^>]*value="65144"', page.text)
    assert saved_address(client) is None
    # when they send the form itself, it goes on to the review
    done = post(client, token, **TYPED, **DINOYO_CODES)
    assert done.status_code == 302 and done.headers["Location"].endswith("/checkout/tinjau")


def test_choosing_another_province_clears_the_levels_below(app, client, shop):
    token = at_checkout(client, shop)
    # given a complete Dinoyo address, when the buyer picks Bali and presses its "Choose"
    page = post(client, token, **TYPED, **{**DINOYO_CODES, "province_code": "51"},
                region_step="province")
    # then Bali's regencies are listed and nothing below the province is chosen any more
    assert page.status_code == 200
    assert "51.04" in options(page.text, "regency_code")  # Kabupaten Gianyar
    assert "35.73" not in options(page.text, "regency_code")
    assert selected(page.text, "regency_code") is None
    assert options(page.text, "district_code") == options(page.text, "village_code") == []
    assert not re.search(r'name="postal_code"[^>]*value="65144"', page.text)
    assert 'value="Dewi Lestari"' in page.text


def test_the_picker_works_with_a_script_the_csp_allows(app, client, shop):
    at_checkout(client, shop)
    page = client.get("/checkout")
    # the region script is a file of our own; no script is written into the page
    assert re.search(r'<script src="/static/js/region-picker\.js[^"]*" defer>', page.text)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert 'data-endpoint="/akun/wilayah"' in page.text
    assert client.get("/static/js/region-picker.js").status_code == 200


def test_the_region_endpoint_lists_the_children_of_a_code(app, client):
    provinces = client.get("/akun/wilayah").json["children"]
    assert len(provinces) == 38 and {"code": "35", "name": "Jawa Timur",
                                      "postal_code": ""} in provinces
    villages = client.get("/akun/wilayah/35.73.05")
    assert villages.status_code == 200
    assert {"code": "35.73.05.1004", "name": "Dinoyo",
            "postal_code": "65144"} in villages.json["children"]
    assert "public" in villages.headers["Cache-Control"]
    for unknown in ("99", "35.73.05.1004", "3573", "x"):
        assert client.get(f"/akun/wilayah/{unknown}").status_code == 404


# --- A complete address --------------------------------------------------------------------
def test_a_complete_address_reaches_the_review_with_its_codes_and_names(app, client, shop):
    token = at_checkout(client, shop)
    # when the buyer sends a valid chain (the names they post are not what is kept)
    response = post(client, token, **TYPED, **DINOYO_CODES, village="Somewhere else")
    # then the review comes next, and the session holds the codes and the names shown
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/checkout/tinjau")
    assert saved_address(client) == {
        **TYPED, "phone": "+6281234567890", **DINOYO_CODES, "province": "Jawa Timur",
        "regency": "Kota Malang", "district": "Lowokwaru", "village": "Dinoyo"}
    assert "Dinoyo" in client.get("/checkout/tinjau").text


def test_the_order_keeps_the_codes_and_the_names(app, client, shop):
    # given a guest who chose Dinoyo, when the order is placed
    add(client, shop[0])
    form = checkout(client)
    client.post("/checkout/pesan", data=form)
    # then the order has the region codes and the names as they were shown
    order = db.session.scalar(select(Order))
    assert (order.province_code, order.regency_code, order.district_code,
            order.village_code) == ("35", "35.73", "35.73.05", "35.73.05.1004")
    assert (order.province, order.regency, order.district, order.village,
            order.postal_code) == ("Jawa Timur", "Kota Malang", "Lowokwaru", "Dinoyo", "65144")


def test_an_address_saved_before_regions_had_codes_is_asked_again(app, client, shop):
    # given a checkout whose session address was saved by the old free-text form
    add(client, shop[0])
    form = checkout(client)
    old = {name: ADDRESS[name] for name in ("name", "email", "phone", "street", "village",
                                            "district", "regency", "province", "postal_code")}
    with client.session_transaction() as session:
        session["checkout_address"] = old
    # when the order is placed, nothing is ordered: the address is asked for again
    response = client.post("/checkout/pesan", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/checkout")
    assert db.session.scalar(select(Order.id)) is None
    client.set_cookie("lang", "en")
    page = client.get("/checkout").text
    assert 'value="Dewi Lestari"' in page  # what can be kept is shown again
    assert selected(page, "province_code") is None  # the region is chosen anew


# --- Each wrong choice: the message in the page, status 200, what was typed kept -----------
@pytest.mark.parametrize(("change", "message"), [
    ({"postal_code": "65141"}, "The postal code of Dinoyo is 65144."),
    ({"postal_code": "651"}, "An Indonesian postal code has 5 digits, e.g. 65144."),
    ({"province_code": "99"}, "There is no province with the code 99."),
    ({"village_code": "35.73.05.9999"}, "There is no village with the code 35.73.05.9999."),
    ({"district_code": "35.07.24", "village_code": "35.07.24.1015", "postal_code": "65153"},
     "Singosari is not in Kota Malang. Choose the district again."),
    ({"village_code": "35.73.01.1007", "postal_code": "65122"},
     "Purwantoro is not in Lowokwaru. Choose the village again."),
    ({"regency_code": "51.04", "district_code": "51.04.01", "village_code": "51.04.01.2005",
      "postal_code": "80582"},
     "Kabupaten Gianyar is not in Jawa Timur. Choose the regency or city again."),
    ({"village_code": ""}, "Choose the village or kelurahan."),
])
def test_a_wrong_region_choice_is_refused_in_the_page(app, client, shop, change, message):
    token = at_checkout(client, shop)
    # when the form is sent with one level wrong
    response = post(client, token, **TYPED, **{**DINOYO_CODES, **change})
    # then the page says what is wrong, keeps what was typed, and nothing is saved
    assert response.status_code == 200
    assert message in response.text
    assert "Please correct the marked fields." in response.text
    assert 'value="Dewi Lestari"' in response.text and "Jl. Mawar No. 5 RT 02/RW 03" in \
        response.text
    if "province_code" not in change:  # the province chosen stays chosen
        assert selected(response.text, "province_code") == "35"
    assert saved_address(client) is None


# --- A signed-in buyer's address book ------------------------------------------------------
def test_a_buyer_picks_an_address_from_their_book(app, client, shop):
    # given a buyer with two saved addresses, Celuk the default
    user = sign_in(client, Role.BUYER)
    make_address(user)
    celuk = make_address(user, CELUK_CODES, CELUK_NAMES, label="Kantor")
    set_default(user, celuk)
    db.session.commit()
    add(client, shop[0])
    page = client.get("/checkout").text
    # then both are offered, the default chosen
    assert re.search(rf'id="saved-address-{celuk.id}" value="{celuk.id}" checked', page)
    assert "Kantor" in page and "Rumah" in page
    # when they go on with it, the session holds that address with their account's email
    response = client.post("/checkout", data={"csrf_token": csrf_token(client, "/checkout"),
                                              "saved_address": str(celuk.id)})
    assert response.status_code == 302
    assert saved_address(client) == {
        "name": user.name, "email": user.email, "phone": "+6281234567890",
        "street": "Jl. Mawar No. 5", **CELUK_CODES, **CELUK_NAMES}


def test_a_new_address_at_checkout_can_be_saved_to_the_book(app, client, shop):
    user = sign_in(client, Role.BUYER)
    add(client, shop[0])
    token = csrf_token(client, "/checkout")
    # when the buyer types a new address and ticks "save to my address book"
    response = post(client, token, **TYPED, **DINOYO_CODES, saved_address="new",
                    save_to_book="y")
    assert response.status_code == 302
    # then it is in their book, as their default (their first address)
    entry = db.session.scalar(select(Address).where(Address.user_id == user.id))
    assert (entry.recipient_name, entry.village, entry.village_code, entry.is_default) == (
        "Dewi Lestari", "Dinoyo", "35.73.05.1004", True)
    # and the next checkout offers it, chosen
    page = client.get("/checkout").text
    assert re.search(rf'id="saved-address-{entry.id}" value="{entry.id}" checked', page)
    # sending the same address again does not save it twice
    post(client, csrf_token(client, "/checkout"), **TYPED, **DINOYO_CODES,
         saved_address="new", save_to_book="y")
    assert len(db.session.scalars(select(Address)).all()) == 1


def test_a_saved_address_of_another_buyer_cannot_be_chosen(app, client, shop):
    other = account(Role.BUYER)
    theirs = make_address(other)
    db.session.commit()
    sign_in(client, Role.BUYER)
    add(client, shop[0])
    # when the form names someone else's address id, it is a new address: and none was typed
    response = client.post("/checkout", data={"csrf_token": csrf_token(client, "/checkout"),
                                              "saved_address": str(theirs.id)})
    assert response.status_code == 200
    assert "Choose the province." in response.text
    assert saved_address(client) is None


def test_a_saved_address_whose_region_no_longer_holds_is_not_used(app, client, shop):
    # given a buyer whose saved address names a village that is not in the region lists
    user = sign_in(client, Role.BUYER)
    stale = make_address(user, {**DINOYO_CODES, "village_code": "35.73.05.9999"})
    db.session.commit()
    add(client, shop[0])
    # when they choose it at checkout
    response = client.post("/checkout", data={"csrf_token": csrf_token(client, "/checkout"),
                                              "saved_address": str(stale.id)})
    # then they are asked to check it, and nothing goes on to the review
    assert response.status_code == 200
    assert "This saved address needs checking" in response.text
    assert saved_address(client) is None
