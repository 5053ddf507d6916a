"""The association's admin (/admin): overview and audit log; the other pages live in
group_views, catalog_views and user_views, registered on the same blueprint."""

from flask import render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from marketplace.accounts.models import User
from marketplace.admin import (  # noqa: F401  (routes)
    catalog_views,
    commission_views,
    complaint_views,
    group_views,
    invoice_views,
    mail_views,
    order_views,
    payout_views,
    reconciliation_views,
    refund_views,
    review_views,
    services,
    settings_views,
    settlement_views,
    shipping_views,
    user_views,
)
from marketplace.admin.blueprint import bp
from marketplace.catalog.models import Product
from marketplace.catalog.status import ProductStatus
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.kernel.outbox.services import state_counts as outbox_state_counts
from marketplace.kernel.pagination import parse_page
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger.reports import Period, reconciliation
from marketplace.orders.models import Order

__all__ = ["bp"]


@bp.get("")
def dashboard():
    return render_template(
        "admin/dashboard.html",
        group_counts=services.group_status_counts(),
        active_products=db.session.scalar(
            select(func.count(Product.id)).where(Product.status == ProductStatus.ACTIVE)
        ),
        featured=db.session.scalar(
            select(func.count(Product.id)).where(Product.is_featured.is_(True))
        ),
        users=db.session.scalar(select(func.count(User.id))),
        month=_this_month_totals(),
        to_review=db.session.scalar(
            select(func.count(Order.id)).where(Order.needs_review.is_(True))
        ),
        mail_counts=outbox_state_counts(),
        recent=db.session.scalars(
            select(AuditEntry)
            .options(joinedload(AuditEntry.actor))
            .order_by(AuditEntry.id.desc())
            .limit(10)
        ).all(),
    )


def _this_month_totals():
    """This month's money figures for the whole association (WIB calendar month)."""
    today = jakarta_date(utcnow())
    _rows, total = reconciliation(Period(today.replace(day=1), today))
    return total


@bp.get("/audit")
def audit_log():
    action = request.args.get("action", "").strip()[:60]
    return render_template(
        "admin/audit_log.html",
        entries=services.audit_page(action or None, parse_page(request.args.get("page"))),
        actions=services.audit_actions(),
        action=action,
        pretty=services.pretty_json,
    )
