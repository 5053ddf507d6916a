"""Invoices, packing slips and address labels: what they say (read back from the PDF), and
who may get them (the buyer or the signed link; the admin; the parcel's group)."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import delete

from marketplace.accounts.models import Role
from marketplace.kernel.extensions import db
from marketplace.ledger.models import RefundMethod
from marketplace.ledger.refunds import create_refund
from marketplace.orders.access import order_token
from marketplace.orders.invoices import Invoice, InvoiceCounter, invoice_of
from marketplace.orders.models import OrderLine
from tests.factories import make_group, make_order, pay
from tests.helpers import artisan, sign_in
from tests.papers_helpers import paid_order, read_pdf

WORDS = "Satu juta empat ratus sebelas ribu rupiah"  # IDR 1,411,000


def _invoice_url(order, pdf: bool = False, **query) -> str:
    suffix = ".pdf" if pdf else ""
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/pesanan/{order.number}/faktur{suffix}" + (f"?{args}" if args else "")


# --- the buyer's invoice -------------------------------------------------------------------
def test_invoice_pdf_names_the_association_buyer_parcels_totals_and_words(app, client):
    # given a buyer's order of two parcels, one with a UTF-8 group name, paid with GoPay
    buyer = sign_in(client, Role.BUYER)
    order, _groups = paid_order(buyer, buyer_name="Ṡiti Nurhaliza")
    sub = order.sub_orders[0]
    sub.shipping_label = "JNE REG"
    sub.lines[0].variant_label = "Besar / Biru"
    db.session.commit()
    # when the buyer downloads the invoice
    response = client.get(_invoice_url(order, pdf=True))
    # then it is one A4 page that says all the invoice has to say
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "faktur-INV-" in response.headers["Content-Disposition"]
    text, pages, sizes = read_pdf(response.data)
    assert (pages, sizes) == (1, [(210, 297)])
    number = invoice_of(order).number
    for expected in (number, order.number, "Asosiasi Sentra IKM Jawa Timur",
                     "NPWP: 01.234.567.8-657.000", "Ṡiti Nurhaliza", "Kota Malang",
                     "65144", "Kelompok Gerabah Dinoyo", "Perak Čeluk Ñusantara",
                     f"{sub.lines[0].product_name} (Besar / Biru)", "Shipping (JNE REG)",
                     "IDR 143,000", "IDR 1,268,000", "Total paid IDR 1,411,000", WORDS,
                     "GoPay"):
        assert expected in text, expected


def test_invoice_print_view_shows_the_invoice_and_links_its_pdf(app, client):
    buyer = sign_in(client, Role.BUYER)
    order, _groups = paid_order(buyer, payment_type="bank_transfer")
    page = client.get(_invoice_url(order))
    assert page.status_code == 200
    html = page.text
    assert invoice_of(order).number in html
    assert WORDS in html
    assert "Bank transfer (virtual account)" in html
    assert f'href="/pesanan/{order.number}/faktur.pdf"' in html
    assert "<script>" not in html  # CSP: no inline script
    # and the order page offers it
    assert f"/pesanan/{order.number}/faktur" in client.get(f"/pesanan/{order.number}").text


def test_a_guest_gets_the_invoice_through_the_signed_link_only(app, client):
    order, _groups = paid_order()
    assert client.get(_invoice_url(order)).status_code == 404
    assert client.get(_invoice_url(order, pdf=True)).status_code == 404
    token = order_token(order)
    page = client.get(_invoice_url(order, t=token))
    assert page.status_code == 200
    assert f"faktur.pdf?t={token}" in page.text  # the PDF link keeps the signed link
    assert client.get(_invoice_url(order, pdf=True, t=token)).status_code == 200
    assert client.get(_invoice_url(order, t="forged")).status_code == 404


def test_another_buyer_gets_a_404(app, client):
    owner = sign_in(client, Role.BUYER)
    order, _groups = paid_order(owner)
    other = app.test_client()
    sign_in(other, Role.BUYER)
    assert other.get(_invoice_url(order)).status_code == 404
    assert other.get(_invoice_url(order, pdf=True)).status_code == 404


def test_an_unpaid_order_has_no_invoice(app, client):
    buyer = sign_in(client, Role.BUYER)
    order = make_order([(make_group(), 80_000)], user_id=buyer.id)
    db.session.commit()
    assert client.get(_invoice_url(order)).status_code == 404
    assert client.get(_invoice_url(order, pdf=True)).status_code == 404
    assert "/faktur" not in client.get(f"/pesanan/{order.number}").text
    assert invoice_of(order) is None


def test_the_invoice_lists_refunds_and_what_was_paid_in_the_end(app, client):
    buyer = sign_in(client, Role.BUYER)
    order, _groups = paid_order(buyer)
    create_refund(order, order.sub_orders[1], 250_000, "Cincin tergores",
                  RefundMethod.BANK_TRANSFER, bank_reference="TRF-0001")
    db.session.commit()
    text, _pages, _sizes = read_pdf(client.get(_invoice_url(order, pdf=True)).data)
    assert "Cincin tergores" in text
    assert "Refunded −IDR 250,000" in text
    assert "Net paid IDR 1,161,000" in text
    assert "Net paid" in client.get(_invoice_url(order)).text


def test_a_long_order_runs_onto_more_pages_with_page_numbers(app, client):
    buyer = sign_in(client, Role.BUYER)
    order, _groups = paid_order(buyer)
    sub = order.sub_orders[0]
    for n in range(60):
        sub.lines.append(OrderLine(product_id=sub.lines[0].product_id,
                                   product_name=f"Gelas keramik motif {n}", sku=f"GLS-{n}",
                                   unit_price=1_000, quantity=1, weight_grams=100))
    db.session.commit()
    text, pages, _sizes = read_pdf(client.get(_invoice_url(order, pdf=True)).data)
    assert pages >= 2
    assert f"1/{pages}" in text and f"{pages}/{pages}" in text
    assert "Gelas keramik motif 59" in text


def test_an_order_paid_before_invoices_existed_is_numbered_on_first_view(app, client):
    # given two orders paid before invoices existed, the later one viewed first
    buyer = sign_in(client, Role.BUYER)
    group = make_group()
    earlier = pay(make_order([(group, 50_000)], user_id=buyer.id))
    later = pay(make_order([(group, 60_000)], user_id=buyer.id))
    db.session.commit()
    db.session.execute(delete(Invoice))
    db.session.execute(delete(InvoiceCounter))
    db.session.commit()
    # when the later one's invoice is opened, twice
    first = client.get(_invoice_url(later))
    second = client.get(_invoice_url(later))
    # then both are numbered, in the order they were paid, and the number stays
    db.session.expire_all()
    assert invoice_of(earlier).sequence == 1
    assert invoice_of(later).sequence == 2
    assert invoice_of(later).number in first.text
    assert invoice_of(later).number in second.text


# --- the admin's copy ------------------------------------------------------------------------
def test_the_admin_gets_the_invoice_from_the_order_page(app, admin_client):
    order, _groups = paid_order()
    number = invoice_of(order).number
    page = admin_client.get(f"/admin/pesanan/{order.id}")
    assert f"/admin/pesanan/{order.id}/faktur" in page.text
    assert number in admin_client.get(f"/admin/pesanan/{order.id}/faktur").text
    response = admin_client.get(f"/admin/pesanan/{order.id}/faktur.pdf")
    assert number in read_pdf(response.data)[0]
    unpaid = make_order([(make_group(), 10_000)])
    db.session.commit()
    assert admin_client.get(f"/admin/pesanan/{unpaid.id}/faktur").status_code == 404


def test_a_buyer_cannot_open_the_admin_invoice(app, client):
    buyer = sign_in(client, Role.BUYER)
    order, _groups = paid_order(buyer)
    assert client.get(f"/admin/pesanan/{order.id}/faktur.pdf").status_code in (403, 404)


# --- the group's packing slip and address label ----------------------------------------------
def _parcel_urls(group, sub) -> tuple[str, str]:
    base = f"/studio/{group.slug}/pesanan/{sub.id}"
    return f"{base}/slip.pdf", f"{base}/label.pdf"


def test_the_packing_slip_lists_lines_with_sku_and_quantity_and_no_prices(app, client):
    order, groups = paid_order(buyer_name="Ṡiti Nurhaliza")
    sub = order.sub_orders[0]
    sub.lines[0].quantity = 3
    sub.shipping_label = "J&T EZ"
    db.session.commit()
    _user, group = artisan(client, groups[0])
    slip_url, _label_url = _parcel_urls(group, sub)
    # on the order page, and as a PDF
    assert slip_url in client.get(f"/studio/{group.slug}/pesanan/{sub.id}").text
    response = client.get(slip_url)
    assert response.status_code == 200
    text, pages, sizes = read_pdf(response.data)
    assert (pages, sizes) == (1, [(210, 297)])
    for expected in (order.number, "Kelompok Gerabah Dinoyo", "Ṡiti Nurhaliza", "65144",
                     sub.lines[0].product_name, sub.lines[0].sku, "J&T EZ",
                     "Items in the parcel 3"):
        assert expected in text, expected
    assert "IDR" not in text and "Rp" not in text  # no prices on a packing slip
    assert "Perak Čeluk" not in text  # the other group's parcel is not on it


def test_the_address_label_is_100_by_150_mm_with_both_addresses_and_a_qr_code(app, client):
    order, groups = paid_order(buyer_name="Ṡiti Nurhaliza")
    sub = order.sub_orders[0]
    sub.shipping_label = "JNE REG"
    groups[0].whatsapp = "+6281233344455"
    db.session.commit()
    _user, group = artisan(client, groups[0])
    _slip_url, label_url = _parcel_urls(group, sub)
    response = client.get(label_url)
    assert response.status_code == 200
    text, pages, sizes = read_pdf(response.data)
    assert (pages, sizes) == (1, [(100, 150)])
    for expected in ("JNE REG", order.number, "Ṡiti Nurhaliza", "+6281298765432",
                     "Jl. Mawar 12", "Dinoyo, Lowokwaru", "Kota Malang, Jawa Timur", "65144",
                     "Kelompok Gerabah Dinoyo", group.ships_from, "+6281233344455"):
        assert expected in text, expected
    page = PdfReader(BytesIO(response.data)).pages[0]
    assert len(page.images) == 1  # the order number's QR code


def test_only_the_parcels_group_gets_its_papers(app, client):
    order, groups = paid_order()
    sub = order.sub_orders[0]
    # a member of the other group of the same order, asking under their own group
    _user, other = artisan(client, groups[1])
    for url in _parcel_urls(other, sub):
        assert client.get(url).status_code == 404
    # a buyer, asking under the right group
    buyer = app.test_client()
    sign_in(buyer, Role.BUYER)
    for url in _parcel_urls(groups[0], sub):
        assert buyer.get(url).status_code == 404


def test_an_unpaid_parcel_has_no_papers(app, client):
    group = make_group()
    order = make_order([(group, 70_000)])
    db.session.commit()
    _user, group = artisan(client, group)
    for url in _parcel_urls(group, order.sub_orders[0]):
        assert client.get(url).status_code == 404


def test_payment_types_and_amounts_are_said_in_words(app):
    from marketplace.papers.content import amount_in_words, payment_method_label

    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert payment_method_label("gopay") == "GoPay"
        assert payment_method_label("cstore") == "Convenience store (Indomaret, Alfamart)"
        assert payment_method_label("new_wallet") == "New Wallet"
        assert payment_method_label("") == "—"
    assert amount_in_words(1_000_000) == "Satu juta rupiah"
    assert amount_in_words(2_111_500) == "Dua juta seratus sebelas ribu lima ratus rupiah"
