"""Status values, their legal transitions and their labels for sentra groups and products
(pure data: a label is translated when it is shown)."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from marketplace.kernel.statemachine import IllegalTransitionError, check_transition, transition

__all__ = [
    "GROUP_STATUS_LABELS",
    "GROUP_TRANSITIONS",
    "PRODUCT_STATUS_LABELS",
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


# Each status in the reader's language (lazy: translated when shown).
GROUP_STATUS_LABELS = {
    GroupStatus.PENDING: _l("Waiting for approval"),
    GroupStatus.APPROVED: _l("Approved"),
    GroupStatus.REJECTED: _l("Rejected"),
    GroupStatus.SUSPENDED: _l("Suspended"),
}
PRODUCT_STATUS_LABELS = {
    ProductStatus.DRAFT: _l("Draft"),
    ProductStatus.ACTIVE: _l("Published"),
    ProductStatus.ARCHIVED: _l("Archived"),
}


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
