"""Status values and their legal transitions for sentra groups and products (pure data)."""

from enum import StrEnum

from marketplace.kernel.statemachine import IllegalTransitionError, check_transition, transition

__all__ = [
    "GROUP_TRANSITIONS",
    "PRODUCT_TRANSITIONS",
    "GroupStatus",
    "IllegalTransitionError",
    "ProductStatus",
    "check_transition",
    "transition",
]


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
