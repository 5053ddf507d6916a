"""Emails about orders, queued in the outbox in the same transaction as the event.

Each has an idempotency key per event and recipient, so a replayed payment notification or
a second reconcile run queues nothing new; delivery and its retries are the outbox's.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.kernel.outbox import enqueue_mail
from marketplace.orders.access import order_link
from marketplace.orders.models import Order, SubOrder


def queue_paid_notices(order: Order) -> int:
    """The buyer's receipt and a 'new order' email to each member of each group; the
    caller commits. Returns how many emails were newly queued."""
    queued = [enqueue_mail(order.email,
                           _("Payment received: order %(number)s", number=order.number),
                           "order_paid", key=f"receipt:order:{order.id}",
                           order=order, url=order_link(order, external=True))]
    for sub in order.sub_orders:
        members = db.session.scalars(
            select(User).join(GroupMembership, GroupMembership.user_id == User.id)
            .where(GroupMembership.group_id == sub.group_id).order_by(User.id)
        ).all()
        url = url_for("studio.order_detail", group_slug=sub.group.slug,
                      sub_order_id=sub.id, _external=True)
        for user in members:
            queued.append(enqueue_mail(
                user.email, _("New paid order %(number)s for %(group)s",
                              number=order.number, group=sub.group_name),
                "group_new_order", key=f"group-new-order:sub:{sub.id}:user:{user.id}",
                order=order, sub=sub, url=url))
    return sum(message_id is not None for message_id in queued)


def queue_shipped_notice(sub: SubOrder) -> int | None:
    """The buyer's 'on its way' email with the tracking number; the caller commits."""
    order = sub.order
    return enqueue_mail(order.email,
                        _("Your parcel from %(group)s is on its way", group=sub.group_name),
                        "parcel_shipped", key=f"shipped:sub:{sub.id}",
                        order=order, sub=sub, url=order_link(order, external=True))
