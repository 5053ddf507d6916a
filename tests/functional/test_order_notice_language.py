"""Over HTTP: the language an order's and a member's emails are written in is the one the
person chose on the pages, and marking a parcel delivered emails the buyer."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.kernel.extensions import db
from marketplace.orders.models import Order
from marketplace.orders.status import SUB_ORDER_TRANSITIONS, SubOrderStatus, transition
from tests.checkout_helpers import notify, pay, place
from tests.helpers import artisan, post_form, sign_in
from tests.notice_helpers import outbox, paid_order, sent


def reloaded_locale(model, row_id) -> str:
    db.session.commit()  # a fresh snapshot: the request committed on its own
    return db.session.scalar(select(model.locale).where(model.id == row_id))


def test_an_order_placed_on_english_pages_is_emailed_in_english(app, client, shop, simulator):
    # given a buyer reading the English pages
    app.config["MIDTRANS_SIMULATOR_URL"] = simulator.base_url
    client.get("/bahasa/en")
    # when they order and pay
    order, attempt, _ = place(client, shop, simulator)
    pay(simulator, attempt.midtrans_order_id)
    assert notify(client, simulator, attempt.midtrans_order_id).json["status"] == "applied"
    # then the order keeps English, and the receipt is written in it
    assert reloaded_locale(Order, order.id) == "en"
    mails = dict(sent(app))
    assert mails.pop("dewi@contoh.id").startswith("Hello Dewi Lestari,")
    # while the groups' members, who never chose, read Indonesian
    assert len(mails) == 2
    assert all(body.startswith("Ada pesanan baru") for body in mails.values())


def test_an_order_placed_on_indonesian_pages_keeps_indonesian(app, client, shop, simulator):
    # given a buyer on the default (Indonesian) pages, when they order
    app.config["MIDTRANS_SIMULATOR_URL"] = simulator.base_url
    order, _, _ = place(client, shop, simulator)
    # then the order's language is Indonesian
    assert reloaded_locale(Order, order.id) == "id"


def test_switching_language_while_signed_in_is_remembered_for_emails(app, client):
    # given a signed-in buyer (Indonesian by default)
    user = sign_in(client, Role.BUYER, english=False)
    assert reloaded_locale(User, user.id) == "id"
    # when they switch to English, then their account remembers it
    response = client.get("/bahasa/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert reloaded_locale(User, user.id) == "en"
    # an unknown language changes nothing; switching back is remembered too
    client.get("/bahasa/xx?next=/")
    assert reloaded_locale(User, user.id) == "en"
    client.get("/bahasa/id?next=/")
    assert reloaded_locale(User, user.id) == "id"


def test_switching_language_signed_out_still_works(app, client):
    # given a visitor, when they switch language, then only the cookie is set
    response = client.get("/bahasa/en?next=/")
    assert response.status_code == 302 and "lang=en" in response.headers["Set-Cookie"]


def test_marking_a_parcel_delivered_emails_the_buyer_in_their_language(app, client):
    # given a member of a group whose English-speaking buyer's parcel is shipped
    _, group = artisan(client)
    order = paid_order(group, locale="en")
    sub = order.sub_orders[0]
    for status in (SubOrderStatus.PROCESSING, SubOrderStatus.SHIPPED):
        transition(sub, SUB_ORDER_TRANSITIONS, status)
    db.session.commit()
    detail = f"/studio/{group.slug}/pesanan/{sub.id}"
    # when the member marks it delivered, and sends the form again
    for _ in range(2):
        post_form(client, f"{detail}/diterima", form_url=detail)
    # then the buyer got one email, in English, linking the order page
    db.session.commit()
    assert [row.recipient for row in outbox("parcel_delivered")] == [order.email]
    [(recipient, body)] = sent(app)
    assert recipient == order.email and body.startswith("Hello Rina Wulandari,")
    assert f"/pesanan/{order.number}?t=" in body
