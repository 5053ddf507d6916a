"""Statements: what each group is owed now (admin), and one group's own statement (studio).

The owed-now figures use payouts.payable_sub_orders and follow payouts.clawback_lines for
every group at once, in grouped queries, so the admin's list costs the same few statements
however many groups there are. A group's statement is always filtered by its own id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, exists, func, select

from marketplace.catalog.models import ProducerGroup, Sentra
from marketplace.catalog.status import GroupStatus
from marketplace.kernel.extensions import db
from marketplace.ledger.models import (
    CommissionEntry,
    Payout,
    PayoutLine,
    PayoutStatus,
    Refund,
    RefundState,
)
from marketplace.ledger.payouts import payable_sub_orders
from marketplace.ledger.reports import Period, month_period
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.status import OrderStatus, SubOrderStatus

MAX_PERIOD_DAYS = 3 * 366


# --- What each group is owed now (the admin's payouts page) ---------------------------
@dataclass(frozen=True)
class OwedRow:
    group_id: int
    group_name: str
    sentra_name: str
    parcels: int  # delivered sub-orders not yet in a payout
    clawbacks: int  # refunds to take back from an earlier payout
    amount: int  # what a payout made now would pay


def _per_sub_order(ids: Select):
    """(commission net of reversals, refunded) per sub-order among `ids`, as subqueries."""
    commission = (
        select(CommissionEntry.sub_order_id.label("sub_order_id"),
               func.sum(CommissionEntry.amount).label("amount"))
        .where(CommissionEntry.sub_order_id.in_(ids))
        .group_by(CommissionEntry.sub_order_id)
    ).subquery()
    refunded = (
        select(Refund.sub_order_id.label("sub_order_id"),
               func.sum(Refund.amount).label("amount"))
        .where(Refund.sub_order_id.in_(ids), Refund.state == RefundState.SUCCEEDED)
        .group_by(Refund.sub_order_id)
    ).subquery()
    return commission, refunded


def owed_by_group(cutoff: date) -> list[OwedRow]:
    """Every group a payout up to `cutoff` would pay (or claw back from), by sentra and name."""
    payable = payable_sub_orders(cutoff)
    commission, refunded = _per_sub_order(payable)
    parcels = db.session.execute(
        select(SubOrder.group_id, func.count(SubOrder.id),
               func.sum(SubOrder.goods_amount + SubOrder.shipping_amount
                        - func.coalesce(commission.c.amount, 0)
                        - func.coalesce(refunded.c.amount, 0)))
        .outerjoin(commission, commission.c.sub_order_id == SubOrder.id)
        .outerjoin(refunded, refunded.c.sub_order_id == SubOrder.id)
        .where(SubOrder.id.in_(payable))
        .group_by(SubOrder.group_id)
    ).all()
    clawbacks = db.session.execute(
        select(Refund.group_id, func.count(Refund.id), func.sum(Refund.clawback_amount))
        .where(Refund.state == RefundState.SUCCEEDED, Refund.clawback_amount > 0,
               ~exists().where(PayoutLine.refund_id == Refund.id))
        .group_by(Refund.group_id)
    ).all()
    totals: dict[int, list[int]] = {}
    for gid, count, net in parcels:
        totals[gid] = [int(count), 0, int(net or 0)]
    for gid, count, amount in clawbacks:
        row = totals.setdefault(gid, [0, 0, 0])
        row[1] += int(count)
        row[2] -= int(amount or 0)
    if not totals:
        return []
    names = db.session.execute(
        select(ProducerGroup.id, ProducerGroup.name, Sentra.name)
        .join(Sentra, Sentra.id == ProducerGroup.sentra_id)
        .where(ProducerGroup.id.in_(list(totals)))
    ).all()
    rows = [OwedRow(gid, gname, sname, *totals[gid]) for gid, gname, sname in names]
    return sorted(rows, key=lambda row: (row.sentra_name, row.group_name, row.group_id))


def payout_list(status: PayoutStatus | None = None, group_id: int | None = None) -> Select:
    """All payouts for the admin, newest first, optionally of one status or group."""
    stmt = select(Payout)
    if status is not None:
        stmt = stmt.where(Payout.status == status)
    if group_id is not None:
        stmt = stmt.where(Payout.group_id == group_id)
    return stmt.order_by(Payout.id.desc())


def groups_with_payouts() -> list[tuple[int, str]]:
    """(id, name) of every group that has a payout, for the list's filter."""
    return list(db.session.execute(
        select(ProducerGroup.id, ProducerGroup.name)
        .where(exists().where(Payout.group_id == ProducerGroup.id))
        .order_by(ProducerGroup.name, ProducerGroup.id)
    ).all())


def group_choices() -> list[tuple[int, str]]:
    """(id, "name — sentra") of every approved group, for choosing whom to pay: a pending
    or rejected group has sold nothing, a suspended one is paid once reinstated."""
    return [(gid, f"{gname} — {sname}") for gid, gname, sname in db.session.execute(
        select(ProducerGroup.id, ProducerGroup.name, Sentra.name)
        .join(Sentra, Sentra.id == ProducerGroup.sentra_id)
        .where(ProducerGroup.status == GroupStatus.APPROVED)
        .order_by(ProducerGroup.name, ProducerGroup.id)
    )]


@dataclass(frozen=True)
class PaidLine:
    """A payout line with its order number and, for a parcel, when it was delivered."""

    line: PayoutLine
    order_number: str
    delivered_at: datetime | None


def payout_lines(payout: Payout) -> list[PaidLine]:
    """A payout's lines, as payouts.payout_lines, plus each parcel's delivery time."""
    rows = db.session.execute(
        select(PayoutLine, Order.number,
               func.coalesce(SubOrder.delivered_at, SubOrder.completed_at))  # arrived
        .outerjoin(SubOrder, SubOrder.id == PayoutLine.sub_order_id)
        .outerjoin(Refund, Refund.id == PayoutLine.refund_id)
        .join(Order, Order.id == func.coalesce(SubOrder.order_id, Refund.order_id))
        .where(PayoutLine.payout_id == payout.id)
        .order_by(PayoutLine.id)
    ).all()
    return [PaidLine(line, number, delivered) for line, number, delivered in rows]


# --- One group's statement (the studio) --------------------------------------------------
@dataclass(frozen=True)
class StatementLine:
    """One of the group's parcels paid in the period, with everything booked on it to date."""

    sub_order_id: int
    order_number: str
    paid_at: datetime
    status: str
    goods: int
    shipping: int
    rate_bp: int | None
    commission: int  # net of reversals
    refunded: int
    payout_id: int | None
    payout_number: str | None
    payout_status: str | None
    order_status: str = ""

    @property
    def reversed(self) -> bool:
        """Midtrans took the buyer's payment back: the reversal is in `refunded`."""
        return self.order_status == OrderStatus.PAYMENT_REVERSED

    @property
    def cancelled(self) -> bool:
        return self.status == SubOrderStatus.CANCELLED_BY_GROUP

    @property
    def net(self) -> int:
        """What the parcel earns the group; a parcel it cancelled earns nothing."""
        if self.cancelled:
            return 0
        return self.goods + self.shipping - self.commission - self.refunded


@dataclass(frozen=True)
class StatementTotals:
    goods: int
    shipping: int
    commission: int
    refunded: int
    net: int


def statement_lines(group_id: int, period: Period) -> list[StatementLine]:
    """The group's sub-orders whose order was paid in the period, oldest first."""
    own = (
        select(SubOrder.id).join(Order, Order.id == SubOrder.order_id)
        .where(SubOrder.group_id == group_id, Order.paid_at >= period.lo,
               Order.paid_at < period.hi)
        .correlate(None)
    )
    commission, refunded = _per_sub_order(own)
    rows = db.session.execute(
        select(SubOrder.id, Order.number, Order.paid_at, SubOrder.status,
               SubOrder.goods_amount, SubOrder.shipping_amount, SubOrder.commission_rate_bp,
               func.coalesce(commission.c.amount, 0), func.coalesce(refunded.c.amount, 0),
               Payout.id, Payout.number, Payout.status, Order.status)
        .join(Order, Order.id == SubOrder.order_id)
        .outerjoin(commission, commission.c.sub_order_id == SubOrder.id)
        .outerjoin(refunded, refunded.c.sub_order_id == SubOrder.id)
        .outerjoin(PayoutLine, PayoutLine.sub_order_id == SubOrder.id)
        .outerjoin(Payout, Payout.id == PayoutLine.payout_id)
        .where(SubOrder.group_id == group_id, Order.paid_at >= period.lo,
               Order.paid_at < period.hi)
        .order_by(Order.paid_at, SubOrder.id)
    ).all()
    return [
        StatementLine(sid, number, paid_at, str(status), goods, shipping, rate, int(comm),
                      int(ref), pid, pnumber, str(pstatus) if pstatus else None,
                      str(order_status))
        for sid, number, paid_at, status, goods, shipping, rate, comm, ref, pid, pnumber,
        pstatus, order_status in rows
    ]


def totals_of(lines: list[StatementLine]) -> StatementTotals:
    return StatementTotals(
        goods=sum(line.goods for line in lines),
        shipping=sum(line.shipping for line in lines),
        commission=sum(line.commission for line in lines),
        refunded=sum(line.refunded for line in lines),
        net=sum(line.net for line in lines),
    )


# --- Choosing a period -----------------------------------------------------------------
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


@dataclass(frozen=True)
class PeriodChoice:
    """The period to show, what the reader typed (kept in the form) and any error."""

    period: Period
    month: str
    start: str
    end: str
    error: str | None = None




def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def parse_period(month: str | None, start: str | None, end: str | None,
                 today: date) -> PeriodChoice:
    """A month (YYYY-MM) or a from/to pair of days; nothing given means this month.

    Anything unreadable gives this month with an error message for the reader.
    """
    month, start, end = ((value or "").strip()[:20] for value in (month, start, end))
    default = month_period(today)
    if start or end:
        first, last = _iso_day(start), _iso_day(end)
        if first is None or last is None:
            error = _("Enter both dates of the period, e.g. 2025-01-31.")
        elif first > last:
            error = _("The first day of the period must be on or before its last day.")
        elif (last - first).days > MAX_PERIOD_DAYS:
            error = _("Choose a period of at most three years.")
        else:
            return PeriodChoice(Period(first, last), "", start, end)
        return PeriodChoice(default, month, start, end, error)
    if month:
        match = _MONTH.match(month)
        if match and 1 <= int(match.group(2)) <= 12 and int(match.group(1)) >= 2000:
            return PeriodChoice(month_period(date(int(match.group(1)), int(match.group(2)), 1)),
                                month, "", "")
        return PeriodChoice(default, month, "", "",
                            _("Choose a month such as %(example)s.",
                              example=f"{today:%Y-%m}"))
    return PeriodChoice(default, f"{today:%Y-%m}", "", "")
