"""The emails that keep parcels moving: each queued once per event and recipient, in the
recipient's language (the buyer's checkout language, each member's chosen one), as plain
text, with the links the reader needs (order page, studio, tracking, WhatsApp)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from marketplace.kernel.couriers import tracking_link
from marketplace.kernel.extensions import db
from marketplace.kernel.outbox import deliver_due
from marketplace.orders import notices
from marketplace.orders.notices import (
    queue_complaint_notice,
    queue_delivered_notice,
    queue_paid_notices,
    queue_shipped_notice,
)
from tests.notice_helpers import (
    SHOP,
    bilingual_group,
    delivered_order,
    outbox,
    paid_order,
    read_eml,
    said,
    shop_request,
    to,
)

# Already in the catalogue: the Indonesian words are there before the lead translates more.
HELLO = {"en": "Hello Rina Wulandari,", "id": "Halo Rina Wulandari,"}


@pytest.fixture
def spoken(monkeypatch) -> list[str]:
    """Every language an email was rendered in, in order (force_locale spied on)."""
    codes: list[str] = []

    def recording(locale):
        codes.append(str(locale))
        return force_locale(locale)

    monkeypatch.setattr(notices, "force_locale", recording)
    return codes


# --- paid --------------------------------------------------------------------------------
def test_paid_order_tells_each_member_in_their_language_with_the_buyers_whatsapp(app, spoken):
    # given a group whose members read English (Sri) and Indonesian (Wati)
    group, sri, wati = bilingual_group()
    order = paid_order(group, locale="en")
    # when the payment's emails are queued, and queued again (a replayed notification)
    with shop_request(app):
        first = queue_paid_notices(order)
        languages = list(spoken)
        again = queue_paid_notices(order)
    db.session.commit()
    # then the buyer's receipt and one email per member were queued, once
    assert (first, again) == (3, 0)
    members = outbox("group_new_order")
    english, indonesian = to(members, sri.email), to(members, wati.email)
    # each in the member's language, the buyer's in the checkout language
    assert "A new paid order for" in english.body
    assert "Ada pesanan baru yang sudah dibayar untuk" in indonesian.body
    assert languages == ["en", "en", "en", "id"]  # receipt, the chat's text, Sri, Wati
    # with the studio page and a click-to-chat link to the buyer's phone (+6281298765432)
    sub = order.sub_orders[0]
    for row in (english, indonesian):
        assert f"{SHOP}/studio/{group.slug}/pesanan/{sub.id}" in row.body
        assert "https://wa.me/6281298765432?text=Hello%20Rina%20Wulandari%2C%20" in row.body
        assert "<" not in row.body  # plain text


def test_paid_order_email_to_an_indonesian_buyer_is_indonesian(app):
    # given a group and an order placed on the Indonesian pages
    group, _, _ = bilingual_group()
    order = paid_order(group, locale="id")
    # when its emails are queued
    with shop_request(app):
        queue_paid_notices(order)
    # then the receipt reads Indonesian (its amount in rupiah as Indonesians write it)
    [receipt] = outbox("order_paid")
    assert receipt.body.startswith(HELLO["id"]) and "Rp\xa0135.000" in receipt.body
    assert receipt.subject == said("id", "Payment received: order %(number)s",
                                   number=order.number)


# --- shipped and delivered ---------------------------------------------------------------
@pytest.mark.parametrize("locale", ["en", "id"])
def test_shipped_parcel_emails_the_buyer_once_with_the_tracking_link(app, locale, spoken):
    # given a paid parcel, shipped with JNE
    group, _, _ = bilingual_group()
    order = delivered_order(group, locale=locale)
    sub = order.sub_orders[0]
    # when the shipment's email is queued twice
    with shop_request(app):
        assert queue_shipped_notice(sub) is not None
        assert queue_shipped_notice(sub) is None
    # then the buyer has one email, in their language, with the courier's tracking page
    [row] = outbox("parcel_shipped")
    assert spoken == [locale, locale]
    assert row.recipient == order.email and row.body.startswith(HELLO[locale])
    assert sub.tracking_number in row.body
    track = tracking_link(sub.courier, sub.tracking_number)
    assert track and track.startswith("https://") and track in row.body
    assert f"{SHOP}/pesanan/{order.number}?t=" in row.body


@pytest.mark.parametrize("locale", ["en", "id"])
def test_delivered_parcel_emails_the_buyer_once_in_their_language(app, locale):
    # given a parcel delivered on 2 December at 23:30 UTC, which is 3 December in WIB
    from datetime import UTC, datetime

    group, _, _ = bilingual_group()
    order = delivered_order(group, locale=locale, at=datetime(2026, 12, 2, 23, 30, tzinfo=UTC))
    sub = order.sub_orders[0]
    # when the delivery's email is queued twice
    with shop_request(app):
        first, again = queue_delivered_notice(sub), queue_delivered_notice(sub)
    # then it is queued once, greets and dates (WIB) in the buyer's language, links the order
    assert first is not None and again is None
    [row] = outbox("parcel_delivered")
    when = {"en": "December 3, 2026", "id": "3 Desember 2026"}[locale]
    assert row.body.startswith(HELLO[locale]) and when in row.body
    assert f"{SHOP}/pesanan/{order.number}?t=" in row.body
    assert row.subject == said(locale, "Your parcel from %(group)s was delivered",
                               group=sub.group_name)


def test_every_email_is_sent_as_plain_text(app):
    # given one of each order email queued
    group, _, _ = bilingual_group()
    order = delivered_order(group, locale="en")
    sub = order.sub_orders[0]
    complaint = SimpleNamespace(id=1, sub_order=sub, status="open")
    with shop_request(app):
        queue_paid_notices(order)
        queue_shipped_notice(sub)
        queue_delivered_notice(sub)
        queue_complaint_notice(complaint, "opened")
        complaint.status = "answered"
        queue_complaint_notice(complaint, "answered")
    db.session.commit()
    # when the outbox delivers them (to the outbox folder)
    outcomes = deliver_due()
    # then each went out as a text/plain message with a body
    from pathlib import Path

    files = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert outcomes["sent"] == len(files) == 8
    for path in files:
        message = read_eml(path)
        assert message.get_content_type() == "text/plain"
        assert "Pasar Sentra" in message.get_content()


# --- complaints --------------------------------------------------------------------------
def test_opened_complaint_tells_the_members_and_later_steps_tell_the_buyer(app, spoken):
    # given a delivered parcel bought in English, and a complaint about it
    group, sri, wati = bilingual_group()
    order = delivered_order(group, locale="en")
    sub = order.sub_orders[0]
    complaint = SimpleNamespace(id=7, sub_order=sub, status="open", reason="damaged",
                                description="Cangkirnya retak.")
    with shop_request(app):
        # when it is opened (twice: a retried request)
        opened = [queue_complaint_notice(complaint, "opened") for _ in range(2)]
        # then each member is told once, in their language, with the studio page
        assert opened == [2, 0]
        rows = outbox("complaint_opened")
        assert {row.recipient for row in rows} == {sri.email, wati.email}
        assert "Cangkirnya retak." in to(rows, wati.email).body
        assert f"{SHOP}/studio/{group.slug}/pesanan/{sub.id}" in to(rows, sri.email).body
        assert outbox("complaint_changed") == []
        # when the group answers and the association refunds it in full
        complaint.status = "answered"
        assert queue_complaint_notice(complaint, "answered") == 1
        complaint.status = "refunded_fully"
        assert queue_complaint_notice(complaint, "refunded") == 1
        assert queue_complaint_notice(complaint, "refunded") == 0
    # then the buyer got one email per step, in English, saying what happened
    answered, refunded = outbox("complaint_changed")
    assert {answered.recipient, refunded.recipient} == {order.email}
    assert said("en", notices.COMPLAINT_NEWS["answered"], group=sub.group_name,
                number=order.number) in answered.body
    assert said("en", notices.COMPLAINT_NEWS["refunded_fully"],
                number=order.number) in refunded.body
    assert f"{SHOP}/pesanan/{order.number}?t=" in refunded.body
    assert spoken[-3:] == ["en", "en", "en"]


def test_complaint_events_given_as_log_rows_each_send_their_own_email(app):
    # given a complaint answered twice (two rows in its event log)
    group, _, _ = bilingual_group()
    order = delivered_order(group, locale="id")
    complaint = SimpleNamespace(id=3, sub_order=order.sub_orders[0], status="answered")
    first = SimpleNamespace(id=11, kind="answered")
    second = SimpleNamespace(id=12, kind="answered")
    # when each is told, and the first again
    with shop_request(app):
        counts = [queue_complaint_notice(complaint, event) for event in (first, second, first)]
    # then the buyer got two emails, in Indonesian
    assert counts == [1, 1, 0]
    rows = outbox("complaint_changed")
    assert len(rows) == 2 and all(row.body.startswith(HELLO["id"]) for row in rows)


def test_a_language_the_shop_lacks_falls_back_to_indonesian(app, spoken):
    # given an order row whose language is not one the shop has (written by hand)
    group, _, _ = bilingual_group()
    order = delivered_order(group, locale="fr")
    # when its shipment email is queued
    with shop_request(app):
        queue_shipped_notice(order.sub_orders[0])
    # then it is written in the shop's language
    assert spoken == ["id"]
    assert outbox("parcel_shipped")[0].body.startswith(HELLO["id"])


def test_the_complaint_services_email_each_step_through_the_notices(app):
    # given a delivered parcel bought in English from a group of two members
    from marketplace.orders import complaint_services as complaints

    group, sri, wati = bilingual_group()
    order = delivered_order(group, locale="en")
    sub = order.sub_orders[0]
    with shop_request(app):
        # when the buyer complains, the group answers and the association rejects it
        complaint = complaints.open_complaint(order, sub, "damaged", "Cangkirnya retak.", [])
        complaints.answer(complaint, "Retaknya dari pengiriman, kami kirim ganti.", sri)
        complaints.reject(complaint, "Pengganti sudah dikirim.", wati)
    db.session.commit()
    # then the members heard of the complaint, with its reason, in their language
    opened = outbox("complaint_opened")
    assert {row.recipient for row in opened} == {sri.email, wati.email}
    english = to(opened, sri.email)
    assert english.body.startswith("Hello Sri,") and "Damaged" in english.body
    assert "Cangkirnya retak." in english.body
    # and the buyer of the answer (with it) and of the decision (with its note), in English
    answered, rejected = outbox("complaint_changed")
    assert {answered.recipient, rejected.recipient} == {order.email}
    assert "kami kirim ganti." in answered.body and "Pengganti" not in answered.body
    assert said("en", notices.COMPLAINT_NEWS["rejected"], number=order.number) in rejected.body
    assert "Pengganti sudah dikirim." in rejected.body
