"""Emails about orders, each sent once: claimed by a conditional UPDATE before sending."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update

from ..catalog.models import GroupMembership
from ..dbtx import begin_write
from ..extensions import db
from ..mail import send_mail
from ..timeutil import utcnow
from .access import order_link
from .models import Order, SubOrder


def _claim(model, row_id: int, column) -> bool:
    begin_write()
    claimed = db.session.execute(
        update(model).where(model.id == row_id, column.is_(None)).values({column.key: utcnow()})
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def send_paid_notices(order_id: int) -> None:
    """The buyer's receipt and one 'new order' email per group, each at most once."""
    order = db.session.get(Order, order_id, populate_existing=True)
    if _claim(Order, order.id, Order.receipt_sent_at):
        _safe_send(order.email, _("Payment received: order %(number)s", number=order.number),
                   "order_paid", order=order, url=order_link(order, external=True))
    for sub in order.sub_orders:
        if not _claim(SubOrder, sub.id, SubOrder.group_notified_at):
            continue
        emails = db.session.scalars(
            select(GroupMembership.user_id).where(GroupMembership.group_id == sub.group_id)
        ).all()
        from ..accounts.models import User

        for user in db.session.scalars(select(User).where(User.id.in_(emails))):
            _safe_send(user.email, _("New paid order %(number)s for %(group)s",
                                     number=order.number, group=sub.group_name),
                       "group_new_order", order=order, sub=sub,
                       url=url_for("studio.order_detail", group_slug=sub.group.slug,
                                   sub_order_id=sub.id, _external=True))


def send_shipped_notice(sub: SubOrder) -> None:
    order = sub.order
    _safe_send(order.email, _("Your parcel from %(group)s is on its way", group=sub.group_name),
               "parcel_shipped", order=order, sub=sub, url=order_link(order, external=True))


def _safe_send(to: str, subject: str, template: str, **context) -> None:
    try:
        send_mail(to, subject, template, **context)
    except OSError:
        current_app.logger.exception("could not send %s to %s", template, to)
