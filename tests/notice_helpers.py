"""Helpers for the order emails' tests: a group whose members read different languages,
paid orders in the buyer's language, and the outbox as the tests read it."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.kernel.outbox import OutboxMessage
from marketplace.kernel.timeutil import utcnow
from tests.factories import deliver as deliver_parcel
from tests.factories import make_group, make_order, make_user, pay

SHOP = "https://pasar.example"


@contextmanager
def shop_request(app):
    """A request on the shop's public address (links in emails are absolute), sharing the
    test's app context and database session."""
    with app.test_request_context("/", base_url=SHOP):
        yield


def bilingual_group(**kw):
    """An approved group with two members: Sri reads English, Wati Indonesian."""
    group = make_group(**kw)
    sri = make_user(name="Sri", locale="en")
    wati = make_user(name="Wati", locale="id")
    for user in (sri, wati):
        db.session.add(GroupMembership(group=group, user=user, role="member"))
    db.session.flush()
    return group, sri, wati


def paid_order(group, locale: str = "id", at=None, **kw):
    """A paid one-parcel order from `group`, placed in `locale` (paid at `at`, default now)."""
    order = make_order([(group, 120_000)], locale=locale, at=at, **kw)
    pay(order, at=at)
    return order


def delivered_order(group, locale: str = "id", at=None):
    order = paid_order(group, locale, at=at)
    deliver_parcel(order.sub_orders[0], at=at or utcnow())
    return order


def hours_ago(hours: float):
    return utcnow() - timedelta(hours=hours)


def outbox(template: str | None = None) -> list[OutboxMessage]:
    """The queued emails (of one template), in the order they were queued."""
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        stmt = stmt.where(OutboxMessage.template == template)
    return list(db.session.scalars(stmt))


def to(rows, address: str) -> OutboxMessage:
    [row] = [row for row in rows if row.recipient == address]
    return row


def said(locale: str, msgid: str, **params) -> str:
    """What the catalogue makes of `msgid` in `locale` (English until translated)."""
    with force_locale(locale):
        return _(msgid, **params)


def read_eml(path: Path):
    with path.open("rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def sent(app) -> list[tuple[str, str]]:
    """(recipient, plain-text body) of each email delivered to the outbox folder (a sent
    message's body is emptied in the database)."""
    folder = Path(app.instance_path) / "outbox"
    messages = [read_eml(path) for path in sorted(folder.glob("*.eml"))]
    return [(message["To"], message.get_content()) for message in messages]
