"""Status values and their legal transitions for sentra groups and products (pure data)."""

from enum import StrEnum


class IllegalTransitionError(ValueError):
    """A status change that the transition table does not allow."""


class GroupStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class ProductStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


GROUP_TRANSITIONS: dict[GroupStatus, frozenset[GroupStatus]] = {
    GroupStatus.PENDING: frozenset({GroupStatus.APPROVED, GroupStatus.REJECTED}),
    GroupStatus.APPROVED: frozenset({GroupStatus.SUSPENDED}),
    GroupStatus.SUSPENDED: frozenset({GroupStatus.APPROVED}),
    GroupStatus.REJECTED: frozenset({GroupStatus.PENDING}),
}

PRODUCT_TRANSITIONS: dict[ProductStatus, frozenset[ProductStatus]] = {
    ProductStatus.DRAFT: frozenset({ProductStatus.ACTIVE, ProductStatus.ARCHIVED}),
    ProductStatus.ACTIVE: frozenset({ProductStatus.DRAFT, ProductStatus.ARCHIVED}),
    ProductStatus.ARCHIVED: frozenset({ProductStatus.DRAFT, ProductStatus.ACTIVE}),
}


def check_transition(table: dict, current, new) -> None:
    """Raise IllegalTransitionError unless `table` allows current -> new."""
    if new not in table.get(current, frozenset()):
        raise IllegalTransitionError(f"{current} -> {new} is not allowed")


def transition(obj, table: dict, new) -> None:
    """Move `obj.status` to `new` if the table allows it: the only writer of .status."""
    check_transition(table, obj.status, new)
    obj.status = new
