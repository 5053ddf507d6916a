"""Complaints (komplain): the buyer opens one within the window, with photos; the group
answers; the association rejects it or refunds part or all of the parcel through the refund
flow. Every step is shown to all three."""

from PIL import Image
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.kernel.media import media_root
from marketplace.ledger.models import Refund
from marketplace.orders.complaints import ComplaintEvent
from marketplace.orders.models import Order
from tests.after_sale_helpers import bought, complain, complaints_of, jpeg, order_url, status_of
from tests.helpers import artisan, csrf_token, sign_in
from tests.ledger_checks import sub_rows


def _buyer_with(client, **when):
    buyer = sign_in(client, Role.BUYER)
    order, sub = bought(user=buyer, **when)
    db.session.commit()
    return order, sub


# --- the window ------------------------------------------------------------------------
def test_a_buyer_complains_about_a_parcel_delivered_two_days_ago(client):
    # given a parcel delivered two days ago (the window is three)
    order, sub = _buyer_with(client, delivered_days_ago=2)
    assert "Report a problem" in client.get(order_url(order)).text
    form = client.get(f"/pesanan/{order.number}/paket/{sub.id}/komplain")
    assert form.status_code == 200 and "Items missing" in form.text

    # when they send the complaint
    response = complain(client, order, sub, reason="wrong_item",
                        description="Yang datang piring, bukan cangkir.")

    # then it is open, waiting for the group, and the order page shows it
    assert response.status_code == 302
    [complaint] = complaints_of(sub)
    assert (complaint.status, complaint.reason) == ("open", "wrong_item")
    page = client.get(order_url(order)).text
    assert "Complaint: Wrong item" in page and "Waiting for the group" in page
    assert "Yang datang piring, bukan cangkir." in page and "Complaint opened" in page
    assert "Report a problem" not in page  # one open complaint per parcel


def test_the_window_is_closed_four_days_after_delivery(client):
    order, sub = _buyer_with(client, delivered_days_ago=4)
    assert "Report a problem" not in client.get(order_url(order)).text

    page = client.get(f"/pesanan/{order.number}/paket/{sub.id}/komplain",
                      follow_redirects=True).text
    response = complain(client, order, sub)

    assert "The time to complain about this parcel has passed." in page
    assert response.status_code == 302 and complaints_of(sub) == []


def test_a_parcel_never_marked_delivered_can_get_a_complaint_until_it_completes(client):
    order, sub = _buyer_with(client, shipped_days_ago=6)

    assert complain(client, order, sub, reason="not_arrived",
                    description="Sudah enam hari, paket belum sampai.").status_code == 302
    assert [c.reason for c in complaints_of(sub)] == ["not_arrived"]


def test_the_window_is_configurable(app, client):
    app.config["COMPLAINT_WINDOW_DAYS"] = 5
    order, sub = _buyer_with(client, delivered_days_ago=4)

    assert complain(client, order, sub).status_code == 302
    assert len(complaints_of(sub)) == 1


def test_a_completed_parcel_cannot_get_a_complaint(client):
    order, sub = _buyer_with(client, delivered_days_ago=1)
    client.post(f"/pesanan/{order.number}/paket/{sub.id}/diterima",
                data={"csrf_token": csrf_token(client, order_url(order))})
    assert status_of(sub) == "completed"

    response = complain(client, order, sub)

    assert "This parcel is completed" in client.get(response.headers["Location"]).text
    assert complaints_of(sub) == []


def test_a_second_complaint_is_refused_while_one_is_open(client):
    order, sub = _buyer_with(client, delivered_days_ago=1)
    assert complain(client, order, sub).status_code == 302

    response = complain(client, order, sub, description="Sekali lagi.")

    assert "already open" in client.get(response.headers["Location"]).text
    assert len(complaints_of(sub)) == 1


def test_only_the_buyer_can_complain_and_a_guest_through_the_signed_link(client):
    # given a guest's delivered parcel
    order, sub = bought(delivered_days_ago=1)
    db.session.commit()
    client.set_cookie("lang", "en")

    # someone without the link sees nothing
    assert client.get(f"/pesanan/{order.number}/paket/{sub.id}/komplain").status_code == 404

    # the guest with the emailed link complains
    response = complain(client, order, sub, guest=True)

    assert response.status_code == 302 and "t=" in response.headers["Location"]
    assert len(complaints_of(sub)) == 1


# --- photos ----------------------------------------------------------------------------
def test_photos_are_stored_re_encoded_without_their_metadata(client):
    order, sub = _buyer_with(client, delivered_days_ago=1)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make: must not survive
    photo = jpeg(exif=exif.tobytes())

    response = complain(client, order, sub, files=[("retak.jpg", photo), ("box.jpg", jpeg())])

    assert response.status_code == 302
    [complaint] = complaints_of(sub)
    assert [p.position for p in complaint.photos] == [0, 1]
    stored = media_root() / f"{complaint.photos[0].key}.jpg"
    assert complaint.photos[0].key.startswith("complaints/") and stored.exists()
    assert b"SecretCam" not in stored.read_bytes()
    page = client.get(order_url(order)).text
    assert complaint.photos[0].key in page


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_kept(client):
    order, sub = _buyer_with(client, delivered_days_ago=1)

    response = complain(client, order, sub, description="Lihat lampiran.",
                        files=[("ok.jpg", jpeg()), ("virus.jpg", b"MZ not a picture")])

    assert response.status_code == 422
    assert "virus.jpg" in response.text and "not a picture we can read" in response.text
    assert "Lihat lampiran." in response.text  # what was typed stays
    assert complaints_of(sub) == []
    folder = media_root() / "complaints"
    assert not folder.exists() or not any(folder.iterdir())


def test_too_many_or_too_small_photos_are_refused(client):
    order, sub = _buyer_with(client, delivered_days_ago=1)

    many = complain(client, order, sub, files=[(f"{n}.jpg", jpeg()) for n in range(6)])
    small = complain(client, order, sub, files=[("tiny.jpg", jpeg(size=(50, 50)))])

    assert many.status_code == 422 and "at most 5 photos" in many.text
    assert small.status_code == 422 and "too small" in small.text
    assert complaints_of(sub) == []


def test_the_form_asks_for_a_reason_and_a_description(client):
    order, sub = _buyer_with(client, delivered_days_ago=1)

    response = complain(client, order, sub, reason="", description="")

    assert response.status_code == 422
    assert "Choose what went wrong." in response.text
    assert "Describe what went wrong" in response.text


# --- the group answers -----------------------------------------------------------------
def _complaint_by_a_guest(app, group=None, goods=100_000, payment_type="bank_transfer"):
    """A guest's delivered parcel of `group` with an open complaint, opened through its page."""
    order, sub = bought(group, goods=goods, delivered_days_ago=1, payment_type=payment_type)
    db.session.commit()
    buyer = app.test_client()
    buyer.set_cookie("lang", "en")
    assert complain(buyer, order, sub, guest=True).status_code == 302
    return order, sub, buyer


def test_the_group_sees_the_complaint_and_answers_once(app, client):
    # given a complaint about a parcel of the artisan's group
    _user, group = artisan(client)
    order, sub, buyer = _complaint_by_a_guest(app, group)
    url = f"/studio/{group.slug}/pesanan/{sub.id}"
    page = client.get(url).text
    assert "Satu cangkir retak" in page and "not completed nor paid out" in page

    # when a member answers
    answer_url = f"{url}/komplain/{complaints_of(sub)[0].id}/jawab"
    response = client.post(answer_url, data={"csrf_token": csrf_token(client, url),
                                             "answer": "Kami kirim pengganti besok."})

    # then the complaint waits for the association, and everyone sees the answer
    assert response.status_code == 302
    [complaint] = complaints_of(sub)
    assert complaint.status == "answered" and complaint.answer == "Kami kirim pengganti besok."
    assert "Kami kirim pengganti besok." in buyer.get(order_url(order, guest=True)).text
    assert "Waiting for the association" in client.get(url).text

    # a second answer is refused
    again = client.post(answer_url, data={"csrf_token": csrf_token(client, url),
                                          "answer": "Lagi."}, follow_redirects=True)
    assert "Nothing was changed" in again.text
    assert [e.kind for e in complaints_of(sub)[0].events] == ["opened", "answered"]


def test_an_empty_answer_keeps_the_page_with_its_message(app, client):
    _user, group = artisan(client)
    _order, sub, _buyer = _complaint_by_a_guest(app, group)
    url = f"/studio/{group.slug}/pesanan/{sub.id}"

    response = client.post(f"{url}/komplain/{complaints_of(sub)[0].id}/jawab",
                           data={"csrf_token": csrf_token(client, url), "answer": "  "})

    assert response.status_code == 422 and "Write your answer to the buyer." in response.text
    assert complaints_of(sub)[0].status == "open"


def test_another_group_cannot_answer(app, client):
    _user, _mine = artisan(client)
    _order, sub, _buyer = _complaint_by_a_guest(app)  # another group's parcel
    complaint_id = complaints_of(sub)[0].id

    response = client.post(f"/studio/{_mine.slug}/pesanan/{sub.id}/komplain/{complaint_id}/jawab",
                           data={"csrf_token": csrf_token(client, "/"), "answer": "Bukan kami."})

    assert response.status_code == 404
    assert complaints_of(sub)[0].status == "open"


# --- the association decides -----------------------------------------------------------
def _decide(client, order, complaint_id, **fields):
    url = f"/admin/pesanan/{order.id}"
    data = {"csrf_token": csrf_token(client, url), "method": "bank_transfer",
            "bank_reference": "", "amount": "", "note": "Sudah diperiksa.", **fields}
    return client.post(f"/admin/komplain/{complaint_id}/putuskan", data=data)


def _audited(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEntry.id))
                             .where(AuditEntry.action == action))


def test_the_admin_lists_waiting_complaints_and_rejects_one(app, admin_client):
    # given a waiting complaint
    order, sub, buyer = _complaint_by_a_guest(app)
    complaint_id = complaints_of(sub)[0].id
    listing = admin_client.get("/admin/komplain").text
    assert order.number in listing and "Damaged" in listing
    assert "Decide this complaint" in admin_client.get(f"/admin/pesanan/{order.id}").text

    # when the admin rejects it
    response = _decide(admin_client, order, complaint_id, decision="reject",
                       note="Foto menunjukkan barang utuh.")

    # then it is closed without a refund, audited, and the parcel may complete again
    assert response.status_code == 302
    [complaint] = complaints_of(sub)
    assert complaint.status == "rejected" and complaint.refund_id is None
    assert _audited("complaint.decide") == 1
    assert db.session.scalar(select(func.count(Refund.id))) == 0
    page = buyer.get(order_url(order, guest=True)).text
    assert "The association rejected the complaint" in page
    assert "Foto menunjukkan barang utuh." in page and "Parcel received" in page
    assert "No complaint is waiting" in admin_client.get("/admin/komplain").text


def test_a_partial_refund_goes_through_the_refund_flow(app, admin_client):
    # given a waiting complaint on a parcel of Rp 100.000 + Rp 15.000 shipping
    order, sub, buyer = _complaint_by_a_guest(app, goods=100_000)
    complaint_id = complaints_of(sub)[0].id

    # when the admin refunds Rp 40.000 by bank transfer
    response = _decide(admin_client, order, complaint_id, decision="partial",
                       amount="40.000", bank_reference="BCA 123456",
                       note="Satu barang retak: harganya dikembalikan.")

    # then the refund is booked like any other, the commission given back in proportion
    assert response.status_code == 302
    [complaint] = complaints_of(sub)
    refund = db.session.get(Refund, complaint.refund_id)
    assert complaint.status == "refunded_partly" and complaint.refund_amount == 40_000
    assert (refund.amount, refund.state, refund.method) == (40_000, "succeeded",
                                                            "bank_transfer")
    assert refund.reason == "Satu barang retak: harganya dikembalikan."
    row = next(r for r in sub_rows() if r["id"] == sub.id)
    assert row["refunded"] == 40_000 and row["goods_refunded"] == 40_000
    assert -row["reversed"] == 4_000  # 10 % of the refunded goods
    _money_adds_up(order)
    assert db.session.get(Order, order.id).status == "paid"
    page = buyer.get(order_url(order, guest=True)).text
    assert "The association refunded part of the parcel" in page
    assert _audited("complaint.decide") == 1


def test_a_full_refund_gives_back_what_is_left(app, admin_client):
    order, sub, _buyer = _complaint_by_a_guest(app, goods=100_000)
    complaint_id = complaints_of(sub)[0].id

    response = _decide(admin_client, order, complaint_id, decision="full",
                       bank_reference="BCA 999", note="Paket hilang.")

    assert response.status_code == 302
    [complaint] = complaints_of(sub)
    assert complaint.status == "refunded_fully" and complaint.refund_amount == 115_000
    row = next(r for r in sub_rows() if r["id"] == sub.id)
    assert row["refunded"] == 115_000 and row["accrued"] + row["reversed"] == 0
    assert db.session.get(Order, order.id).status == "refunded"
    _money_adds_up(order)


def test_a_refused_decision_keeps_what_was_typed(app, admin_client):
    order, sub, _buyer = _complaint_by_a_guest(app, goods=100_000)
    complaint_id = complaints_of(sub)[0].id

    too_much = _decide(admin_client, order, complaint_id, decision="partial",
                       amount="115.000", bank_reference="BCA 1", note="Catatan saya.")
    no_reference = _decide(admin_client, order, complaint_id, decision="partial",
                           amount="10.000", note="Catatan kedua.")
    no_choice = _decide(admin_client, order, complaint_id)

    assert too_much.status_code == 422 and "choose a full refund" in too_much.text
    assert "Catatan saya." in too_much.text and 'value="115.000"' in too_much.text
    assert no_reference.status_code == 422 and "reference of the bank transfer" in \
        no_reference.text
    assert no_choice.status_code == 422 and "Choose a decision." in no_choice.text
    assert complaints_of(sub)[0].status == "open"
    assert db.session.scalar(select(func.count(Refund.id))) == 0
    assert db.session.scalar(select(func.count(ComplaintEvent.id))) == 1


def test_a_decided_complaint_cannot_be_decided_again(app, admin_client):
    order, sub, _buyer = _complaint_by_a_guest(app)
    complaint_id = complaints_of(sub)[0].id
    assert _decide(admin_client, order, complaint_id, decision="reject").status_code == 302

    again = _decide(admin_client, order, complaint_id, decision="full",
                    bank_reference="BCA 1")

    assert again.status_code == 422 and "Nothing was changed" in again.text
    assert db.session.scalar(select(func.count(Refund.id))) == 0


def test_every_step_is_shown_to_all_three(app, client, admin_client):
    # given a complaint answered by the group and refunded by the association
    order, sub, buyer = _complaint_by_a_guest(app)
    group_client = app.test_client()
    _user, _group = artisan(group_client, group=sub.group)
    studio_url = f"/studio/{sub.group.slug}/pesanan/{sub.id}"
    complaint_id = complaints_of(sub)[0].id
    group_client.post(f"{studio_url}/komplain/{complaint_id}/jawab",
                      data={"csrf_token": csrf_token(group_client, studio_url),
                            "answer": "Kami mohon maaf."})
    _decide(admin_client, order, complaint_id, decision="partial", amount="20000",
            bank_reference="BCA 5", note="Potongan harga untuk barang retak.")

    # then the buyer, the group and the admin see the same three steps
    for page in (buyer.get(order_url(order, guest=True)).text,
                 group_client.get(studio_url).text,
                 admin_client.get(f"/admin/pesanan/{order.id}").text):
        assert "Complaint opened" in page and "The group answered" in page
        assert "The association refunded part of the parcel" in page
        assert "Kami mohon maaf." in page and "Potongan harga untuk barang retak." in page
    assert "Partly refunded" in admin_client.get("/admin/komplain?semua=1").text


def _money_adds_up(order) -> None:
    """docs/money.md: net to groups + commission = paid − refunded (tests/ledger_checks)."""
    rows = [r for r in sub_rows() if r["id"] in {s.id for s in order.sub_orders}]
    net = sum(r["goods_amount"] + r["shipping_amount"] - (r["accrued"] + r["reversed"])
              - r["refunded"] for r in rows)
    commission = sum(r["accrued"] + r["reversed"] for r in rows)
    assert net + commission == order.grand_total - sum(r["refunded"] for r in rows)
    assert all(0 <= r["accrued"] + r["reversed"] <= r["commission_amount"] for r in rows)
