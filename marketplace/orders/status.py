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
    SubOrderStatus.SHIPPED: frozenset({SubOrderStatus.DELIVERED}),
    SubOrderStatus.DELIVERED: frozenset(),
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


# What a Midtrans transaction status means for our order (MIDTRANS.md's table).
PAID_STATUSES = frozenset({"settlement"})
CANCEL_STATUSES = frozenset({"deny", "cancel", "failure"})
EXPIRE_STATUSES = frozenset({"expire"})
PENDING_STATUSES = frozenset({"pending", "authorize"})
REFUND_STATUSES = frozenset({"refund", "partial_refund"})
REVIEW_STATUSES = frozenset({"chargeback", "partial_chargeback"})
# Midtrans taking back money it had settled: the order is no longer paid (MIDTRANS.md).
REVERSAL_STATUSES = frozenset({"deny", "cancel", "chargeback"})


def payment_outcome(transaction_status: str, fraud_status: str | None) -> str:
    """One of paid, pending, review, cancelled, expired, refunded, ignored."""
    status = (transaction_status or "").lower()
    fraud = (fraud_status or "").lower() or None
    if status == "capture":
        if fraud in (None, "accept"):
            return "paid"
        return "review" if fraud == "challenge" else "cancelled"
    if status in PAID_STATUSES:
        return "paid"
    if status in PENDING_STATUSES:
        return "pending"
    if status in CANCEL_STATUSES:
        return "cancelled"
    if status in EXPIRE_STATUSES:
        return "expired"
    if status in REFUND_STATUSES:
        return "refunded"
    if status in REVIEW_STATUSES:
        return "review"
    return "ignored"
