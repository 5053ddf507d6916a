"""The artisan's studio: every query is scoped to the groups the user is a member of."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Role, User
from marketplace.catalog import groups
from marketplace.catalog.groups import OWNER
from marketplace.catalog.models import GroupMembership, ProducerGroup, Product, Sentra
from marketplace.kernel import regions
from marketplace.kernel.extensions import db

MEMBER = "member"


class StudioError(Exception):
    """A studio action that cannot be done; the message says why."""


def groups_for_user(user: User) -> list[ProducerGroup]:
    """The groups `user` is a member of, by name."""
    return list(
        db.session.scalars(
            select(ProducerGroup)
            .join(GroupMembership, GroupMembership.group_id == ProducerGroup.id)
            .where(GroupMembership.user_id == user.id)
            .options(selectinload(ProducerGroup.sentra))
            .order_by(ProducerGroup.name)
        )
    )


def membership_for(user: User, group_slug: str) -> GroupMembership | None:
    """The user's membership of the group with this slug, or None (the view answers 404)."""
    return db.session.scalar(
        select(GroupMembership)
        .join(GroupMembership.group)
        .where(GroupMembership.user_id == user.id, ProducerGroup.slug == group_slug)
    )


def products_for_group(group: ProducerGroup) -> Select:
    """Every listing of the group, in any status: the studio's only product query."""
    return select(Product).where(Product.group_id == group.id)


def product_for_group(group: ProducerGroup, product_id: int) -> Product | None:
    """One listing of this group; another group's id gives None (the view answers 404)."""
    return db.session.scalar(products_for_group(group).where(Product.id == product_id))


def open_sentra() -> list[Sentra]:
    return list(db.session.scalars(select(Sentra).order_by(Sentra.name)))


def apply_for_group(user: User, sentra: Sentra, data: dict) -> ProducerGroup:
    """Create a pending group under `sentra` with `user` as its owner (catalog.groups); a
    buyer who applies becomes an artisan."""
    group = groups.apply_for_group(user, sentra, data)
    if user.role == Role.BUYER:
        user.role = Role.ARTISAN
    db.session.flush()
    return group


# --- Shop profile ------------------------------------------------------------------------
PROFILE_FIELDS = (
    "village", "story", "whatsapp", "origin_village_code", "shipping_fee",
    "free_shipping_threshold",
)
# Only the owner may change where payouts go.
BANK_FIELDS = ("bank_name", "bank_account_holder")


def is_owner(membership: GroupMembership) -> bool:
    return membership.role == OWNER


def update_profile(group: ProducerGroup, data: dict, can_change_bank: bool) -> None:
    """Copy the profile fields (an explicit list) from `data`; an empty account number keeps
    the saved one."""
    for name in PROFILE_FIELDS:
        setattr(group, name, data[name])
    origin = regions.chain(group.origin_village_code)
    if origin is not None:  # the free text (the application's) follows the chosen village
        group.shipping_origin = ", ".join(region.name for region in origin)[:160]
    if can_change_bank:
        for name in BANK_FIELDS:
            setattr(group, name, data[name])
        if data.get("bank_account_number"):
            group.bank_account_number = data["bank_account_number"]
    db.session.flush()


def set_cover(group: ProducerGroup, key: str | None) -> str | None:
    """Point the group at a new stored cover (or none); returns the old key to delete."""
    old, group.cover_key = group.cover_key, key
    db.session.flush()
    return old if old != key else None


# --- Members -----------------------------------------------------------------------------
def members_of(group: ProducerGroup) -> list[GroupMembership]:
    """The group's members, owners first, then by name."""
    return list(
        db.session.scalars(
            select(GroupMembership)
            .join(GroupMembership.user)
            .where(GroupMembership.group_id == group.id)
            .options(selectinload(GroupMembership.user))
            .order_by((GroupMembership.role == OWNER).desc(), User.name, User.id)
        )
    )


def membership_in_group(group: ProducerGroup, membership_id: int) -> GroupMembership | None:
    """One membership of this group; another group's id gives None (the view answers 404)."""
    return db.session.scalar(
        select(GroupMembership).where(
            GroupMembership.id == membership_id, GroupMembership.group_id == group.id
        )
    )


def add_member(group: ProducerGroup, email: str) -> GroupMembership:
    """Make the account with this email a member of the group."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_enabled:
        raise StudioError(_("No account uses this email address. Ask them to sign up on "
                            "Pasar Sentra first, then add them here."))
    already = db.session.scalar(
        select(GroupMembership.id).where(
            GroupMembership.group_id == group.id, GroupMembership.user_id == user.id
        )
    )
    if already:
        raise StudioError(_("%(name)s is already a member of this group.", name=user.name))
    membership = GroupMembership(group=group, user=user, role=MEMBER)
    db.session.add(membership)
    if user.role == Role.BUYER:
        user.role = Role.ARTISAN
    db.session.flush()
    return membership


def remove_member(membership: GroupMembership, acting_user: User) -> None:
    """Remove a member; nobody removes themself or an owner here."""
    if membership.user_id == acting_user.id:
        raise StudioError(_("You cannot remove yourself from the group."))
    if membership.role == OWNER:
        raise StudioError(_("The group's owner cannot be removed."))
    user = membership.user
    db.session.delete(membership)
    db.session.flush()
    others = db.session.scalar(
        select(func.count(GroupMembership.id)).where(GroupMembership.user_id == user.id)
    )
    if not others and user.role == Role.ARTISAN:
        user.role = Role.BUYER
    db.session.flush()
