"""A group's shipping origin: its village, chosen with the region picker in the shop profile,
and what buyers read as "ships from"."""

import re

from marketplace.catalog.models import ProducerGroup
from marketplace.kernel.extensions import db
from tests.checkout_helpers import add
from tests.factories import make_group, make_product
from tests.helpers import artisan, csrf_token, post_form
from tests.studio_helpers import banked_group, profile

DINOYO = {"province_code": "35", "regency_code": "35.73", "district_code": "35.73.05",
          "village_code": "35.73.05.1004"}


def group_with(**kw) -> ProducerGroup:
    """An approved group with its bank account filled in, and `kw`."""
    return make_group(bank_name="BRI", bank_account_number="0123456789",
                      bank_account_holder="Kelompok Uji", **kw)


def reload(group) -> ProducerGroup:
    db.session.expire_all()
    return db.session.get(ProducerGroup, group.id)


def test_the_origin_village_is_chosen_and_shown_to_buyers(app, client):
    _user, group = artisan(client, group_with(shipping_origin="Kota Malang, Jawa Timur"))
    url = f"/studio/{group.slug}/profil"
    page = client.get(url).text
    assert 'name="village_code"' in page and "region-picker.js" in page
    assert "Until you choose it, buyers read: Kota Malang, Jawa Timur." in page
    # when the artisan saves the profile with Dinoyo as the origin
    response = post_form(client, url, profile(**DINOYO))
    # then the group keeps the village code, and the free text follows it
    assert response.status_code == 302
    saved = reload(group)
    assert saved.origin_village_code == "35.73.05.1004"
    assert saved.shipping_origin == "Jawa Timur, Kota Malang, Lowokwaru, Dinoyo"
    assert saved.ships_from == "Dinoyo, Kota Malang"
    # the profile shows it chosen again
    page = client.get(url).text
    assert re.search(r'<option[^>]*selected[^>]*value="35.73.05.1004"', page)
    # and buyers read the village and regency on the shop page and in the cart
    assert "Dinoyo, Kota Malang" in client.get(f"/toko/{group.slug}").text
    product = make_product(group=group)
    db.session.commit()
    add(client, product)
    assert "Dinoyo, Kota Malang" in client.get("/keranjang").text


def test_the_profile_reloads_with_the_next_list_without_saving(app, client):
    _user, group = artisan(client, banked_group())
    url = f"/studio/{group.slug}/profil"
    token = csrf_token(client, url)
    # when the artisan presses "Choose" for the regency (no JavaScript)
    page = client.post(url, data={**profile(story="Cerita yang sedang ditulis"),
                                  "province_code": "35", "regency_code": "35.73",
                                  "region_step": "regency", "csrf_token": token})
    # then the districts are listed, the story typed is kept, and nothing is saved
    assert page.status_code == 200
    assert 'value="35.73.05"' in page.text
    assert "Cerita yang sedang ditulis" in page.text
    saved = reload(group)
    assert saved.origin_village_code == "" and saved.story != "Cerita yang sedang ditulis"


def test_a_district_of_another_regency_is_refused(app, client):
    _user, group = artisan(client, banked_group())
    url = f"/studio/{group.slug}/profil"
    # Singosari is in Kabupaten Malang, not Kota Malang
    response = post_form(client, url, profile(**{**DINOYO, "district_code": "35.07.24",
                                                 "village_code": "35.07.24.1015"}))
    assert response.status_code == 200
    assert "Singosari is not in Kota Malang. Choose the district again." in response.text
    assert reload(group).origin_village_code == ""


def test_a_half_chosen_origin_asks_for_the_rest(app, client):
    _user, group = artisan(client, banked_group())
    response = post_form(client, f"/studio/{group.slug}/profil",
                         profile(province_code="35", regency_code="35.73"))
    assert response.status_code == 200
    assert "Choose the district (kecamatan)." in response.text
    assert reload(group).origin_village_code == ""


def test_an_origin_can_be_left_unchosen_or_cleared(app, client):
    _user, group = artisan(client, group_with(origin_village_code="35.73.05.1004"))
    url = f"/studio/{group.slug}/profil"
    # saving without choosing anything clears it; buyers read the free text again
    response = post_form(client, url, profile(province_code=""))
    assert response.status_code == 302
    saved = reload(group)
    assert saved.origin_village_code == ""
    assert saved.ships_from == (saved.shipping_origin or saved.village)
