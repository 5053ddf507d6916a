"""The association's order pages: every order, the ones payments flagged, and one order's
parcels with their commission, refunds and refund forms."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.admin.blueprint import bp
from marketplace.admin.services import like_pattern, paginate
from marketplace.kernel import audit
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import parse_page
from marketplace.ledger import refunds, reversals
from marketplace.ledger.entries import reversed_so_far
from marketplace.ledger.models import Refund, RefundMethod, RefundState
from marketplace.orders import services as orders
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.status import OrderStatus, SubOrderStatus
from marketplace.payments import outcomes
from marketplace.payments.models import PaymentNotification

FIELDS = ("status", "needs_review", "stock_released_at", "paid_at")


@bp.get("/pesanan")
def orders_review():
    flagged = db.session.scalars(
        select(Order).where(Order.needs_review.is_(True)).order_by(Order.id.desc())
        .options(selectinload(Order.sub_orders))
    ).all()
    return render_template("admin/orders_review.html", orders=flagged, page=None,
                           all_orders=False, query="", status=None,
                           statuses=list(OrderStatus), refunded={})


def _parse_status(value: str | None) -> OrderStatus | None:
    try:
        return OrderStatus(value) if value else None
    except ValueError:
        return None


def order_search(query: str, status: OrderStatus | None, page: int):
    """Orders whose number, buyer email or buyer name contains `query`, newest first."""
    stmt = select(Order).where(Order.number.is_not(None))
    if query:
        pattern = like_pattern(query)
        stmt = stmt.where(or_(func.lower(Order.number).like(pattern, escape="\\"),
                              func.lower(Order.email).like(pattern, escape="\\"),
                              func.lower(Order.buyer_name).like(pattern, escape="\\")))
    if status is not None:
        stmt = stmt.where(Order.status == status)
    return paginate(stmt.order_by(Order.id.desc()), page)


def refunded_by_order(order_ids: list[int]) -> dict[int, int]:
    """Rupiah refunded (completed refunds) per order, for a page of orders."""
    if not order_ids:
        return {}
    rows = db.session.execute(
        select(Refund.order_id, func.sum(Refund.amount))
        .where(Refund.order_id.in_(order_ids), Refund.state == RefundState.SUCCEEDED)
        .group_by(Refund.order_id)
    ).all()
    return {order_id: int(total) for order_id, total in rows}


@bp.get("/pesanan/semua")
def orders_all():
    """Every order, searchable by number, buyer email or name, and by status."""
    query = request.args.get("q", "").strip()[:100]
    status = _parse_status(request.args.get("status"))
    page = order_search(query, status, parse_page(request.args.get("page")))
    filters = {"q": query or None, "status": status.value if status else None}
    return render_template(
        "admin/orders_review.html", orders=page.items, page=page, all_orders=True, query=query,
        status=status, statuses=list(OrderStatus),
        refunded=refunded_by_order([o.id for o in page.items]),
        filters={k: v for k, v in filters.items() if v},
    )


# --- one order ---------------------------------------------------------------------------
@dataclass
class Parcel:
    """One sub-order as the admin's order page shows it, with what can still be refunded."""

    sub: SubOrder
    room: refunds.RefundRoom
    refunds: list[Refund]
    commission_reversed: int
    refunded: int  # completed refunds
    waiting: int  # refunds sent to Midtrans, not yet confirmed
    typed: dict = field(default_factory=dict)  # what the admin typed, after a refused refund
    error: str = ""

    @property
    def owed_after_cancel(self) -> int:
        """What the buyer is still owed for a parcel the group cancelled (0 otherwise)."""
        if self.sub.status != SubOrderStatus.CANCELLED_BY_GROUP or not self.sub.refund_due:
            return 0
        return max(0, min(self.sub.refund_due, self.room.total_left))

    @property
    def amount_value(self) -> str:
        """The amount field: what was typed, else the cancelled parcel's whole debt."""
        if "amount" in self.typed:
            return self.typed["amount"]
        return str(self.owed_after_cancel) if self.owed_after_cancel else ""


def _parcels(order: Order, typed: dict, errors: dict) -> list[Parcel]:
    listed = refunds.refunds_of_order(order)
    parcels = []
    for sub in order.sub_orders:
        own = [r for r in listed if r.sub_order_id == sub.id]
        parcels.append(Parcel(
            sub=sub, room=refunds.refund_room(sub), refunds=own,
            commission_reversed=reversed_so_far(sub.id),
            refunded=sum(r.amount for r in own if r.state == RefundState.SUCCEEDED),
            waiting=sum(r.amount for r in own if r.state == RefundState.REQUESTED),
            typed=typed.get(sub.id, {}), error=errors.get(sub.id, ""),
        ))
    return parcels


def render_order_page(order_id: int, typed: dict | None = None, errors: dict | None = None,
                      status: int = 200):
    """The order page; `typed` and `errors` (by sub-order id) re-show a refused refund."""
    order = db.session.scalar(
        select(Order).where(Order.id == order_id)
        .options(selectinload(Order.sub_orders).selectinload(SubOrder.lines))
    ) or abort(404)
    attempts = db.session.scalars(
        select(PaymentAttempt).where(PaymentAttempt.order_id == order.id)
        .order_by(PaymentAttempt.attempt_no)
    ).all()
    notifications = db.session.scalars(
        select(PaymentNotification)
        .where(PaymentNotification.midtrans_order_id.in_([a.midtrans_order_id for a in attempts]))
        .order_by(PaymentNotification.id)
    ).all()
    paid_attempt = refunds.paid_attempt(order)
    parcels = _parcels(order, typed or {}, errors or {})
    late = refunds.late_settlements(order)
    return render_template(
        "admin/order_review.html", order=order, attempts=attempts,
        notifications=notifications, parcels=parcels, paid_attempt=paid_attempt,
        midtrans_ok=refunds.midtrans_can_refund(paid_attempt), methods=RefundMethod,
        refunded_total=sum(p.refunded for p in parcels) + sum(
            item.refund.amount for item in late
            if item.refund and item.refund.state == RefundState.SUCCEEDED),
        reversal=reversals.reversal_of(order),
        late=late, short=(orders.stock_shortfall(order)
                          if late and order.stock_released_at is not None else []),
        late_typed=(typed or {}).get("late", {}), late_error=(errors or {}).get("late", ""),
    ), status


@bp.get("/pesanan/<int:order_id>")
def order_review(order_id: int):
    return render_order_page(order_id)


REVIVE_REFUSED = {
    "not_settled": lambda: _(
        "Only an expired or cancelled order that Midtrans settled can be revived."),
    "refunded": lambda: _(
        "The payment of this order is refunded to the buyer; it cannot be revived."),
    "no_stock": lambda: _(
        "Not enough stock left to fill this order again. Refund the buyer instead."),
}


@bp.post("/pesanan/<int:order_id>/pulihkan")
def order_revive(order_id: int):
    """A payment settled after the order expired: take the stock again and mark it paid."""
    begin_write()
    order = orders.lock_order(order_id) or abort(404)
    before = audit.snapshot(order, FIELDS)
    try:
        outcomes.revive(order, user_id=current_user.id)
    except outcomes.ReviveError as error:
        db.session.rollback()
        flash(REVIVE_REFUSED[error.reason](), "error")
        return redirect(url_for("admin.order_review", order_id=order_id))
    audit.record("order.revive", order, f"{order.number}: stock reserved again, marked paid",
                 before, audit.snapshot(order, FIELDS))
    db.session.commit()
    flash(_("Order %(number)s is paid; its groups have been told.", number=order.number),
          "success")
    return redirect(url_for("admin.order_review", order_id=order_id))


@bp.post("/pesanan/<int:order_id>/selesai-ditinjau")
def order_reviewed(order_id: int):
    """The association dealt with it outside the shop (e.g. refunded by bank transfer)."""
    begin_write()
    order = orders.lock_order(order_id) or abort(404)
    before = audit.snapshot(order, FIELDS)
    order.needs_review = False
    audit.record("order.reviewed", order, f"{order.number}: review closed", before,
                 audit.snapshot(order, FIELDS))
    db.session.commit()
    flash(_("The review of order %(number)s is closed.", number=order.number), "success")
    return redirect(url_for("admin.orders_review"))
