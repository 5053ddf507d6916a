"""`flask orders remind-unshipped`: a paid parcel not shipped in time reminds its group.

Safe from cron, and safe when two runs overlap: each reminder's outbox key (one per parcel
and member) makes a second insert a no-op, so every member is reminded once per parcel
however often the command runs. Each parcel is its own transaction.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.kernel.dbtx import begin_write, end_read
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.notices import queue_ship_reminders
from marketplace.orders.status import OrderStatus, SubOrderStatus

# A parcel the group still has to send: paid, not shipped, not cancelled nor held.
UNSHIPPED = (SubOrderStatus.NEW, SubOrderStatus.PROCESSING)


def _is_unshipped(sub: SubOrder) -> bool:
    return sub.status in UNSHIPPED and sub.order.status == OrderStatus.PAID


def unshipped_overdue(hours: float) -> list[int]:
    """Ids of the paid parcels still unshipped `hours` after their order was paid."""
    due_before = utcnow() - timedelta(hours=hours)
    return list(db.session.scalars(
        select(SubOrder.id).join(SubOrder.order)
        .where(SubOrder.status.in_(UNSHIPPED), Order.status == OrderStatus.PAID,
               Order.paid_at <= due_before)
        .order_by(SubOrder.id)
    ))


def remind_unshipped() -> Counter:
    """Queue the reminders owed now; commits per parcel. Counts `parcels` reminded now,
    `emails` queued now, and `skipped` (reminded before, or shipped since the list)."""
    hours = float(current_app.config["SHIP_REMINDER_HOURS"])
    ids = unshipped_overdue(hours)
    end_read()
    counts: Counter = Counter(parcels=0, emails=0, skipped=0)
    for sub_id in ids:
        begin_write()
        sub = db.session.get(SubOrder, sub_id, populate_existing=True)
        queued = queue_ship_reminders(sub, hours) if _is_unshipped(sub) else 0
        db.session.commit()
        if queued:
            counts["parcels"] += 1
            counts["emails"] += queued
        else:
            counts["skipped"] += 1
    return counts
