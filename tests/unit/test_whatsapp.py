"""WhatsApp click-to-chat links to the buyer's (Indonesian) number."""

import pytest

from marketplace.kernel.whatsapp import whatsapp_digits, whatsapp_link


@pytest.mark.parametrize(("number", "digits"), [
    ("+6281234567890", "6281234567890"),
    ("0812-3456 7890", "6281234567890"),
    ("62 812 3456 7890", "6281234567890"),
    ("(0341) 551234", "62341551234"),
    ("", ""),
])
def test_whatsapp_digits_are_the_country_code_and_the_number(number, digits):
    assert whatsapp_digits(number) == digits


def test_whatsapp_link_carries_the_greeting_url_encoded():
    link = whatsapp_link("+6281234567890", "Halo Bu Rina, pesanan PS-2026-000123 & ongkir?")
    assert link == ("https://wa.me/6281234567890?text=Halo%20Bu%20Rina%2C%20pesanan%20"
                    "PS-2026-000123%20%26%20ongkir%3F")


def test_whatsapp_link_without_text_or_number():
    assert whatsapp_link("0812 3456 7890") == "https://wa.me/6281234567890"
    assert whatsapp_link("", "Halo") == ""
