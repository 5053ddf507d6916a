"""The courier catalogue: service labels and links to each courier's own tracking page."""

import pytest

from marketplace.kernel.couriers import COURIERS, courier_for, service_label, tracking_link


def test_catalogue_has_the_couriers_and_services_groups_choose_from():
    wanted = {"jne": {"reg", "yes"}, "jnt": {"ez"}, "sicepat": {"reg", "best"},
              "pos": {"kilat"}, "anteraja": {"reg"}}
    for code, services in wanted.items():
        assert COURIERS[code].code == code
        assert services <= set(COURIERS[code].services)
        assert COURIERS[code].tracking_url.startswith("https://")


@pytest.mark.parametrize(("courier", "service", "label"), [
    ("jne", "reg", "JNE REG"),
    ("jne", "yes", "JNE YES"),
    ("jnt", "ez", "J&T EZ"),
    ("sicepat", "best", "SiCepat BEST"),
    ("pos", "kilat", "Pos Indonesia Kilat Khusus"),
    ("anteraja", "reg", "AnterAja Reguler"),
])
def test_service_label_joins_courier_and_service_names(courier, service, label):
    assert service_label(courier, service) == label


def test_service_label_of_unknown_codes_shows_the_codes():
    assert service_label("jne", "super") == "JNE SUPER"
    assert service_label("tiki", "reg") == "TIKI REG"


@pytest.mark.parametrize(("text", "code"), [
    ("jne", "jne"), ("JNE", "jne"), ("JNE REG", "jne"), ("jne yes", "jne"),
    ("J&T Express", "jnt"), ("J&T", "jnt"), ("jnt", "jnt"), ("JNT EZ", "jnt"),
    ("SiCepat", "sicepat"), ("sicepat best", "sicepat"), ("Si Cepat", "sicepat"),
    ("Pos Indonesia", "pos"), ("POS Kilat", "pos"), ("pos", "pos"), ("Kantor Pos", "pos"),
    ("AnterAja", "anteraja"), ("Anter Aja Reguler", "anteraja"),
])
def test_free_text_courier_names_are_recognised(text, code):
    assert courier_for(text) is COURIERS[code]


@pytest.mark.parametrize("text", ["", "   ", "Kurir toko", "TIKI", "J&T Cargo", "JET Express",
                                  "Posh Delivery", "Gojek"])
def test_unknown_couriers_are_not_guessed(text):
    assert courier_for(text) is None


def test_pages_that_take_the_number_get_it_in_the_path():
    assert tracking_link("SiCepat REG", "004312345678") == (
        "https://www.sicepat.com/checkAwb/004312345678")
    assert tracking_link("anteraja", "10001234567") == "https://anteraja.id/tracking/10001234567"
    assert tracking_link("Pos Indonesia", "P2310250148600") == (
        "https://www.posindonesia.co.id/id/tracking/P2310250148600")


def test_pages_that_do_not_take_the_number_are_linked_as_they_are():
    assert tracking_link("JNE REG", "JN0012345678") == "https://www.jne.co.id/tracking-package"
    assert tracking_link("J&T Express", "JP1234567890") == "https://jet.co.id/track"


def test_the_number_is_trimmed_and_cannot_break_out_of_the_url():
    assert tracking_link("sicepat", "  0043 12/34?x=1#y ") == (
        "https://www.sicepat.com/checkAwb/0043%2012%2F34%3Fx%3D1%23y")


@pytest.mark.parametrize(("courier", "number"), [
    ("Kurir toko", "ABC123"), ("", "ABC123"), ("JNE", ""), ("SiCepat", "   "), (None, None),
])
def test_no_link_without_a_known_courier_and_a_number(courier, number):
    assert tracking_link(courier, number) is None
