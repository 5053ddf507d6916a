"""The small fixes of issue 10 that come with fitting a phone: buyers' times named as WIB,
card pictures that do not repeat the title, headings in order, a label for the photo
upload, search descriptions inside their card, payouts only to approved groups, and a
payout instruction that does not point at a side of a layout which stacks on phones."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from marketplace.accounts.models import Role
from marketplace.catalog.status import GroupStatus
from marketplace.kernel.extensions import db
from marketplace.ledger import payouts
from marketplace.search.sync import rebuild_index
from tests.clock import frozen_at
from tests.factories import deliver, make_category, make_group, make_order, make_product, pay
from tests.helpers import artisan, sign_in, signed_in
from tests.payout_helpers import parcel, today


class Outline(HTMLParser):
    """The headings of a page's <main> in order, and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.headings: list[tuple[int, str]] = []
        self.tags: list[tuple[str, dict]] = []
        self._open: int | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "main":
            self.in_main = True
        elif self.in_main and re.fullmatch(r"h[1-6]", tag):
            self._open = int(tag[1])
            self.headings.append((self._open, ""))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif re.fullmatch(r"h[1-6]", tag):
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            level, text = self.headings[-1]
            self.headings[-1] = (level, (text + data).strip())


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


# --- Times the buyer reads are named as Western Indonesian Time ------------------------
def test_order_pages_name_the_buyers_times_as_wib(app, client):
    # given a buyer's order placed at 03:00 UTC, 10:00 in Jakarta, still waiting for payment
    buyer = signed_in(client)
    placed = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    order = make_order([(make_group(), 100_000)], at=placed, user_id=buyer.id)
    db.session.commit()
    # when the buyer opens the order and the order history
    detail = client.get(f"/pesanan/{order.number}").text
    history = client.get("/akun/pesanan").text
    # then each time says which zone it is in (a buyer in Bali or Papua reads it right)
    assert "dipesan 5 Jan 2026 10.00.00 WIB" in detail
    # (an hour after it was placed: it has no payment page yet, issue 11.6)
    assert "Menunggu pembayaran sampai 05/01/26 11.00 WIB" in detail
    assert "05/01/26 10.00 WIB" in history


def test_refund_date_on_the_order_page_is_in_wib(app, client):
    # given a paid order of the buyer, partly refunded at 18:30 UTC (01:30 the next day, WIB)
    from marketplace.ledger import refunds
    from marketplace.ledger.models import RefundMethod

    buyer = signed_in(client)
    order = pay(make_order([(make_group(), 100_000)], user_id=buyer.id))
    with frozen_at(datetime(2026, 3, 1, 18, 30, tzinfo=UTC)):
        refunds.create_refund(order, order.sub_orders[0], 20_000, "Retak",
                              RefundMethod.BANK_TRANSFER, bank_reference="BRI 1")
    db.session.commit()
    # when the buyer opens the order, then the refund's moment is the Jakarta one
    assert "2 Mar 2026 01.30.00 WIB" in client.get(f"/pesanan/{order.number}").text


# --- Pictures and headings ------------------------------------------------------------
def test_card_pictures_do_not_repeat_the_product_name(app, client):
    # given a product with a picture, shown as a card on the browse page
    make_product(name="Vas Bunga Glasir Biru", images=1)
    db.session.commit()
    # when a screen reader user reaches its card
    tags = outline(client.get("/produk").text).tags
    cards = [attrs for tag, attrs in tags if tag == "img" and "card-img" in attrs.get("class", "")]
    # then the picture is decorative: the title in the same link already names the product
    assert cards and all(attrs.get("alt") == "" for attrs in cards)


def _catalogue_urls() -> dict[str, str]:
    parent = make_category(name="Keramik")
    child = make_category(name="Gerabah", parent=parent)
    group = make_group()
    product = make_product(group=group, category=child, images=1)
    make_product(group=group, category=parent)
    db.session.commit()
    return {"category": f"/kategori/{parent.slug}", "subcategory": f"/kategori/{child.slug}",
            "browse": "/produk", "home": "/", "storefront": f"/toko/{group.slug}",
            "sentra": f"/sentra/{group.sentra.slug}", "product": f"/produk/{product.slug}"}


@pytest.mark.parametrize("page_name", ["category", "subcategory", "browse", "home",
                                       "storefront", "sentra", "product"])
def test_catalogue_headings_start_at_h1_and_skip_no_level(app, client, page_name):
    # given a catalogue page with product cards
    url = _catalogue_urls()[page_name]
    # when its headings are read in order
    headings = outline(client.get(url).text).headings
    # then the first is the h1, and none goes more than one level below the one before
    assert headings[0][0] == 1, headings
    for (before, _), (level, text) in zip(headings, headings[1:], strict=False):
        assert level <= before + 1, f"{url}: h{level} “{text}” right after an h{before}"


# --- Forms ------------------------------------------------------------------------------
def test_photo_upload_field_has_its_own_label(app, client):
    # given an artisan's listing with room for more photos
    _user, group = artisan(client)
    product = make_product(group=group, images=1)
    db.session.commit()
    # when the edit page is read
    page = client.get(f"/studio/{group.slug}/produk/{product.id}").text
    tags = outline(page).tags
    label = re.search(r'<label for="([^"]+)">Add photos</label>', page)
    # then the "Add photos" label points at the file input, and at nothing else
    assert label, "no label for the upload field"
    named = [(tag, attrs) for tag, attrs in tags if attrs.get("id") == label.group(1)]
    assert [(tag, attrs.get("type")) for tag, attrs in named] == [("input", "file")]


def test_search_description_sits_inside_its_card(app, client):
    # given a product whose description matches the search
    make_product(name="Kendi Tanah Liat", description="Kendi gerabah bakar untuk air minum.")
    db.session.commit()
    rebuild_index()
    # when a buyer searches for a word of its description
    page = client.get("/cari", query_string={"q": "gerabah"}).text
    # then the snippet is part of the product's card, not a loose line under it
    card = re.search(r'<article class="card product-card">.*?</article>', page, flags=re.S)
    assert card and "Kendi Tanah Liat" in card.group(0)
    assert 'class="snippet"' in card.group(0)
    assert page.count('class="snippet"') == 1


# --- Payouts --------------------------------------------------------------------------
def test_payout_form_offers_only_approved_groups(app, client):
    # given groups in every state, each owed a delivered parcel
    sign_in(client, Role.ADMIN)
    groups = {status: make_group(name=f"Kelompok {status.value}", status=status)
              for status in GroupStatus}
    for group in groups.values():
        parcel(group, 100_000)
    db.session.commit()
    # when the admin opens the new payout form
    page = client.get("/admin/pencairan/baru").text
    options = re.findall(r'<option[^>]*value="(\d+)"[^>]*>([^<]*)</option>', page)
    # then only the approved group can be chosen
    assert [name.split(" — ")[0] for value, name in options if value != "0"] == \
        ["Kelompok approved"]
    # and a suspended group's id typed into the address is refused with the form's message
    suspended = groups[GroupStatus.SUSPENDED]
    refused = client.get("/admin/pencairan/baru", query_string={
        "group_id": suspended.id, "cutoff": today().isoformat()})
    assert refused.status_code == 422
    assert "Choose the producer group to pay." in refused.text


def test_owed_list_offers_a_payout_only_to_approved_groups(app, client):
    # given an approved and a suspended group, both owed a delivered parcel
    sign_in(client, Role.ADMIN)
    approved = make_group(name="Kelompok Aktif")
    suspended = make_group(name="Kelompok Diskors", status=GroupStatus.SUSPENDED)
    for group in (approved, suspended):
        parcel(group, 100_000)
    db.session.commit()
    # when the admin reads who is owed what
    page = client.get("/admin/pencairan").text
    # then only the approved group has the button; the suspended one says why not
    assert f"/admin/pencairan/baru?group_id={approved.id}" in page
    assert f"/admin/pencairan/baru?group_id={suspended.id}" not in page
    assert "Payable once the group is approved again" in page


def test_payout_instruction_names_the_account_instead_of_a_side(app, client):
    # given a draft payout to a group with a bank account
    admin = sign_in(client, Role.ADMIN)
    group = make_group(bank_name="BRI", bank_account_number="0123456789",
                       bank_account_holder="Sri Wahyuni")
    order = pay(make_order([(group, 100_000)]))
    deliver(order.sub_orders[0])
    payout = payouts.create_payout(group, today(), admin)
    db.session.commit()
    # when the admin reads how to pay it (on a phone the account is above, not on the left)
    page = client.get(f"/admin/pencairan/{payout.id}").text
    # then the instruction repeats the account itself
    assert "to account 0123456789 at BRI, in the name of Sri Wahyuni" in page
    assert "on the left" not in page
