"""Order and sub-order statuses and their transition tables (pure data, DOMAIN.md)."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from marketplace.kernel.statemachine import IllegalTransitionError, check_transition, transition

__all__ = [
    "ORDER_TRANSITIONS",
    "SUB_ORDER_TRANSITIONS",
    "IllegalTransitionError",
    "OrderStatus",
    "SubOrderStatus",
    "check_transition",
    "holds_units",
    "transition",
]


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    # Midtrans took back a settled payment (deny, cancel, chargeback): no longer paid.
    PAYMENT_REVERSED = "payment_reversed"


class SubOrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    NEW = "new"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    # The buyer confirmed receipt, or AUTO_COMPLETE_DAYS passed after shipping with no open
    # complaint: final (reviews; payouts when the association pays out on completion).
    COMPLETED = "completed"
    CANCELLED_BY_GROUP = "cancelled_by_group"
    CANCELLED = "cancelled"  # the whole order was never paid
    ON_HOLD = "on_hold"  # not shipped when its payment was reversed: never ship, never pay out


# Each status in the reader's language (lazy: translated when shown).
ORDER_STATUS_LABELS = {
    OrderStatus.PENDING_PAYMENT: _l("Waiting for payment"),
    OrderStatus.PAID: _l("Paid"),
    OrderStatus.CANCELLED: _l("Cancelled"),
    OrderStatus.EXPIRED: _l("Expired"),
    OrderStatus.REFUNDED: _l("Refunded"),
    OrderStatus.PAYMENT_REVERSED: _l("Payment reversed"),
}
SUB_ORDER_STATUS_LABELS = {
    SubOrderStatus.AWAITING_PAYMENT: _l("Waiting for payment"),
    SubOrderStatus.NEW: _l("New"),
    SubOrderStatus.PROCESSING: _l("Being packed"),
    SubOrderStatus.SHIPPED: _l("Shipped"),
    SubOrderStatus.DELIVERED: _l("Delivered"),
    SubOrderStatus.COMPLETED: _l("Completed"),
    SubOrderStatus.CANCELLED_BY_GROUP: _l("Cancelled by the group"),
    SubOrderStatus.CANCELLED: _l("Cancelled"),
    SubOrderStatus.ON_HOLD: _l("On hold"),
}


ORDER_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING_PAYMENT: frozenset(
        {OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.EXPIRED}
    ),
    OrderStatus.PAID: frozenset({OrderStatus.REFUNDED, OrderStatus.PAYMENT_REVERSED}),
    # A settlement after we expired or cancelled the order is not dropped: the order is
    # flagged for review and may become paid once an admin re-reserves its stock.
    OrderStatus.EXPIRED: frozenset({OrderStatus.PAID}),
    OrderStatus.CANCELLED: frozenset({OrderStatus.PAID}),
    OrderStatus.REFUNDED: frozenset(),
    # Terminal: the admin closes the review, the money is already settled by refunds.
    OrderStatus.PAYMENT_REVERSED: frozenset(),
}

SUB_ORDER_TRANSITIONS: dict[SubOrderStatus, frozenset[SubOrderStatus]] = {
    SubOrderStatus.AWAITING_PAYMENT: frozenset({SubOrderStatus.NEW, SubOrderStatus.CANCELLED}),
    SubOrderStatus.NEW: frozenset(
        {SubOrderStatus.PROCESSING, SubOrderStatus.CANCELLED_BY_GROUP, SubOrderStatus.ON_HOLD}
    ),
    SubOrderStatus.PROCESSING: frozenset(
        {SubOrderStatus.SHIPPED, SubOrderStatus.CANCELLED_BY_GROUP, SubOrderStatus.ON_HOLD}
    ),
    # Completed by the buyer's confirmation or the auto-complete command (orders/receipt.py),
    # never while a complaint on the parcel is open.
    SubOrderStatus.SHIPPED: frozenset({SubOrderStatus.DELIVERED, SubOrderStatus.COMPLETED}),
    SubOrderStatus.DELIVERED: frozenset({SubOrderStatus.COMPLETED}),
    SubOrderStatus.COMPLETED: frozenset(),
    SubOrderStatus.CANCELLED_BY_GROUP: frozenset(),
    SubOrderStatus.CANCELLED: frozenset({SubOrderStatus.NEW}),
    SubOrderStatus.ON_HOLD: frozenset(),
}

# An order that never got paid (or was revived from) holds none of its units; a paid
# order's parcel holds them unless it was cancelled by its group or put on hold.
UNITS_OUT_ORDER = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID,
                             OrderStatus.REFUNDED, OrderStatus.PAYMENT_REVERSED})
UNITS_BACK_SUB_ORDER = frozenset({SubOrderStatus.CANCELLED_BY_GROUP, SubOrderStatus.ON_HOLD,
                                  SubOrderStatus.CANCELLED})


def holds_units(order_status: str, sub_order_status: str) -> bool:
    """True if a parcel in these statuses keeps its units out of stock: reserved while the
    order waits for payment, then sold (packed, shipped, delivered, even refunded after
    delivery); False once they went back (never paid, cancelled by the group, on hold)."""
    if order_status == OrderStatus.PENDING_PAYMENT:
        return True
    return order_status in UNITS_OUT_ORDER and sub_order_status not in UNITS_BACK_SUB_ORDER


