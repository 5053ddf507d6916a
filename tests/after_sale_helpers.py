"""Shared by the receipt, auto-complete, complaint and payout-setting tests: parcels at each
step after the sale, the buyer's pages and forms, and reading complaints back."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.access import order_token
from marketplace.orders.complaints import Complaint
from marketplace.orders.models import SubOrder
from marketplace.orders.status import SUB_ORDER_TRANSITIONS, SubOrderStatus, transition
from tests.factories import deliver, make_group, make_order, pay
from tests.helpers import csrf_token


def shipped(sub, at=None):
    """A paid parcel packed and shipped (at `at`), never marked delivered."""
    when = at or utcnow()
    for status in (SubOrderStatus.PROCESSING, SubOrderStatus.SHIPPED):
        transition(sub, SUB_ORDER_TRANSITIONS, status)
    sub.processing_at = sub.shipped_at = when
    sub.courier, sub.tracking_number = "JNE", f"JNE{sub.id:08d}"
    db.session.flush()
    return sub


def bought(group=None, goods=100_000, user=None, delivered_days_ago=None,
           shipped_days_ago=None, payment_type="bank_transfer"):
    """A paid one-parcel order (of `user`, else a guest's), delivered or only shipped that
    many days ago if asked; returns (order, sub)."""
    group = group or make_group()
    paid_at = utcnow() - timedelta(days=max(delivered_days_ago or 0, shipped_days_ago or 0) + 1)
    order = pay(make_order([(group, goods)], at=paid_at - timedelta(minutes=5),
                           user_id=user.id if user else None), at=paid_at,
                payment_type=payment_type)
    sub = order.sub_orders[0]
    if delivered_days_ago is not None:
        deliver(sub, at=utcnow() - timedelta(days=delivered_days_ago))
    elif shipped_days_ago is not None:
        shipped(sub, at=utcnow() - timedelta(days=shipped_days_ago))
    return order, sub


def order_url(order, guest: bool = False) -> str:
    """The order page; a guest's with its signed token."""
    return f"/pesanan/{order.number}" + (f"?t={order_token(order)}" if guest else "")


def with_token(url: str, order, guest: bool) -> str:
    return url + (f"?t={order_token(order)}" if guest else "")


def confirm(client, order, sub, guest: bool = False):
    """Press "Parcel received" on the order page."""
    return client.post(with_token(f"/pesanan/{order.number}/paket/{sub.id}/diterima", order,
                                  guest),
                       data={"csrf_token": csrf_token(client, order_url(order, guest))})


def jpeg(size=(400, 300), color="navy", exif=None) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    image.save(out, "JPEG", **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def complain(client, order, sub, guest: bool = False, reason="damaged",
             description="Satu cangkir retak saat paket dibuka.", files=()):
    """Send the complaint form (with photos: (filename, bytes) pairs)."""
    url = with_token(f"/pesanan/{order.number}/paket/{sub.id}/komplain", order, guest)
    data = {"csrf_token": csrf_token(client, order_url(order, guest)), "reason": reason,
            "description": description,
            "photos": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(url, data=data, content_type="multipart/form-data")


def complaints_of(sub) -> list[Complaint]:
    db.session.expire_all()
    return list(db.session.scalars(select(Complaint).where(Complaint.sub_order_id == sub.id)
                                   .order_by(Complaint.id)))


def status_of(sub) -> str:
    db.session.expire_all()
    return str(db.session.get(SubOrder, sub.id).status)
