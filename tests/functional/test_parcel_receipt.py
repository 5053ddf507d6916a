""""Pesanan diterima": the buyer confirms a parcel arrived and it is completed, once."""

from marketplace.accounts.models import Role
from marketplace.kernel.extensions import db
from marketplace.orders.models import SubOrder
from tests.after_sale_helpers import bought, complain, confirm, order_url, status_of
from tests.helpers import csrf_token, sign_in


def test_buyer_confirms_receipt_of_a_delivered_parcel_and_it_is_completed(client):
    # given a signed-in buyer with a delivered parcel
    buyer = sign_in(client, Role.BUYER)
    order, sub = bought(user=buyer, delivered_days_ago=1)
    db.session.commit()
    assert "Parcel received" in client.get(order_url(order)).text

    # when they press "Parcel received"
    response = confirm(client, order, sub)

    # then the parcel is completed, with when they confirmed
    assert response.status_code == 302
    db.session.expire_all()
    parcel = db.session.get(SubOrder, sub.id)
    assert parcel.status == "completed"
    assert parcel.received_at is not None and parcel.completed_at == parcel.received_at
    page = client.get(order_url(order)).text
    assert "is marked as received" in page and "You confirmed receipt on" in page
    assert "Parcel received</button>" not in page


def test_a_second_press_changes_nothing(client):
    # given a parcel the buyer already confirmed
    buyer = sign_in(client, Role.BUYER)
    order, sub = bought(user=buyer, shipped_days_ago=2)
    db.session.commit()
    token = csrf_token(client, order_url(order))
    url = f"/pesanan/{order.number}/paket/{sub.id}/diterima"
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    first = db.session.get(SubOrder, sub.id).completed_at

    # when the form is sent again (a double click)
    response = client.post(url, data={"csrf_token": token}, follow_redirects=True)

    # then it was completed once, and the buyer is told so
    db.session.expire_all()
    assert db.session.get(SubOrder, sub.id).completed_at == first
    assert "was already marked as received" in response.text


def test_only_the_buyer_of_the_order_can_confirm(client):
    # given someone else's delivered parcel
    owner_order, sub = bought(user=None, delivered_days_ago=1)
    sign_in(client, Role.BUYER)
    db.session.commit()
    token = csrf_token(client, "/")

    # when another signed-in buyer posts the confirmation
    response = client.post(f"/pesanan/{owner_order.number}/paket/{sub.id}/diterima",
                           data={"csrf_token": token})

    # then it is a 404 and nothing changed
    assert response.status_code == 404
    assert status_of(sub) == "delivered"


def test_a_parcel_of_another_order_is_a_404(client):
    buyer = sign_in(client, Role.BUYER)
    mine, _sub = bought(user=buyer, delivered_days_ago=1)
    _other, theirs = bought(user=None, delivered_days_ago=1)
    db.session.commit()

    response = client.post(f"/pesanan/{mine.number}/paket/{theirs.id}/diterima",
                           data={"csrf_token": csrf_token(client, order_url(mine))})

    assert response.status_code == 404
    assert status_of(theirs) == "delivered"


def test_a_guest_confirms_through_the_signed_link(client):
    # given a guest's delivered parcel, opened through the emailed link
    order, sub = bought(delivered_days_ago=1)
    db.session.commit()
    client.set_cookie("lang", "en")

    # when they confirm on that page
    response = confirm(client, order, sub, guest=True)

    # then it is completed and they land back on the linked page
    assert response.status_code == 302 and "t=" in response.headers["Location"]
    assert status_of(sub) == "completed"


def test_a_parcel_not_yet_shipped_cannot_be_confirmed(client):
    buyer = sign_in(client, Role.BUYER)
    order, sub = bought(user=buyer)
    db.session.commit()
    assert "Parcel received" not in client.get(order_url(order)).text

    response = client.post(f"/pesanan/{order.number}/paket/{sub.id}/diterima",
                           data={"csrf_token": csrf_token(client, order_url(order))},
                           follow_redirects=True)

    assert "cannot be marked as received now" in response.text
    assert status_of(sub) == "new"


def test_no_receipt_while_a_complaint_is_open(client):
    # given a delivered parcel with an open complaint
    buyer = sign_in(client, Role.BUYER)
    order, sub = bought(user=buyer, delivered_days_ago=1)
    db.session.commit()
    assert complain(client, order, sub).status_code == 302
    assert "Parcel received</button>" not in client.get(order_url(order)).text

    # when the buyer posts the confirmation anyway
    response = confirm(client, order, sub)

    # then the complaint is decided first
    assert "is still open" in client.get(response.headers["Location"]).text
    assert status_of(sub) == "delivered"
