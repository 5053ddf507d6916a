"""The association's money figures: per group and in total, for a period of WIB days.

Definitions (docs/money.md explains them for the association's auditors):
- gross sales, shipping: goods and shipping of sub-orders whose order was paid in the period;
- commission earned / reversed: ledger accruals / reversals booked in the period;
- refunds: refunds completed in the period; paid out: payouts paid (transfer date) in it;
- owed to groups (at the period's end): what groups earned on parcels they did not cancel
  (goods + shipping − commission − refunds) less what was paid out to them;
- owed to buyers (at the period's end): cancelled parcels not yet refunded.
Late settlements (payments Midtrans settled after their order expired or was cancelled) belong
to no group: `late_settlements` gives their own figures (received, revived, refunded, still
owed to buyers), which the association's totals add on both sides of the identity.
Each figure is one grouped SQL sum, so a page costs the same few queries for any size;
the monthly chart reads the period's rows and sums them per WIB month in Python (month
arithmetic in Asia/Jakarta differs between SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select

from marketplace.catalog.models import ProducerGroup, Sentra
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import JAKARTA, jakarta_day_start
from marketplace.ledger.models import (
    CommissionEntry,
    EntryKind,
    Payout,
    PayoutStatus,
    Refund,
    RefundState,
)
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order, SubOrder


@dataclass
class Figures:
    gross_sales: int = 0
    shipping: int = 0
    commission_earned: int = 0
    commission_reversed: int = 0
    refunds: int = 0
    paid_out: int = 0
    owed_to_groups: int = 0
    owed_to_buyers: int = 0

    @property
    def commission_net(self) -> int:
        return self.commission_earned - self.commission_reversed

    def add(self, other: Figures) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


FIGURE_NAMES = tuple(f.name for f in fields(Figures))


@dataclass(frozen=True)
class Period:
    start: date  # first day, WIB
    end: date  # last day, WIB (inclusive)

    @property
    def lo(self) -> datetime:
        return jakarta_day_start(self.start)

    @property
    def hi(self) -> datetime:
        return jakarta_day_start(self.end + timedelta(days=1))


def _by_group(stmt, group_ids) -> dict[int, int]:
    if group_ids is not None:
        stmt = stmt.where(stmt.selected_columns[0].in_(group_ids))
    return {gid: int(total or 0) for gid, total in db.session.execute(stmt)}


def figures_by_group(period: Period, group_ids: list[int] | None = None) -> dict[int, Figures]:
    """Every figure for every group with any activity (or the given groups)."""
    lo, hi = period.lo, period.hi
    paid_in = and_(Order.paid_at >= lo, Order.paid_at < hi)
    sales = _by_group(
        select(SubOrder.group_id, func.sum(SubOrder.goods_amount))
        .join(Order, Order.id == SubOrder.order_id).where(paid_in)
        .group_by(SubOrder.group_id), group_ids)
    shipping = _by_group(
        select(SubOrder.group_id, func.sum(SubOrder.shipping_amount))
        .join(Order, Order.id == SubOrder.order_id).where(paid_in)
        .group_by(SubOrder.group_id), group_ids)
    ledger = db.session.execute(
        select(CommissionEntry.group_id, CommissionEntry.kind, func.sum(CommissionEntry.amount))
        .where(CommissionEntry.created_at >= lo, CommissionEntry.created_at < hi,
               *([CommissionEntry.group_id.in_(group_ids)] if group_ids is not None else []))
        .group_by(CommissionEntry.group_id, CommissionEntry.kind)
    ).all()
    refunds = _by_group(
        select(Refund.group_id, func.sum(Refund.amount))
        .where(Refund.state == RefundState.SUCCEEDED, Refund.completed_at >= lo,
               Refund.completed_at < hi,
               Refund.group_id.is_not(None))  # a late settlement's refund: no group
        .group_by(Refund.group_id), group_ids)
    paid_out = _by_group(
        select(Payout.group_id, func.sum(Payout.amount))
        .where(Payout.status == PayoutStatus.PAID, Payout.paid_on >= period.start,
               Payout.paid_on <= period.end)
        .group_by(Payout.group_id), group_ids)
    owed_groups, owed_buyers = _owed_at(hi, period.end, group_ids)

    result: dict[int, Figures] = defaultdict(Figures)
    for gid, value in sales.items():
        result[gid].gross_sales = value
    for gid, value in shipping.items():
        result[gid].shipping = value
    for gid, kind, value in ledger:
        if kind == EntryKind.ACCRUAL:
            result[gid].commission_earned = int(value)
        else:
            result[gid].commission_reversed = -int(value)
    for gid, value in refunds.items():
        result[gid].refunds = value
    for gid, value in paid_out.items():
        result[gid].paid_out = value
    for gid, value in owed_groups.items():
        result[gid].owed_to_groups = value
    for gid, value in owed_buyers.items():
        result[gid].owed_to_buyers = value
    if group_ids is not None:
        for gid in group_ids:
            result[gid]  # noqa: B018  (a group with no activity shows zeros)
    return dict(result)


def _owed_at(hi: datetime, last_day: date, group_ids) -> tuple[dict[int, int], dict[int, int]]:
    """(owed to each group, owed to its buyers) as things stood at `hi`."""
    kept = or_(SubOrder.cancelled_at.is_(None), SubOrder.cancelled_at >= hi)
    paid_before = and_(Order.paid_at.is_not(None), Order.paid_at < hi)
    gross = db.session.execute(
        select(SubOrder.group_id, kept.label("kept"),
               func.sum(SubOrder.goods_amount + SubOrder.shipping_amount))
        .join(Order, Order.id == SubOrder.order_id).where(paid_before)
        .group_by(SubOrder.group_id, kept)
    ).all()
    commission = db.session.execute(
        select(SubOrder.group_id, func.sum(CommissionEntry.amount))
        .join(SubOrder, SubOrder.id == CommissionEntry.sub_order_id)
        .where(CommissionEntry.created_at < hi, kept)
        .group_by(SubOrder.group_id)
    ).all()
    refunded = db.session.execute(
        select(SubOrder.group_id, kept.label("kept"), func.sum(Refund.amount))
        .join(SubOrder, SubOrder.id == Refund.sub_order_id)
        .where(Refund.state == RefundState.SUCCEEDED, Refund.completed_at < hi)
        .group_by(SubOrder.group_id, kept)
    ).all()
    paid_out = db.session.execute(
        select(Payout.group_id, func.sum(Payout.amount))
        .where(Payout.status == PayoutStatus.PAID, Payout.paid_on <= last_day)
        .group_by(Payout.group_id)
    ).all()
    groups: dict[int, int] = defaultdict(int)
    buyers: dict[int, int] = defaultdict(int)
    for gid, is_kept, total in gross:
        (groups if is_kept else buyers)[gid] += int(total)
    for gid, total in commission:
        groups[gid] -= int(total)
    for gid, is_kept, total in refunded:
        (groups if is_kept else buyers)[gid] -= int(total)
    for gid, total in paid_out:
        groups[gid] -= int(total)
    wanted = (lambda gid: gid in group_ids) if group_ids is not None else (lambda gid: True)
    return ({g: v for g, v in groups.items() if wanted(g)},
            {g: v for g, v in buyers.items() if wanted(g)})


@dataclass(frozen=True)
class LateFigures:
    """Payments settled after their order expired or was cancelled: money of no sale.

    received − revived − refunded over a period = owed_at_end − owed_at_start.
    """

    received: int = 0  # late settlements that arrived in the period
    revived: int = 0  # their orders revived (paid) in the period: now in gross sales
    refunded: int = 0  # refunded whole to the buyer, completed in the period
    owed_at_start: int = 0  # still the buyer's when the period began
    owed_at_end: int = 0  # still the buyer's when it ended

    @property
    def any(self) -> bool:
        return any((self.received, self.revived, self.refunded, self.owed_at_start,
                    self.owed_at_end))


def late_settlements(period: Period) -> LateFigures:
    """The late settlements' own figures: three sums, however many there are."""
    lo, hi = period.lo, period.hi
    late_order = select(PaymentAttempt.id).where(PaymentAttempt.order_id == Order.id,
                                                 PaymentAttempt.late_settled_at.is_not(None))
    received = _before_and_during(PaymentAttempt.late_settled_at, PaymentAttempt.gross_amount,
                                  lo, hi)
    # A revived order (paid after all) counts once, by its total: gross sales now has it.
    revived = _before_and_during(Order.paid_at, Order.grand_total, lo, hi, late_order.exists())
    refunded = _before_and_during(Refund.completed_at, Refund.amount, lo, hi,
                                  Refund.sub_order_id.is_(None),
                                  Refund.state == RefundState.SUCCEEDED)
    start = received[0] - revived[0] - refunded[0]
    return LateFigures(received=received[1], revived=revived[1], refunded=refunded[1],
                       owed_at_start=start,
                       owed_at_end=start + received[1] - revived[1] - refunded[1])


def _before_and_during(moment, amount, lo: datetime, hi: datetime, *where) -> tuple[int, int]:
    """(Σ amount before lo, Σ amount in [lo, hi)) in one query."""
    before, during = db.session.execute(
        select(func.coalesce(func.sum(case((moment < lo, amount), else_=0)), 0),
               func.coalesce(func.sum(case((moment >= lo, amount), else_=0)), 0))
        .where(moment < hi, *where)
    ).one()
    return int(before), int(during)


@dataclass(frozen=True)
class GroupRow:
    group_id: int
    group_name: str
    sentra_name: str
    figures: Figures


def reconciliation(period: Period) -> tuple[list[GroupRow], Figures]:
    """Rows per group (by sentra, then name) with activity, and the totals."""
    by_group = figures_by_group(period)
    names = {
        gid: (gname, sname) for gid, gname, sname in db.session.execute(
            select(ProducerGroup.id, ProducerGroup.name, Sentra.name)
            .join(Sentra, Sentra.id == ProducerGroup.sentra_id)
            .where(ProducerGroup.id.in_(list(by_group)))
        )
    }
    rows = sorted(
        (GroupRow(gid, *names[gid], figs) for gid, figs in by_group.items() if gid in names),
        key=lambda row: (row.sentra_name, row.group_name),
    )
    total = Figures()
    for row in rows:
        total.add(row.figures)
    return rows, total


@dataclass(frozen=True)
class MonthBar:
    month: date  # the first day of the month
    sentra_name: str
    sales: int
    commission: int  # net of reversals


def month_period(day: date) -> Period:
    """The calendar month holding `day`."""
    first = day.replace(day=1)
    return Period(first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))


def months_between(period: Period) -> list[date]:
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def monthly_by_sentra(period: Period) -> list[MonthBar]:
    """Goods sold and net commission per month (WIB) and sentra, for the chart."""
    lo, hi = period.lo, period.hi
    sales = db.session.execute(
        select(Order.paid_at, ProducerGroup.sentra_id, SubOrder.goods_amount)
        .join(SubOrder, SubOrder.order_id == Order.id)
        .join(ProducerGroup, ProducerGroup.id == SubOrder.group_id)
        .where(Order.paid_at >= lo, Order.paid_at < hi)
    ).all()
    commission = db.session.execute(
        select(CommissionEntry.created_at, ProducerGroup.sentra_id, CommissionEntry.amount)
        .join(ProducerGroup, ProducerGroup.id == CommissionEntry.group_id)
        .where(CommissionEntry.created_at >= lo, CommissionEntry.created_at < hi)
    ).all()
    names = dict(db.session.execute(select(Sentra.id, Sentra.name)).all())
    totals: dict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0])
    for moment, sentra_id, amount in sales:
        totals[(_month_of(moment), sentra_id)][0] += amount
    for moment, sentra_id, amount in commission:
        totals[(_month_of(moment), sentra_id)][1] += amount
    return sorted(
        (MonthBar(month, names.get(sid, "?"), s, c) for (month, sid), (s, c) in totals.items()),
        key=lambda bar: (bar.month, bar.sentra_name),
    )


def _month_of(moment: datetime) -> date:
    return moment.astimezone(JAKARTA).date().replace(day=1)


def ledger_entries(period: Period) -> list[tuple]:
    """Every commission entry booked in the period, oldest first, with its order number
    and group name: (id, created_at, order number, group, kind, base, rate bp, amount,
    reason)."""
    return list(db.session.execute(
        select(CommissionEntry.id, CommissionEntry.created_at, Order.number,
               ProducerGroup.name, CommissionEntry.kind, CommissionEntry.base_amount,
               CommissionEntry.rate_bp, CommissionEntry.amount, CommissionEntry.reason)
        .join(SubOrder, SubOrder.id == CommissionEntry.sub_order_id)
        .join(Order, Order.id == SubOrder.order_id)
        .join(ProducerGroup, ProducerGroup.id == CommissionEntry.group_id)
        .where(CommissionEntry.created_at >= period.lo, CommissionEntry.created_at < period.hi)
        .order_by(CommissionEntry.created_at, CommissionEntry.id)
    ).all())
