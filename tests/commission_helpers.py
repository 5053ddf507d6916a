"""Shared by the commission rules' tests (tests/functional/test_admin_commission_*): the
page's URL, a filled-in form, the stored rules and audit entries."""

from sqlalchemy import func, select

from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.ledger.models import CommissionRule
from marketplace.ledger.rules import today_wib

URL = "/admin/komisi"


def _form(**changes) -> dict:
    data = {"scope": "default", "sentra_id": "0", "group_id": "0", "rate": "10",
            "effective_from": today_wib().isoformat(), "note": ""}
    return {**data, **changes}


def _rules() -> list[CommissionRule]:
    return db.session.scalars(select(CommissionRule).order_by(CommissionRule.id)).all()


def _audit(action: str) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))
