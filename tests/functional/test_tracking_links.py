"""A shipped parcel's tracking number links to the courier's own tracking page."""

import html

from marketplace.orders.access import order_link
from tests.functional.test_studio_orders import outbox, reload, two_groups_with_an_order
from tests.helpers import post_form, sign_in_english

SICEPAT_PAGE = "https://www.sicepat.com/checkAwb/004312345678"


def ship(client, group, sub, courier, number):
    """Pack and ship the parcel from the studio, as its artisan."""
    detail = f"/studio/{group.slug}/pesanan/{sub.id}"
    post_form(client, f"{detail}/kemas", form_url=detail)
    response = post_form(client, f"{detail}/kirim",
                         {"courier": courier, "tracking_number": number},
                         form_url=detail, follow_redirects=True)
    assert "is shipped" in response.text
    return detail


def buyer_page(app, client, sub):
    with app.test_request_context():
        url = order_link(reload(sub).order)
    return client.get(url)  # the emailed link: anyone holding it sees the order


def test_a_shipped_parcel_links_to_the_couriers_tracking_page(app, client):
    # given a parcel the artisan ships with SiCepat
    mine, me, _product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    detail = ship(client, mine, my_sub, "SiCepat REG", "004312345678")
    # then the studio's order page links the number to SiCepat's page for it
    studio = html.unescape(client.get(detail).text)
    assert f'href="{SICEPAT_PAGE}"' in studio
    assert 'rel="noopener noreferrer"' in studio
    # and the buyer's email has the link on its own line
    (mail,) = outbox(app)
    assert f"\n{SICEPAT_PAGE}\n" in mail.replace("\r\n", "\n")
    # and the buyer's order page links it too
    page = buyer_page(app, client, my_sub)
    assert page.status_code == 200
    assert f'href="{SICEPAT_PAGE}"' in html.unescape(page.text)
    assert ">004312345678</a>" in page.text


def test_a_courier_page_without_the_number_is_linked_as_it_is(app, client):
    mine, me, _product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    detail = ship(client, mine, my_sub, "JNE REG", "JN0012345678")
    assert 'href="https://www.jne.co.id/tracking-package"' in client.get(detail).text
    assert "https://www.jne.co.id/tracking-package\n" in outbox(app)[0].replace("\r\n", "\n")


def test_an_unknown_courier_shows_the_number_as_text(app, client):
    mine, me, _product, my_sub, _their_sub = two_groups_with_an_order()
    sign_in_english(client, me)
    detail = ship(client, mine, my_sub, "Kurir desa", "KD-0042")
    studio = client.get(detail).text
    assert '<strong class="tracking">KD-0042</strong>' in studio
    assert 'class="tracking" href' not in studio
    (mail,) = outbox(app)
    assert "KD-0042" in mail and "http" not in mail.split("KD-0042", 1)[1].split("\n\n")[0]
    page = buyer_page(app, client, my_sub).text
    assert '<strong class="tracking">KD-0042</strong>' in page
