"""The admin's queries over groups and users, and its decisions on users: each checks its
rules, writes one audit entry and flushes; the view commits. The decisions on groups are
catalog.groups."""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from marketplace.accounts.models import Role, User
from marketplace.accounts.sessions import revoke_user_sessions
from marketplace.catalog.models import GroupMembership, ProducerGroup, Product
from marketplace.catalog.status import GroupStatus
from marketplace.kernel import audit
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import Page

PER_PAGE = 50
OWNER = "owner"
USER_FIELDS = ("role", "is_enabled")


class AdminError(Exception):
    """An admin action that cannot be done; str(error) is the message for the admin."""


class AdminFieldError(AdminError):
    """Input refused by a rule that needs the database; `errors` maps form field -> message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def paginate(stmt: Select, page: int, per_page: int = PER_PAGE, options=()) -> Page:
    """One page of `stmt` (already ordered); a page past the end shows the last one."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    items = db.session.scalars(
        stmt.options(*options).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def like_pattern(text: str) -> str:
    """A case-folded LIKE pattern matching `text` anywhere, with wildcards escaped."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def mask_account(number: str) -> str:
    """A bank account number with every digit but the last four hidden."""
    number = (number or "").strip()
    if len(number) <= 4:
        return "•" * len(number)
    return "•" * (len(number) - 4) + number[-4:]


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose values differ, from each side."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


# --- Producer groups -------------------------------------------------------------------
@dataclass(frozen=True)
class GroupRow:
    group: ProducerGroup
    owners: list[User]
    product_count: int


def parse_group_status(value: str | None) -> GroupStatus | None:
    """A status filter from the query string; anything unknown means all groups."""
    try:
        return GroupStatus(value)
    except ValueError:
        return None


def group_status_counts() -> dict[GroupStatus, int]:
    counts = dict(
        db.session.execute(
            select(ProducerGroup.status, func.count(ProducerGroup.id)).group_by(
                ProducerGroup.status
            )
        ).all()
    )
    return {status: counts.get(status, 0) for status in GroupStatus}


def group_page(status: GroupStatus | None, page: int) -> Page:
    """Groups for the admin list, with sentra, owners and product counts in 4 statements."""
    stmt = select(ProducerGroup)
    if status is not None:
        stmt = stmt.where(ProducerGroup.status == status)
    # The pending queue is first come, first served; other lists show the newest first.
    first_come = status == GroupStatus.PENDING
    order = ProducerGroup.created_at.asc() if first_come else ProducerGroup.created_at.desc()
    result = paginate(stmt.order_by(order, ProducerGroup.id), page,
                      options=[joinedload(ProducerGroup.sentra)])
    ids = [group.id for group in result.items]
    owners: dict[int, list[User]] = {}
    counts: dict[int, int] = {}
    if ids:
        for group_id, user in db.session.execute(
            select(GroupMembership.group_id, User)
            .join(User, GroupMembership.user_id == User.id)
            .where(GroupMembership.group_id.in_(ids), GroupMembership.role == OWNER)
            .order_by(User.name)
        ).all():
            owners.setdefault(group_id, []).append(user)
        counts = dict(
            db.session.execute(
                select(Product.group_id, func.count(Product.id))
                .where(Product.group_id.in_(ids))
                .group_by(Product.group_id)
            ).all()
        )
    result.items = [GroupRow(g, owners.get(g.id, []), counts.get(g.id, 0)) for g in result.items]
    return result


def group_for_admin(group_id: int) -> ProducerGroup | None:
    """One group with its sentra and members (and their accounts)."""
    return db.session.scalar(
        select(ProducerGroup)
        .where(ProducerGroup.id == group_id)
        .options(
            joinedload(ProducerGroup.sentra),
            selectinload(ProducerGroup.memberships).joinedload(GroupMembership.user),
        )
    )


def group_for_decision(group_id: int) -> ProducerGroup | None:
    """One group, its row locked until commit so two admins' decisions run one after
    the other (the second then sees the first's outcome and is refused as out of date)."""
    return db.session.scalar(
        select(ProducerGroup).where(ProducerGroup.id == group_id).with_for_update()
    )


def group_products(group: ProducerGroup) -> list[Product]:
    """Every product of the group in any status, with its category."""
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.group_id == group.id)
            .options(joinedload(Product.category))
            .order_by(Product.name, Product.id)
        )
    )


def target_history(target_type: str, target_id: int, limit: int = 20) -> list[AuditEntry]:
    """The latest admin actions on one row, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .options(joinedload(AuditEntry.actor))
            .where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
    )


# --- Users -----------------------------------------------------------------------------
def parse_role(value: str | None) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


def user_page(query: str, role: Role | None, page: int) -> Page:
    """Users matching `query` in their email or name, newest first, with their groups."""
    stmt = select(User)
    query = (query or "").strip()[:100]
    if query:
        pattern = like_pattern(query)
        stmt = stmt.where(or_(func.lower(User.email).like(pattern, escape="\\"),
                              func.lower(User.name).like(pattern, escape="\\")))
    if role is not None:
        stmt = stmt.where(User.role == role)
    return paginate(
        stmt.order_by(User.created_at.desc(), User.id.desc()), page,
        options=[selectinload(User.memberships).joinedload(GroupMembership.group)],
    )


def user_for_update(user_id: int) -> User | None:
    """One user, its row locked until commit (see group_for_decision)."""
    return db.session.scalar(select(User).where(User.id == user_id).with_for_update())


def user_for_admin(user_id: int) -> User | None:
    return db.session.scalar(
        select(User)
        .where(User.id == user_id)
        .options(selectinload(User.memberships).joinedload(GroupMembership.group)
                 .joinedload(ProducerGroup.sentra))
    )


def change_role(actor: User, user: User, role: Role) -> bool:
    """Give `user` another role; False if it already had it. Admins cannot demote themselves."""
    if user.id == actor.id:
        raise AdminError(_("You cannot change your own role. Ask another admin."))
    if user.role == role:
        return False
    before = audit.snapshot(user, USER_FIELDS)
    user.role = role
    after = audit.snapshot(user, USER_FIELDS)
    audit.record("user.role", user, f"{user.name} <{user.email}>: {before['role']} -> "
                 f"{after['role']}",
                 *changed(before, after))
    return True


def set_enabled(actor: User, user: User, enabled: bool) -> bool:
    """Disable (ending every session at once) or re-enable an account; False if unchanged."""
    if user.id == actor.id:
        raise AdminError(_("You cannot disable your own account. Ask another admin."))
    if user.is_enabled == enabled:
        return False
    before = audit.snapshot(user, USER_FIELDS)
    user.is_enabled = enabled
    summary = f"{user.name} <{user.email}>: enabled"
    if not enabled:
        ended = revoke_user_sessions(user)
        summary = f"{user.name} <{user.email}>: disabled, {ended} session(s) ended"
    after = audit.snapshot(user, USER_FIELDS)
    audit.record("user.enable" if enabled else "user.disable", user, summary,
                 *changed(before, after))
    return True


# --- The audit log ---------------------------------------------------------------------
def audit_page(action: str | None, page: int) -> Page:
    stmt = select(AuditEntry)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    return paginate(stmt.order_by(AuditEntry.id.desc()), page,
                    options=[joinedload(AuditEntry.actor)])


def audit_actions() -> list[str]:
    """Every action name in the log, for the filter."""
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(
        AuditEntry.action)))


def pretty_json(text: str | None) -> str:
    """Stored before/after JSON, indented for reading (templates escape it)."""
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return text
