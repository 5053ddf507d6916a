"""Payouts: paying a group what its delivered sub-orders earned, less refunds.

Which parcels count is the association's setting (payout_policy: delivered or completed
ones); a parcel with an open complaint is never paid out, whatever the setting.

A payout line per sub-order (unique in the database: a sub-order is in at most one
payout) plus a claw-back line per refund made after its sub-order was already paid out.
Services flush; the view commits inside a write transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, exists, func, select

from marketplace.catalog.models import ProducerGroup
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError, Money
from marketplace.kernel.statemachine import IllegalTransitionError, transition
from marketplace.kernel.timeutil import jakarta_date, jakarta_day_start, utcnow
from marketplace.ledger.models import (
    PAYOUT_TRANSITIONS,
    CommissionEntry,
    Payout,
    PayoutLine,
    PayoutStatus,
    Refund,
    RefundState,
)
from marketplace.ledger.payout_policy import PayoutOn, payout_on
from marketplace.ledger.status import PAYOUT_STATUS_LABELS
from marketplace.orders.complaint_services import open_complaint_on
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.status import OrderStatus, SubOrderStatus

REFERENCE_LIMIT = 80


class PayoutError(MessageError):
    """A payout action that cannot be done; str(error) is the message for the admin, its
    `.params` the figures (Money, a status label) it names."""


@dataclass(frozen=True)
class LineDraft:
    """A would-be payout line: a delivered sub-order, or a claw-back (sub_order_id None)."""

    sub_order_id: int | None
    refund_id: int | None
    order_number: str
    delivered_at: datetime | None
    goods: int
    shipping: int
    commission: int
    refunded: int

    @property
    def net(self) -> int:
        return self.goods + self.shipping - self.commission - self.refunded


def commission_net(sub_order_ids) -> Select:
    """Σ ledger entries (accruals less reversals) per sub-order, as a subquery."""
    return (
        select(CommissionEntry.sub_order_id.label("sub_order_id"),
               func.sum(CommissionEntry.amount).label("amount"))
        .where(CommissionEntry.sub_order_id.in_(sub_order_ids))
        .group_by(CommissionEntry.sub_order_id)
    )


def _refunded(sub_order_ids) -> Select:
    return (
        select(Refund.sub_order_id.label("sub_order_id"),
               func.sum(Refund.amount).label("amount"))
        .where(Refund.sub_order_id.in_(sub_order_ids), Refund.state == RefundState.SUCCEEDED)
        .group_by(Refund.sub_order_id)
    )


def arrived_at():
    """When a parcel arrived: its delivery, else (completed without ever being marked
    delivered) its completion."""
    return func.coalesce(SubOrder.delivered_at, SubOrder.completed_at)


def sub_order_lines(sub_order_ids: list[int]) -> list[LineDraft]:
    """Each sub-order's goods, shipping, commission (net of reversals), refunds and net."""
    if not sub_order_ids:
        return []
    commission = commission_net(sub_order_ids).subquery()
    refunded = _refunded(sub_order_ids).subquery()
    arrived = arrived_at()
    rows = db.session.execute(
        select(SubOrder.id, Order.number, arrived, SubOrder.goods_amount,
               SubOrder.shipping_amount, func.coalesce(commission.c.amount, 0),
               func.coalesce(refunded.c.amount, 0))
        .join(Order, Order.id == SubOrder.order_id)
        .outerjoin(commission, commission.c.sub_order_id == SubOrder.id)
        .outerjoin(refunded, refunded.c.sub_order_id == SubOrder.id)
        .where(SubOrder.id.in_(sub_order_ids))
        .order_by(arrived, SubOrder.id)
    ).all()
    return [LineDraft(sid, None, number, delivered, goods, shipping, int(comm), int(ref))
            for sid, number, delivered, goods, shipping, comm, ref in rows]


def payable_sub_orders(cutoff: date) -> Select:
    """Ids of every group's payable sub-orders: delivered (or completed, as the association
    chose: payout_policy) on or before the cut-off day (WIB), paid (never
    payment_reversed), not under admin review, with no open complaint, in no payout, and
    with no refund waiting for Midtrans."""
    if payout_on() == PayoutOn.COMPLETED:
        ready, moment = SubOrder.status == SubOrderStatus.COMPLETED, SubOrder.completed_at
    else:
        ready = SubOrder.status.in_((SubOrderStatus.DELIVERED, SubOrderStatus.COMPLETED))
        moment = arrived_at()
    return (
        select(SubOrder.id)
        .join(Order, Order.id == SubOrder.order_id)
        .where(
            ready,
            moment < jakarta_day_start(cutoff + timedelta(days=1)),
            ~open_complaint_on(SubOrder.id),  # held until the association decides
            Order.status.in_((OrderStatus.PAID, OrderStatus.REFUNDED)),
            Order.needs_review.is_(False),  # until an admin closes the review
            ~exists().where(PayoutLine.sub_order_id == SubOrder.id),
            ~exists().where(Refund.sub_order_id == SubOrder.id,
                            Refund.state == RefundState.REQUESTED),
        )
        .correlate(None)  # used inside queries on sub_orders: never tie it to theirs
    )


def payable_sub_order_ids(group_id: int, cutoff: date) -> list[int]:
    """One group's payable sub-orders (see payable_sub_orders)."""
    return list(db.session.scalars(
        payable_sub_orders(cutoff).where(SubOrder.group_id == group_id).order_by(SubOrder.id)
    ))


def clawback_lines(group_id: int) -> list[LineDraft]:
    """Refunds made after their sub-order was paid out, not yet taken back."""
    rows = db.session.execute(
        select(Refund, Order.number)
        .join(Order, Order.id == Refund.order_id)
        .where(Refund.group_id == group_id, Refund.state == RefundState.SUCCEEDED,
               Refund.clawback_amount > 0,
               ~exists().where(PayoutLine.refund_id == Refund.id))
        .order_by(Refund.id)
    ).all()
    return [LineDraft(None, refund.id, number, None, 0, 0,
                      -(refund.amount - refund.clawback_amount), refund.amount)
            for refund, number in rows]


def preview(group: ProducerGroup, cutoff: date) -> list[LineDraft]:
    """The lines a payout for this group up to `cutoff` would have, today."""
    return sub_order_lines(payable_sub_order_ids(group.id, cutoff)) + clawback_lines(group.id)


def create_payout(group: ProducerGroup, cutoff: date, actor=None, note: str = "") -> Payout:
    """A draft payout of everything owed to the group up to the cut-off day.

    Raises PayoutError when nothing is owed. Two admins racing for the same sub-orders:
    the unique payout_lines.sub_order_id refuses the second (IntegrityError at flush).
    """
    if cutoff > jakarta_date(utcnow()):
        raise PayoutError(_("The cut-off date cannot be in the future."))
    lines = preview(group, cutoff)
    total = sum(line.net for line in lines)
    if not lines:
        raise PayoutError(_("Nothing is owed to %(group)s for parcels delivered up to that "
                            "date; no payout was created.", group=group.name))
    if total <= 0:
        raise PayoutError(N_("Refunds taken back from %(group)s exceed what it is owed "
                             "(%(total)s); no payout was created."),
                          group=group.name, total=Money(total))
    payout = Payout(
        group_id=group.id, status=PayoutStatus.DRAFT, cutoff=cutoff, amount=total,
        bank_name=group.bank_name, bank_account_number=group.bank_account_number,
        bank_account_holder=group.bank_account_holder, note=(note or "").strip()[:300],
        created_by_id=getattr(actor, "id", None), created_at=utcnow(),
    )
    for line in lines:
        payout.lines.append(PayoutLine(
            sub_order_id=line.sub_order_id, refund_id=line.refund_id,
            goods_amount=line.goods, shipping_amount=line.shipping,
            commission_amount=line.commission, refunded_amount=line.refunded,
            net_amount=line.net,
        ))
    db.session.add(payout)
    db.session.flush()
    payout.number = f"PO-{payout.created_at:%Y}-{payout.id:05d}"
    db.session.flush()
    return payout


def mark_paid(payout: Payout, bank_reference: str, paid_on: date | None) -> None:
    """draft -> paid, with the bank transfer's reference and date."""
    reference = (bank_reference or "").strip()
    if not reference:
        raise PayoutError(_("Enter the bank transfer reference."))
    if len(reference) > REFERENCE_LIMIT:
        raise PayoutError(_("The bank reference is at most %(n)d characters.",
                            n=REFERENCE_LIMIT))
    if paid_on is None:
        raise PayoutError(_("Enter the date of the bank transfer."))
    if paid_on > jakarta_date(utcnow()):
        raise PayoutError(_("The transfer date cannot be in the future."))
    if paid_on < jakarta_date(payout.created_at):
        raise PayoutError(_("The transfer date cannot be before the payout was created."))
    held = _orders_under_review(payout)
    if held:
        raise PayoutError(_("Payout %(number)s holds parcels of orders under review "
                            "(%(orders)s). Cancel it and create it again.",
                            number=payout.number, orders=", ".join(held)))
    disputed = _orders_with_open_complaints(payout)
    if disputed:
        raise PayoutError(_("Payout %(number)s holds parcels with an open complaint "
                            "(%(orders)s). Cancel it and create it again.",
                            number=payout.number, orders=", ".join(disputed)))
    _move(payout, PayoutStatus.PAID)
    payout.bank_reference = reference
    payout.paid_on = paid_on
    payout.marked_paid_at = utcnow()
    db.session.flush()


def _orders_under_review(payout: Payout) -> list[str]:
    """Numbers of orders flagged or reversed since their parcels went into this draft."""
    return list(db.session.scalars(
        select(Order.number).join(SubOrder, SubOrder.order_id == Order.id)
        .join(PayoutLine, PayoutLine.sub_order_id == SubOrder.id)
        .where(PayoutLine.payout_id == payout.id,
               Order.needs_review.is_(True) | (Order.status == OrderStatus.PAYMENT_REVERSED))
        .distinct().order_by(Order.number)
    ))


def _orders_with_open_complaints(payout: Payout) -> list[str]:
    """Numbers of orders whose parcel in this draft got a complaint since it was created."""
    return list(db.session.scalars(
        select(Order.number).join(SubOrder, SubOrder.order_id == Order.id)
        .join(PayoutLine, PayoutLine.sub_order_id == SubOrder.id)
        .where(PayoutLine.payout_id == payout.id, open_complaint_on(SubOrder.id))
        .distinct().order_by(Order.number)
    ))


def cancel(payout: Payout) -> list[int]:
    """draft -> cancelled: its sub-orders become payable again. Returns their ids."""
    _move(payout, PayoutStatus.CANCELLED)
    freed = [line.sub_order_id for line in payout.lines if line.sub_order_id]
    payout.lines.clear()  # delete-orphan: the unique claims go with them
    payout.cancelled_at = utcnow()
    db.session.flush()
    return freed


def _move(payout: Payout, new: PayoutStatus) -> None:
    try:
        transition(payout, PAYOUT_TRANSITIONS, new)
    except IllegalTransitionError:
        raise PayoutError(N_("Nothing was changed: payout %(number)s is now “%(status)s”."),
                          number=payout.number,
                          status=PAYOUT_STATUS_LABELS.get(payout.status, payout.status)
                          ) from None


def lock_payout(payout_id: int, group_id: int | None = None) -> Payout | None:
    """Load a payout for a change, locked on PostgreSQL until the transaction ends."""
    stmt = select(Payout).where(Payout.id == payout_id)
    if group_id is not None:
        stmt = stmt.where(Payout.group_id == group_id)
    return db.session.scalar(
        stmt.with_for_update().execution_options(populate_existing=True)
    )


def payouts_for_group(group_id: int) -> Select:
    """The only query for a group's payouts (the studio's statement uses it too)."""
    return select(Payout).where(Payout.group_id == group_id).order_by(Payout.id.desc())

