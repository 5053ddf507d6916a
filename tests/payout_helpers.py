"""Shared by the admin's payout tests (tests/functional/test_admin_payouts_*) and the pages
that show payouts: parcels owed, reading tables and forms, the preview and its button."""

import csv
import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.kernel.money import format_rupiah
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger.models import Payout
from tests.factories import deliver, make_order, pay


def rp(amount: int) -> str:
    """An amount as the English pages show it."""
    return format_rupiah(amount, "en")


def today():
    return jakarta_date(utcnow())


def parcel(group, goods, days_ago=2, delivered=True):
    """A paid order for one group, delivered `days_ago` days ago; returns (order, sub)."""
    when = utcnow() - timedelta(days=days_ago)
    order = pay(make_order([(group, goods)], at=when - timedelta(days=1)),
                at=when - timedelta(days=1))
    sub = order.sub_orders[0]
    if delivered:
        deliver(sub, at=when)
    return order, sub


def row_with(page: str, text: str) -> str:
    """The table row of `page` that mentions `text`."""
    for row in re.findall(r"<tr>.*?</tr>", page, flags=re.S):
        if text in row:
            return row
    raise AssertionError(f"no row with {text!r}")


def form_fields(page: str, action: str) -> dict[str, str]:
    """The named inputs of the form posting to `action` (hidden ones included)."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page,
                     flags=re.S)
    assert form, f"no form posting to {action}"
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(0)):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def preview(client, group, cutoff=None):
    return client.get("/admin/pencairan/baru", query_string={
        "group_id": group.id, "cutoff": (cutoff or today()).isoformat()})


def create_from_preview(client, group, **changes):
    """Open the preview and press its "Create draft payout" button."""
    page = preview(client, group).text
    data = {**form_fields(page, "/admin/pencairan/baru"), **changes}
    return client.post("/admin/pencairan/baru", data=data)


def payout_count() -> int:
    db.session.commit()
    return db.session.scalar(select(func.count(Payout.id)))


def audit_actions() -> list[str]:
    db.session.commit()
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))
