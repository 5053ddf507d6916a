"""The search queue: products whose index document must be rewritten or removed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


class SearchQueueEntry(db.Model):
    """One product to re-index, written in the same transaction as the change itself.

    A rolled-back change leaves no row; a committed one always does. No foreign key: the
    row must outlive a deleted product, whose document it removes.
    """

    __tablename__ = "search_queue"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True
    )
    product_id: Mapped[int] = mapped_column(Integer)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
