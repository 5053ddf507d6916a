"""Sub-order fulfilment: a producer group's parcels listed, packed, shipped, delivered or
cancelled (its units back on sale).

Every sub-order a group sees comes from suborders_for_group(group); services flush, the
caller commits. The ledger's side of a cancellation (what the buyer is owed, the commission
given back) is ledger.parcels.cancel_parcel, which calls cancel_sub_order here.
"""

from __future__ import annotations

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import contains_eager, selectinload

from marketplace.catalog.models import ProducerGroup
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError
from marketplace.kernel.pagination import Page
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.services import release_sub_order_stock
from marketplace.orders.status import (
    SUB_ORDER_STATUS_LABELS,
    SUB_ORDER_TRANSITIONS,
    IllegalTransitionError,
    OrderStatus,
    SubOrderStatus,
    transition,
)

# What a group works on, in the order the list shows it: new orders first.
VISIBLE_STATUSES = (
    SubOrderStatus.NEW,
    SubOrderStatus.PROCESSING,
    SubOrderStatus.SHIPPED,
    SubOrderStatus.DELIVERED,
    SubOrderStatus.COMPLETED,
    SubOrderStatus.CANCELLED_BY_GROUP,
    SubOrderStatus.ON_HOLD,  # its payment was reversed: shown so the group does not ship it
)
# A refunded or reversed order stays in the group's history; unpaid ones never appear.
_PAID_ORDER_STATUSES = (OrderStatus.PAID, OrderStatus.REFUNDED, OrderStatus.PAYMENT_REVERSED)
_STATUS_RANK = case({status.value: rank for rank, status in enumerate(VISIBLE_STATUSES)},
                    value=SubOrder.status, else_=len(VISIBLE_STATUSES))


class SubOrderError(MessageError):
    """A sub-order action that cannot be done now: `.msgid` and `.params` (the order's
    number, its status's label); str(error) is the message for the user."""


def suborders_for_group(group: ProducerGroup) -> Select:
    """The group's sub-orders of paid orders, with their order and lines: the only query."""
    return (
        select(SubOrder)
        .join(SubOrder.order)
        .where(
            SubOrder.group_id == group.id,
            SubOrder.status.in_(VISIBLE_STATUSES),
            Order.status.in_(_PAID_ORDER_STATUSES),
        )
        .options(contains_eager(SubOrder.order), selectinload(SubOrder.lines))
    )


def sub_order_for_group(group: ProducerGroup, sub_order_id: int) -> SubOrder | None:
    """One sub-order of this group; another group's id gives None (the view answers 404)."""
    return db.session.scalar(suborders_for_group(group).where(SubOrder.id == sub_order_id))


def lock_sub_order(group: ProducerGroup, sub_order_id: int) -> SubOrder | None:
    """Load the sub-order for a change, locked until commit (PostgreSQL: the row lock).

    The caller holds the write transaction: every POST request opens one (kernel.dbtx),
    which on SQLite is BEGIN IMMEDIATE."""
    return db.session.scalar(
        suborders_for_group(group)
        .where(SubOrder.id == sub_order_id)
        .with_for_update(of=SubOrder)
        .execution_options(populate_existing=True)
    )


def order_page(group: ProducerGroup, status: str | None, page: int, per_page: int) -> Page:
    """One page of the group's sub-orders (of one status, if given): new first, newest first."""
    stmt = suborders_for_group(group)
    if status in VISIBLE_STATUSES:
        stmt = stmt.where(SubOrder.status == status)
    total = db.session.scalar(
        stmt.with_only_columns(func.count(SubOrder.id)).order_by(None)
    )
    page = min(page, max(1, -(-total // per_page)))
    items = db.session.scalars(
        stmt.order_by(_STATUS_RANK, Order.paid_at.desc(), SubOrder.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def status_counts(group: ProducerGroup) -> dict[str, int]:
    """How many of the group's sub-orders are in each status."""
    rows = db.session.execute(
        suborders_for_group(group)
        .with_only_columns(SubOrder.status, func.count(SubOrder.id))
        .group_by(SubOrder.status)
    ).all()
    counts = dict(rows)
    return {str(status): counts.get(status, 0) for status in VISIBLE_STATUSES}


def _move(sub: SubOrder, new: SubOrderStatus) -> None:
    if sub.status == SubOrderStatus.ON_HOLD:
        raise SubOrderError(N_(
            "Nothing was changed: order %(number)s is on hold. Do not ship it: the buyer's "
            "payment was taken back by Midtrans."), number=sub.order.number)
    try:
        transition(sub, SUB_ORDER_TRANSITIONS, new)
    except IllegalTransitionError:
        raise SubOrderError(
            N_("Nothing was changed: order %(number)s is now “%(status)s”."),
            number=sub.order.number,
            status=SUB_ORDER_STATUS_LABELS.get(sub.status, sub.status),
        ) from None


def start_processing(sub: SubOrder) -> None:
    """new -> processing: the group is packing the parcel."""
    _move(sub, SubOrderStatus.PROCESSING)
    sub.processing_at = utcnow()
    db.session.flush()


def ship(sub: SubOrder, courier: str, tracking_number: str) -> None:
    """processing -> shipped, with the courier and its tracking number."""
    _move(sub, SubOrderStatus.SHIPPED)
    sub.courier = courier
    sub.tracking_number = tracking_number
    sub.shipped_at = utcnow()
    db.session.flush()


def mark_delivered(sub: SubOrder) -> None:
    """shipped -> delivered."""
    _move(sub, SubOrderStatus.DELIVERED)
    sub.delivered_at = utcnow()
    db.session.flush()


def cancel_sub_order(sub: SubOrder, reason: str, user_id: int | None = None) -> None:
    """new or processing -> cancelled_by_group: its units go back on sale (recorded as the
    member `user_id`'s doing). What the buyer is owed and the commission given back are the
    ledger's part (ledger.parcels.cancel_parcel)."""
    _move(sub, SubOrderStatus.CANCELLED_BY_GROUP)
    sub.cancel_reason = reason
    sub.cancelled_at = utcnow()
    db.session.flush()
    release_sub_order_stock(sub, user_id)
