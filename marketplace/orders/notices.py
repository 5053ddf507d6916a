"""Emails about orders, queued in the outbox in the same transaction as the event.

Each has an idempotency key per event and recipient, so a replayed payment notification or
a second reconcile run queues nothing new; delivery and its retries are the outbox's.

Each email is written in its recipient's language: the buyer's is the page language at
checkout (`Order.locale`), a group member's the one they last chose (`User.locale`). The
subject and the plain-text body are both rendered under `force_locale` (`in_language`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_
from marketplace.kernel.outbox import OutboxMessage, enqueue_mail
from marketplace.kernel.whatsapp import whatsapp_link
from marketplace.orders.access import order_link
from marketplace.orders.complaint_status import COMPLAINT_REASON_LABELS
from marketplace.orders.models import Order, SubOrder


def known_locale(code: str | None) -> str:
    """`code` if the shop has that language, else the shop's own (Indonesian)."""
    config = current_app.config
    return code if code in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


@contextmanager
def in_language(code: str | None) -> Iterator[str]:
    """Render what is inside (gettext, templates, rupiah and dates) in this language."""
    locale = known_locale(code)
    with force_locale(locale):
        yield locale


def group_members(group_id: int) -> list[User]:
    """Everyone who works for the group: each gets the group's emails."""
    return list(db.session.scalars(
        select(User).join(GroupMembership, GroupMembership.user_id == User.id)
        .where(GroupMembership.group_id == group_id, User.is_enabled.is_(True))
        .order_by(User.id)
    ))


def studio_link(sub: SubOrder) -> str:
    """The parcel's page in the group's studio (external: it goes into an email)."""
    return url_for("studio.order_detail", group_slug=sub.group.slug, sub_order_id=sub.id,
                   _external=True)


def buyer_whatsapp_link(sub: SubOrder) -> str:
    """Click-to-chat with the buyer, a greeting about the order typed in the buyer's language."""
    order = sub.order
    with in_language(order.locale):
        text = _("Hello %(name)s, this is %(group)s about your order %(number)s.",
                 name=order.buyer_name, group=sub.group_name, number=order.number)
    return whatsapp_link(order.phone, text)


def _queued(keys: set[str]) -> set[str]:
    """Which of these idempotency keys are in the outbox already."""
    if not keys:
        return set()
    return set(db.session.scalars(
        select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(keys))))


def _count(queued: list[int | None]) -> int:
    return sum(message_id is not None for message_id in queued)


# --- payment ---------------------------------------------------------------------------------
def queue_paid_notices(order: Order) -> int:
    """The buyer's receipt and a 'new order' email to each member of each group; the
    caller commits. Returns how many emails were newly queued."""
    with in_language(order.locale):
        queued = [enqueue_mail(order.email,
                               _("Payment received: order %(number)s", number=order.number),
                               "order_paid", key=f"receipt:order:{order.id}",
                               order=order, url=order_link(order, external=True))]
    for sub in order.sub_orders:
        url, chat = studio_link(sub), buyer_whatsapp_link(sub)
        for user in group_members(sub.group_id):
            with in_language(user.locale):
                queued.append(enqueue_mail(
                    user.email, _("New paid order %(number)s for %(group)s",
                                  number=order.number, group=sub.group_name),
                    "group_new_order", key=f"group-new-order:sub:{sub.id}:user:{user.id}",
                    order=order, sub=sub, url=url, whatsapp_url=chat))
    return _count(queued)


def queue_ship_reminders(sub: SubOrder, hours: float) -> int:
    """Remind each member of the group that this paid parcel waits to be shipped (once per
    parcel and member); the caller commits. Returns how many emails were newly queued."""
    order = sub.order
    members = group_members(sub.group_id)
    # Reminded before: not rendered again (the key would make the insert a no-op anyway).
    done = _queued({ship_reminder_key(sub.id, user.id) for user in members})
    members = [user for user in members if ship_reminder_key(sub.id, user.id) not in done]
    if not members:
        return 0
    url, chat = studio_link(sub), buyer_whatsapp_link(sub)
    queued = []
    for user in members:
        with in_language(user.locale):
            queued.append(enqueue_mail(
                user.email, _("Please ship order %(number)s for %(group)s",
                              number=order.number, group=sub.group_name),
                "ship_reminder", key=ship_reminder_key(sub.id, user.id),
                user=user, order=order, sub=sub, url=url, whatsapp_url=chat,
                hours=int(hours)))
    return _count(queued)


def ship_reminder_key(sub_order_id: int, user_id: int) -> str:
    return f"ship-reminder:sub:{sub_order_id}:user:{user_id}"


# --- the parcel on its way -------------------------------------------------------------------
def queue_shipped_notice(sub: SubOrder) -> int | None:
    """The buyer's 'on its way' email with the tracking number and link; the caller commits."""
    order = sub.order
    with in_language(order.locale):
        return enqueue_mail(order.email,
                            _("Your parcel from %(group)s is on its way", group=sub.group_name),
                            "parcel_shipped", key=f"shipped:sub:{sub.id}",
                            order=order, sub=sub, url=order_link(order, external=True))


def queue_delivered_notice(sub: SubOrder) -> int | None:
    """The buyer's 'delivered' email, pointing at the order page (confirm receipt, or tell
    us about a problem); the caller commits."""
    order = sub.order
    with in_language(order.locale):
        return enqueue_mail(order.email,
                            _("Your parcel from %(group)s was delivered", group=sub.group_name),
                            "parcel_delivered", key=f"delivered:sub:{sub.id}",
                            order=order, sub=sub, url=order_link(order, external=True))


# --- complaints ------------------------------------------------------------------------------
# What the buyer reads about each step of a complaint (translated when the email is written).
COMPLAINT_NEWS = {
    "answered": N_("%(group)s answered your complaint about order %(number)s."),
    "rejected": N_("The association looked into your complaint about order %(number)s and "
                   "rejected it."),
    "refunded_partly": N_("The association decided your complaint about order %(number)s: "
                          "part of what you paid for this parcel is refunded."),
    "refunded_fully": N_("The association decided your complaint about order %(number)s: "
                         "what you paid for this parcel is refunded in full."),
    "refunded": N_("The association decided your complaint about order %(number)s: you "
                   "get a refund."),
    "changed": N_("Your complaint about order %(number)s was updated."),
}


def _complaint_event(event) -> tuple[str, str]:
    """(name, what makes it unique) for an event given as a name or as an event-log row
    (with `.id` and `.kind`, `.event` or `.name`)."""
    if isinstance(event, str):
        return event, event
    name = next((str(value) for attr in ("kind", "event", "name", "action")
                 if (value := getattr(event, attr, None))), "changed")
    return name, f"{name}:{getattr(event, 'id', '')}"


def queue_complaint_notice(complaint, event) -> int:
    """Tell whoever must act or know that a complaint changed; the caller commits.

    `complaint` is any object with `.id`, `.sub_order` and `.status`; `event` is a short
    name ("opened", "answered", "rejected", "refunded", …) or an event-log row carrying one
    and its `.id` (so a second answer is a second email). "opened" goes to each member of
    the group, every other step to the buyer. Returns how many emails were newly queued.
    """
    name, unique = _complaint_event(event)
    sub = complaint.sub_order
    order = sub.order
    base = f"complaint:{complaint.id}:{unique}"
    if name == "opened":
        url, chat = studio_link(sub), buyer_whatsapp_link(sub)
        queued = []
        for user in group_members(sub.group_id):
            with in_language(user.locale):
                queued.append(enqueue_mail(
                    user.email, _("Complaint about order %(number)s", number=order.number),
                    "complaint_opened", key=f"{base}:user:{user.id}",
                    user=user, order=order, sub=sub, complaint=complaint, url=url,
                    reason=COMPLAINT_REASON_LABELS.get(getattr(complaint, "reason", None), ""),
                    whatsapp_url=chat))
        return _count(queued)
    status = str(getattr(complaint.status, "value", complaint.status))
    # a decision says which one it was when the complaint's status tells
    told = status if name in ("refunded", "decided") and status in COMPLAINT_NEWS else name
    news = COMPLAINT_NEWS.get(told, COMPLAINT_NEWS["changed"])
    refunded = told.startswith("refunded")
    with in_language(order.locale):
        queued = [enqueue_mail(
            order.email, _("Your complaint about order %(number)s", number=order.number),
            "complaint_changed", key=f"{base}:buyer",
            order=order, sub=sub, complaint=complaint,
            news=_(news, group=sub.group_name, number=order.number),
            answer=getattr(complaint, "answer", "") if name == "answered" else "",
            note="" if name == "answered" else getattr(complaint, "decision_note", ""),
            refund_amount=(getattr(event, "amount", 0)
                           or getattr(complaint, "refund_amount", 0)) if refunded else 0,
            url=order_link(order, external=True))]
    return _count(queued)
