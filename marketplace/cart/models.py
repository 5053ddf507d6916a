"""Carts: one per signed-in buyer, or per guest browser through a signed cookie token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


class Cart(db.Model):
    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Guests: the hash of the random token in their signed cookie. Buyers: their user id.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The order this cart last became, and when: a checkout tab that lost the race for the
    # cart is sent to that order instead of being told the cart is empty.
    last_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"))
    last_ordered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartLine.id"
    )


class CartLine(db.Model):
    __tablename__ = "cart_lines"
    __table_args__ = (
        # One line per product and variant (PostgreSQL: also per product without variants).
        UniqueConstraint("cart_id", "product_id", "variant_id", name="uq_cart_lines_item",
                         postgresql_nulls_not_distinct=True),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    # The variant chosen (size, colour, pack) of a product sold in variants.
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("product_variants.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    # The price the buyer saw when adding: a later change is flagged on the cart page.
    price_seen: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cart: Mapped[Cart] = relationship(back_populates="lines")
    product = relationship("Product")
    variant = relationship("ProductVariant")

    @property
    def sellable(self):
        """What is priced and counted: the variant, or the product itself."""
        return self.variant if self.variant_id is not None else self.product
