"""The region picker in a real browser: with its script the lists fill as they change, and
with JavaScript off the "Choose" buttons reload the form instead."""

import pytest

from marketplace.kernel.extensions import db
from tests.e2e.conftest import shot
from tests.e2e_helpers import choose_region
from tests.factories import make_product

pytestmark = pytest.mark.e2e


@pytest.fixture
def cup(app):
    product = make_product(name="Cangkir Keramik", price=45_000, stock=4, images=0)
    db.session.commit()
    return product


def to_checkout(page, live_server, cup) -> None:
    page.goto(f"{live_server}/produk/{cup.slug}")
    page.click(".add-to-cart button")
    page.goto(f"{live_server}/checkout")


def test_with_the_script_the_lists_fill_and_a_new_province_clears_the_rest(
        app, backend, live_server, browser, cup):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    to_checkout(page, live_server, cup)
    # the "Choose" buttons are for pages without the script
    assert not page.is_visible(".region-choose")
    # when the buyer picks Dinoyo list by list, its postal code is filled in
    choose_region(page)
    shot(page, "region-picker-dinoyo", backend)
    # and picking another province empties the lists below it and the postal code
    page.select_option("#province_code", "51")
    page.wait_for_selector('#regency_code option[value="51.04"]', state="attached")
    assert page.eval_on_selector_all("#district_code option", "os => os.length") == 1
    assert page.eval_on_selector_all("#village_code option", "os => os.length") == 1
    assert page.input_value("#postal_code") == ""
    assert errors == []  # nothing refused by the CSP, no script error


def test_without_javascript_each_choose_button_reloads_the_form(
        app, backend, live_server, browser, cup):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    to_checkout(page, live_server, cup)
    page.fill("#name", "Dewi Lestari")
    # when the buyer chooses each level and presses its "Choose" button
    for level, code in (("province", "35"), ("regency", "35.73"), ("district", "35.73.05"),
                        ("village", "35.73.05.1004")):
        page.select_option(f"#{level}_code", code)
        page.click(f'button[name=region_step][value="{level}"]')
        page.wait_for_load_state()
    # then the form came back each time with the next list, what was typed kept, and the
    # village's postal code proposed
    assert page.input_value("#name") == "Dewi Lestari"
    assert page.input_value("#postal_code") == "65144"
    shot(page, "region-picker-without-javascript", backend)
    page.fill("#email", "dewi@contoh.id")
    page.fill("#phone", "0812 3456 7890")
    page.fill("#street", "Jl. Mawar No. 5 RT 02/RW 03")
    # and pressing Enter in a text field sends the form itself, not a "Choose" button
    page.press("#phone", "Enter")
    page.wait_for_url("**/checkout/tinjau")
    assert "Dinoyo" in page.content()
    context.close()
