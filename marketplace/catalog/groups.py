"""A producer group's life: it applies (pending), the association approves or rejects it,
suspends and reinstates it, or puts a rejected application back in the queue.

Each decision goes through the transition table, writes one audit entry and flushes; the
caller commits. str(GroupError) is the message for the user.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from marketplace.catalog.models import GroupMembership, ProducerGroup, Sentra
from marketplace.catalog.status import (
    GROUP_STATUS_LABELS,
    GROUP_TRANSITIONS,
    GroupStatus,
    IllegalTransitionError,
    transition,
)
from marketplace.kernel import audit
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError
from marketplace.kernel.text import unique_slug
from marketplace.kernel.timeutil import utcnow

OWNER = "owner"
# Fields a group's members may edit on its profile (never status, sentra or owner).
APPLICATION_FIELDS = (
    "name", "village", "story", "whatsapp", "shipping_origin", "bank_name",
    "bank_account_number", "bank_account_holder",
)
GROUP_FIELDS = ("status", "status_reason", "approved_at")


class GroupError(MessageError):
    """An application or decision that cannot be done; str(error) says why."""


class StaleGroupError(GroupError):
    """The group is no longer in the status the decision was taken on (`.params["status"]`
    is that status's label)."""

    def __init__(self, status: GroupStatus) -> None:
        super().__init__(N_("This group is now “%(status)s”, so that action is no longer "
                            "possible. Nothing was changed."),
                         status=GROUP_STATUS_LABELS.get(status, status))
        self.status = status


def apply_for_group(owner, sentra: Sentra, data: dict) -> ProducerGroup:
    """Create a pending group under `sentra` with the user `owner` as its owner."""
    name = (data.get("name") or "").strip()
    if db.session.scalar(
        select(ProducerGroup.id).where(func.lower(ProducerGroup.name) == name.lower())
    ):
        raise GroupError(_("A group with this name already exists. Choose another name."))
    # The slug query runs before the new group joins the session (no half-built autoflush).
    group = ProducerGroup(
        slug=unique_slug(ProducerGroup, name), status=GroupStatus.PENDING, shipping_fee=0
    )
    for field in APPLICATION_FIELDS:
        setattr(group, field, (data.get(field) or "").strip())
    db.session.add(group)
    group.sentra = sentra
    db.session.add(GroupMembership(group=group, user=owner, role=OWNER))
    db.session.flush()
    return group


def _move_group(group: ProducerGroup, expected: GroupStatus, new: GroupStatus, action: str,
                reason: str | None = None) -> None:
    """Apply one decision through the transition table and audit it.

    `expected` is the status the admin saw: a decision taken on an out-of-date page
    (another admin acted first) is refused rather than applied to a different state.
    `reason` is required when given (reject, suspend) and cleared otherwise.
    """
    if group.status != expected:
        raise StaleGroupError(group.status)
    if reason is not None and not reason.strip():
        raise GroupError(_("Give a reason. The group sees it in its studio."))
    before = audit.snapshot(group, GROUP_FIELDS)
    try:
        transition(group, GROUP_TRANSITIONS, new)
    except IllegalTransitionError as error:
        raise StaleGroupError(group.status) from error
    group.status_reason = (reason or "").strip()
    if new == GroupStatus.APPROVED and (expected == GroupStatus.PENDING or
                                        group.approved_at is None):
        group.approved_at = utcnow()
    db.session.flush()
    after = audit.snapshot(group, GROUP_FIELDS)
    audit.record(action, group, f"{group.name}: {before['status']} -> {after['status']}",
                 before, after)


def approve_group(group: ProducerGroup) -> None:
    """Open a pending group's shop: it and its published products appear at once."""
    _move_group(group, GroupStatus.PENDING, GroupStatus.APPROVED, "group.approve")


def reject_group(group: ProducerGroup, reason: str) -> None:
    _move_group(group, GroupStatus.PENDING, GroupStatus.REJECTED, "group.reject", reason or "")


def suspend_group(group: ProducerGroup, reason: str) -> None:
    """Hide an approved group and all its products from the shop (its history stays)."""
    _move_group(group, GroupStatus.APPROVED, GroupStatus.SUSPENDED, "group.suspend",
                reason or "")


def reinstate_group(group: ProducerGroup) -> None:
    _move_group(group, GroupStatus.SUSPENDED, GroupStatus.APPROVED, "group.reinstate")


def reopen_group(group: ProducerGroup) -> None:
    """Put a rejected application back in the queue, e.g. after the group fixed it."""
    _move_group(group, GroupStatus.REJECTED, GroupStatus.PENDING, "group.reopen")
