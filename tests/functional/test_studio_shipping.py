"""The studio's shipping page (/studio/<group>/pengiriman): courier services, packing fee and
weight tolerance, for the group's members only."""

from marketplace.kernel.extensions import db
from marketplace.shipping import services
from marketplace.shipping.models import GroupShipping
from tests.factories import make_group
from tests.helpers import artisan, csrf_token, post_form

DINOYO = "35.73.05.1004"


def url_of(group) -> str:
    return f"/studio/{group.slug}/pengiriman"


def saved(group) -> GroupShipping | None:
    db.session.expire_all()
    return db.session.get(GroupShipping, group.id)


def test_a_member_chooses_services_packing_fee_and_tolerance(app, client):
    _user, group = artisan(client, make_group(origin_village_code=DINOYO), role="member")
    url = url_of(group)

    page = client.get(url).text
    assert "JNE YES" in page and "SiCepat BEST" in page and "Pos Indonesia Kilat Khusus" in page
    assert 'value="300"' in page  # the usual tolerance, before anything is saved

    response = post_form(client, url, {"services": ["jne:reg", "jne:yes", "pos:kilat"],
                                       "packing_fee": "Rp 5.000",
                                       "weight_tolerance_grams": "250"})

    assert response.status_code == 302
    assert response.headers["Location"] == url
    settings = saved(group)
    assert settings.service_codes == ("jne:reg", "jne:yes", "pos:kilat")
    assert (settings.packing_fee, settings.weight_tolerance_grams) == (5_000, 250)
    page = client.get(url).text
    assert "Your shipping settings are saved." in page
    assert 'id="service-jne-yes" value="jne:yes" checked' in page
    assert 'id="service-jnt-ez" value="jnt:ez" >' in page
    assert 'value="5000"' in page and 'value="250"' in page


def test_unticking_every_service_leaves_the_flat_fee(app, client):
    _user, group = artisan(client, make_group(origin_village_code=DINOYO))
    services.save_group_settings(group, ["jne:reg"], 0, 300)
    db.session.commit()

    post_form(client, url_of(group), {"packing_fee": "0", "weight_tolerance_grams": "300"})

    assert saved(group).service_codes == ()


def test_the_page_shows_the_flat_fee_and_free_shipping_from_the_profile(app, client):
    _user, group = artisan(client, make_group(shipping_fee=17_000,
                                              free_shipping_threshold=250_000))

    page = client.get(url_of(group)).text

    assert "IDR\xa017,000" in page and "IDR\xa0250,000" in page
    assert f'href="/studio/{group.slug}/profil"' in page
    # no origin yet: buyers pay the flat fee until it is chosen
    assert "Choose the village you ship from in your shop profile" in page
    assert f'href="/studio/{group.slug}/pengiriman" aria-current="page"' in page


def test_the_page_names_the_village_parcels_leave_from(app, client):
    _user, group = artisan(client, make_group(origin_village_code=DINOYO))

    page = client.get(url_of(group)).text

    assert "Dinoyo, Lowokwaru, Kota Malang, Jawa Timur" in page
    assert "Choose the village you ship from" not in page


def test_bad_input_shows_a_message_and_keeps_what_was_typed(app, client):
    _user, group = artisan(client, make_group())
    services.save_group_settings(group, ["jne:reg"], 1_000, 300)
    db.session.commit()

    response = post_form(client, url_of(group), {
        "services": ["jnt:ez", "dhl:express"], "packing_fee": "-2.000",
        "weight_tolerance_grams": "1500"})

    assert response.status_code == 422
    page = response.text
    assert "Please correct the marked fields." in page
    assert "This cannot be negative." in page
    assert "That is too much: at most 999." in page
    assert 'value="-2.000"' in page and 'value="1500"' in page
    assert 'value="jnt:ez" checked' in page and 'value="jne:reg" >' in page
    settings = saved(group)
    assert (settings.service_codes, settings.packing_fee) == (("jne:reg",), 1_000)


def test_an_unknown_service_is_refused_with_a_message(app, client):
    _user, group = artisan(client, make_group())

    response = post_form(client, url_of(group), {
        "services": ["jne:reg", "dhl:express"], "packing_fee": "0",
        "weight_tolerance_grams": "300"})

    assert response.status_code == 422
    assert "Choose services from the list (unknown: dhl:express)." in response.text
    assert 'value="jne:reg" checked' in response.text
    assert saved(group) is None


def test_a_non_member_can_neither_see_nor_change_it(app, client):
    other = make_group()
    services.save_group_settings(other, ["jne:reg"], 0, 300)
    db.session.commit()
    _user, own = artisan(client, make_group())
    token = csrf_token(client, url_of(own))

    assert client.get(url_of(other)).status_code == 404
    response = client.post(url_of(other), data={
        "csrf_token": token, "services": ["jne:yes"], "packing_fee": "99000",
        "weight_tolerance_grams": "0"})

    assert response.status_code == 404
    settings = saved(other)
    assert (settings.service_codes, settings.packing_fee) == (("jne:reg",), 0)


def test_signed_out_visitors_are_sent_to_sign_in(app, client):
    group = make_group()
    db.session.commit()
    response = client.get(url_of(group))
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]
