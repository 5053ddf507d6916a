"""A parcel cancelled by its group, on the books: the order side (status, stock) is
orders.fulfilment.cancel_sub_order; the ledger records what the buyer is owed and gives
the parcel's commission back. Flushes only: the caller commits."""

from __future__ import annotations

from marketplace.kernel.extensions import db
from marketplace.ledger.entries import reverse_for_cancellation
from marketplace.ledger.refunds import refund_room
from marketplace.orders.fulfilment import cancel_sub_order
from marketplace.orders.models import SubOrder


def cancel_parcel(sub: SubOrder, reason: str, user_id: int | None = None) -> None:
    """new or processing -> cancelled_by_group: the buyer is owed the parcel's total (less
    anything already refunded), its units go back on sale (recorded as the member
    `user_id`'s doing) and its commission is reversed."""
    cancel_sub_order(sub, reason, user_id)
    sub.refund_due = refund_room(sub).total_left
    db.session.flush()
    reverse_for_cancellation(sub)
