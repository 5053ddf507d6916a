"""Studio shop profile: story, shipping, cover and a bank account never shown in full."""

import io
from pathlib import Path

from PIL import Image

from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.status import GroupStatus
from marketplace.kernel.extensions import db
from tests.factories import make_group, make_sentra
from tests.helpers import artisan, csrf_token, post_form
from tests.studio_helpers import banked_group, profile


def reload(group) -> ProducerGroup:
    db.session.expire_all()
    return db.session.get(ProducerGroup, group.id)


def test_profile_is_saved_and_the_account_number_is_masked(app, client):
    _user, group = artisan(client, banked_group())
    url = f"/studio/{group.slug}/profil"
    # the saved number is never in the page, only its last four digits
    page = client.get(url).text
    assert "0123456789" not in page
    assert "•••• •••• 6789" in page
    # when the profile is saved with a new account number
    response = post_form(client, url, profile(bank_account_number="9876 5432 10"))
    assert response.status_code == 302
    saved = reload(group)
    assert (saved.village, saved.shipping_fee, saved.free_shipping_threshold) == (
        "Dinoyo", 15_000, 300_000)
    assert saved.whatsapp == "+6281234567890"
    assert (saved.bank_name, saved.bank_account_number) == ("Bank Jatim", "9876543210")
    page = client.get(url).text
    assert "9876543210" not in page and "9876 5432 10" not in page
    assert "•••• •••• 3210" in page
    assert "Leave empty to keep the current number." in page
    # and saving again with the field left empty keeps the number
    post_form(client, url, profile(free_shipping_threshold=""))
    saved = reload(group)
    assert saved.bank_account_number == "9876543210"
    assert saved.free_shipping_threshold is None


def test_extra_fields_do_not_change_name_status_or_sentra(app, client):
    _user, group = artisan(client, banked_group())
    other_sentra = make_sentra()
    db.session.commit()
    name, sentra_id = group.name, group.sentra_id
    post_form(client, f"/studio/{group.slug}/profil", profile(
        name="Nama Baru", status="approved", sentra_id=str(other_sentra.id), owner_id="1",
        group_id="1", slug="baru", cover_key="products/x"))
    saved = reload(group)
    assert (saved.name, saved.sentra_id, saved.slug) == (name, sentra_id, group.slug)
    assert saved.status == GroupStatus.APPROVED
    assert saved.cover_key is None


def test_bad_profile_input_keeps_what_was_typed(app, client):
    _user, group = artisan(client, banked_group())
    url = f"/studio/{group.slug}/profil"
    response = post_form(client, url, profile(
        shipping_fee="-1000", free_shipping_threshold="12,5", whatsapp="12345",
        bank_account_number="12ab", story="Cerita yang kami ketik"))
    assert response.status_code == 200
    page = response.text
    assert "Please correct the marked fields." in page
    assert "This cannot be negative." in page
    assert "without decimals" in page
    assert "Enter an Indonesian phone number" in page
    assert "An account number has 6 to 20 digits." in page
    for typed in ('value="-1000"', 'value="12,5"', 'value="12345"', "Cerita yang kami ketik"):
        assert typed in page
    assert reload(group).shipping_fee == 15_000


def test_a_group_without_an_account_must_enter_one(app, client):
    _user, group = artisan(client, make_group())
    response = post_form(client, f"/studio/{group.slug}/profil", profile())
    assert "Enter the account number." in response.text


def test_cover_photo_is_stored_and_can_be_removed(app, client):
    _user, group = artisan(client, banked_group())
    url = f"/studio/{group.slug}/profil"
    picture = io.BytesIO()
    Image.new("RGB", (640, 240), "orange").save(picture, "PNG")
    picture.seek(0)
    data = {**profile(), "cover": (picture, "sampul.png"), "csrf_token": csrf_token(client, url)}
    assert client.post(url, data=data, content_type="multipart/form-data").status_code == 302
    key = reload(group).cover_key
    assert key and key.startswith("covers/")
    assert (Path(app.config["MEDIA_DIR"]) / f"{key}.jpg").exists()
    # a file that is not a picture is refused and the old cover stays
    data = {**profile(), "cover": (io.BytesIO(b"%PDF-1.4 bukan gambar"), "sampul.jpg"),
            "csrf_token": csrf_token(client, url)}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert "sampul.jpg: This file is not a picture we can read" in response.text
    assert reload(group).cover_key == key
    # removing it
    post_form(client, url, profile(remove_cover="y"))
    assert reload(group).cover_key is None


def test_a_member_edits_the_story_but_not_the_bank_account(app, client):
    _user, group = artisan(client, banked_group(), role="member")
    url = f"/studio/{group.slug}/profil"
    page = client.get(url).text
    assert 'name="bank_account_number"' not in page
    assert "Only the group&#39;s owner can change the bank account." in page or \
        "Only the group's owner can change the bank account." in page
    post_form(client, url, profile(story="Cerita baru", bank_name="Bank Lain",
                                   bank_account_number="5555555555"))
    saved = reload(group)
    assert saved.story == "Cerita baru"
    assert (saved.bank_name, saved.bank_account_number) == ("BRI", "0123456789")
