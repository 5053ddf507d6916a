"""The stock history: every change of a product's stock, written in the same transaction.

A product's stock is always the sum of its movements. Movements are only ever inserted
(the database refuses UPDATE and DELETE, as for the commission ledger), so `flask orders
check` can tell a stock changed behind the app's back from one the app changed, and an
order's reservation from its release.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, insert
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.kernel.dbtypes import append_only, str_enum
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


class StockReason(StrEnum):
    OPENING = "opening"  # what a product had when the history began (migration 0011)
    INITIAL = "initial"  # the stock a new listing was created with
    EDIT = "edit"  # a group member (or the demo seed) wrote a new figure
    IMPORT = "import"  # a CSV import wrote it (new or existing listing)
    RESERVE = "reserve"  # an order took units at checkout
    RELEASE = "release"  # an unpaid order, or a cancelled or held parcel, gave them back
    REVIVE = "revive"  # an admin revived a late-paid order: its units taken again


# Reasons that belong to an order (and one of its sub-orders) and change with its state.
ORDER_REASONS = frozenset({StockReason.RESERVE, StockReason.RELEASE, StockReason.REVIVE})
# Reasons that bring stock into the shop: what the products were made with.
SUPPLY_REASONS = frozenset({StockReason.OPENING, StockReason.INITIAL, StockReason.EDIT,
                            StockReason.IMPORT})


class StockMovement(db.Model):
    """One change of one product's stock: +made or given back, -taken by an order."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint(
            "(reason IN ('reserve', 'revive') AND delta < 0 AND sub_order_id IS NOT NULL)"
            " OR (reason = 'release' AND delta > 0 AND sub_order_id IS NOT NULL)"
            " OR (reason IN ('opening', 'initial') AND delta > 0 AND sub_order_id IS NULL)"
            " OR (reason IN ('edit', 'import') AND delta <> 0 AND sub_order_id IS NULL)",
            name="fits_reason",
        ),
        CheckConstraint("(order_id IS NULL) = (sub_order_id IS NULL)", name="order_and_parcel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    # The variant whose stock moved, for a product sold in variants (its stock is theirs).
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("product_variants.id"))
    delta: Mapped[int] = mapped_column(Integer)
    reason: Mapped[StockReason] = mapped_column(str_enum(StockReason))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    sub_order_id: Mapped[int | None] = mapped_column(ForeignKey("sub_orders.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def movement(product_id: int, delta: int, reason: StockReason, *, order_id: int | None = None,
             sub_order_id: int | None = None, user_id: int | None = None,
             at: datetime | None = None, variant_id: int | None = None) -> dict:
    """One movement as a row for `record`."""
    return {"product_id": product_id, "variant_id": variant_id, "delta": delta,
            "reason": reason, "order_id": order_id, "sub_order_id": sub_order_id,
            "user_id": user_id, "created_at": at or utcnow()}


def record(rows: list[dict]) -> None:
    """Insert movements (from `movement`) in the caller's transaction; zero deltas are
    nothing to record."""
    rows = [row for row in rows if row["delta"]]
    if rows:
        db.session.execute(insert(StockMovement), rows)


# --- the database refuses to change the history -------------------------------------------
append_only(StockMovement.__table__, "stock movements")
