"""A parcel completed: the buyer confirms it arrived ("Pesanan diterima"), or the
auto-complete command completes it AUTO_COMPLETE_DAYS after shipping.

Completion is one conditional UPDATE (status still shipped or delivered, the order paid, no
open complaint), so a double click, two overlapping cron runs or a complaint opened at the
same moment complete a parcel at most once and never one under complaint. On PostgreSQL
the parcel's row is locked first, in its own statement: the UPDATE that follows then reads
a fresh snapshot and sees a complaint committed while it waited.

The auto-complete command never cuts a complaint window short (complaint_services): a
parcel marked delivered waits COMPLAINT_WINDOW_DAYS after delivery as well.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, or_, select, update

from marketplace.kernel.dbtx import begin_write, end_read
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.complaint_services import open_complaint_on
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.status import (
    SUB_ORDER_STATUS_LABELS,
    SUB_ORDER_TRANSITIONS,
    OrderStatus,
    SubOrderStatus,
)

# Straight from the transition table: the statuses a parcel is completed from.
COMPLETABLE = tuple(sorted(status for status, targets in SUB_ORDER_TRANSITIONS.items()
                           if SubOrderStatus.COMPLETED in targets))
# A parcel of a paid order (a refunded one too: its goods were sent); never one whose
# payment Midtrans took back.
_PAID_ORDERS = (OrderStatus.PAID, OrderStatus.REFUNDED)


class ReceiptError(MessageError):
    """A parcel that cannot be marked received now; str(error) is the message for the buyer."""


def _order_paid():
    return exists().where(Order.id == SubOrder.order_id, Order.status.in_(_PAID_ORDERS))


def _complete(sub_id: int, now: datetime, received: bool) -> bool:
    """The conditional UPDATE: True if this call completed the parcel."""
    values = {"status": SubOrderStatus.COMPLETED, "completed_at": now}
    if received:
        values["received_at"] = now
    result = db.session.execute(
        update(SubOrder)
        .where(SubOrder.id == sub_id, SubOrder.status.in_(COMPLETABLE), _order_paid(),
               ~open_complaint_on(SubOrder.id))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _lock(sub_id: int) -> SubOrder | None:
    return db.session.scalar(
        select(SubOrder).where(SubOrder.id == sub_id).with_for_update()
        .execution_options(populate_existing=True)
    )


def confirm_receipt(order: Order, sub_id: int) -> bool:
    """The buyer says the parcel arrived: shipped or delivered -> completed. True if this
    call completed it, False if it already was (a second click). ReceiptError otherwise;
    LookupError when the parcel is not part of this order (the view answers 404).

    The caller holds the write transaction (every POST opens one) and commits."""
    sub = _lock(sub_id)
    if sub is None or sub.order_id != order.id:
        raise LookupError(sub_id)
    if sub.status == SubOrderStatus.COMPLETED:
        return False
    if db.session.scalar(select(open_complaint_on(sub.id))):
        raise ReceiptError(N_("Your complaint about the parcel from %(group)s is still open: "
                              "the association decides it first."), group=sub.group_name)
    if sub.status not in COMPLETABLE or order.status not in _PAID_ORDERS:
        raise ReceiptError(N_("The parcel from %(group)s cannot be marked as received now: "
                              "it is “%(status)s”."), group=sub.group_name,
                           status=SUB_ORDER_STATUS_LABELS.get(sub.status, sub.status))
    now = utcnow()
    if not _complete(sub.id, now, received=True):  # refused by the database's own check
        raise ReceiptError(N_("The parcel from %(group)s cannot be marked as received now."),
                           group=sub.group_name)
    db.session.refresh(sub)
    return True


def due_parcel_ids(now: datetime) -> list[int]:
    """Parcels the auto-complete command completes now: shipped AUTO_COMPLETE_DAYS ago or
    more, out of their complaint window if delivered, with no open complaint."""
    config = current_app.config
    shipped_before = now - timedelta(days=config["AUTO_COMPLETE_DAYS"])
    delivered_before = now - timedelta(days=config["COMPLAINT_WINDOW_DAYS"])
    return list(db.session.scalars(
        select(SubOrder.id)
        .where(SubOrder.status.in_(COMPLETABLE), SubOrder.shipped_at <= shipped_before,
               or_(SubOrder.delivered_at.is_(None), SubOrder.delivered_at <= delivered_before),
               _order_paid(), ~open_complaint_on(SubOrder.id))
        .order_by(SubOrder.id)
    ))


def complete_due_parcel(sub_id: int, now: datetime) -> bool:
    """One parcel of the auto-complete run, in the caller's write transaction: locked, then
    completed if it still qualifies (another run may have done it). Flushes only."""
    sub = _lock(sub_id)
    if sub is None or sub.shipped_at is None:
        return False
    config = current_app.config
    if sub.shipped_at > now - timedelta(days=config["AUTO_COMPLETE_DAYS"]):
        return False
    if sub.delivered_at is not None and \
            sub.delivered_at > now - timedelta(days=config["COMPLAINT_WINDOW_DAYS"]):
        return False
    if not _complete(sub_id, now, received=False):
        return False
    db.session.refresh(sub)
    return True


def run_auto_complete(now: datetime | None = None) -> int:
    """`flask orders complete-parcels`: complete every due parcel, one transaction each
    (committed here, like the expiry command), so a long run holds no lock for long and two
    overlapping runs complete each parcel once. Returns how many this run completed."""
    now = now or utcnow()
    ids = due_parcel_ids(now)
    end_read()
    done = 0
    for sub_id in ids:
        begin_write()
        try:
            completed = complete_due_parcel(sub_id, now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        done += completed
    return done
