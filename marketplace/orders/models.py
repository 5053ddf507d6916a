"""Orders, one sub-order per producer group, and lines that copy what was bought."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.kernel.dbtypes import str_enum
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow
from marketplace.orders.status import OrderStatus, SubOrderStatus


class Order(db.Model):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("goods_amount > 0", name="goods_positive"),
        CheckConstraint("shipping_amount >= 0", name="shipping_not_negative"),
        CheckConstraint("grand_total = goods_amount + shipping_amount", name="grand_total_sum"),
        Index("ix_orders_status_expires", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    # The checkout form's one-time token: the same form sent twice makes one order.
    checkout_key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(
        str_enum(OrderStatus), default=OrderStatus.PENDING_PAYMENT
    )
    buyer_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(20))
    street: Mapped[str] = mapped_column(String(200))
    village: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(80))
    regency: Mapped[str] = mapped_column(String(80))
    province: Mapped[str] = mapped_column(String(80))
    postal_code: Mapped[str] = mapped_column(String(5))
    # the Kemendagri codes of the region chosen (kernel/regions.py); "" on older orders
    province_code: Mapped[str] = mapped_column(String(13), default="", server_default="")
    regency_code: Mapped[str] = mapped_column(String(13), default="", server_default="")
    district_code: Mapped[str] = mapped_column(String(13), default="", server_default="")
    village_code: Mapped[str] = mapped_column(String(13), default="", server_default="")
    # The page language at checkout ("id"/"en"): the buyer's emails are written in it.
    locale: Mapped[str] = mapped_column(String(5), default="id", server_default="id")
    goods_amount: Mapped[int] = mapped_column(BigInteger)
    shipping_amount: Mapped[int] = mapped_column(BigInteger)
    grand_total: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once, by a conditional UPDATE: stock goes back exactly once.
    stock_released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    receipt_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    review_reason: Mapped[str] = mapped_column(Text, default="")

    sub_orders: Mapped[list[SubOrder]] = relationship(
        back_populates="order", order_by="SubOrder.id", cascade="all, delete-orphan"
    )
    user = relationship("User")


class SubOrder(db.Model):
    """A producer group's part of an order: its parcel, shipped by the group."""

    __tablename__ = "sub_orders"
    __table_args__ = (
        CheckConstraint("goods_amount > 0", name="goods_positive"),
        CheckConstraint("shipping_amount >= 0", name="shipping_not_negative"),
        CheckConstraint("commission_amount >= 0 AND commission_amount <= goods_amount",
                        name="commission_within_goods"),
        Index("ix_sub_orders_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"))
    group_name: Mapped[str] = mapped_column(String(160))
    status: Mapped[SubOrderStatus] = mapped_column(
        str_enum(SubOrderStatus), default=SubOrderStatus.AWAITING_PAYMENT
    )
    goods_amount: Mapped[int] = mapped_column(BigInteger)
    shipping_amount: Mapped[int] = mapped_column(BigInteger)
    weight_grams: Mapped[int] = mapped_column(Integer)
    # The courier service the buyer chose at checkout, as it was quoted ("jne:reg", "JNE
    # REG", 2-3 days; "flat": the group's own fee), and where its price came from.
    shipping_service: Mapped[str] = mapped_column(String(40), default="", server_default="")
    shipping_label: Mapped[str] = mapped_column(String(80), default="", server_default="")
    shipping_etd_min_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shipping_etd_max_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shipping_rate_source: Mapped[str] = mapped_column(String(10), default="",
                                                      server_default="")
    courier: Mapped[str] = mapped_column(String(60), default="")
    tracking_number: Mapped[str] = mapped_column(String(60), default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    refund_due: Mapped[int] = mapped_column(BigInteger, default=0)
    # Copied when the order is paid (DOMAIN.md): later rule changes never alter history.
    commission_rate_bp: Mapped[int | None] = mapped_column(Integer)
    commission_rule_id: Mapped[int | None] = mapped_column(ForeignKey("commission_rules.id"))
    commission_amount: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processing_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The buyer confirmed the parcel arrived; completed (by that, or by the auto-complete
    # command AUTO_COMPLETE_DAYS after shipping): orders/receipt.py.
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    group_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stock_released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(back_populates="sub_orders")
    group = relationship("ProducerGroup")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="sub_order", order_by="OrderLine.id", cascade="all, delete-orphan"
    )

    @property
    def total(self) -> int:
        return self.goods_amount + self.shipping_amount


class OrderLine(db.Model):
    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price > 0", name="unit_price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_order_id: Mapped[int] = mapped_column(ForeignKey("sub_orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    product_name: Mapped[str] = mapped_column(String(120))
    # The variant bought (size, colour, pack), and its name as it was: "L / Biru".
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("product_variants.id"))
    variant_label: Mapped[str] = mapped_column(String(130), default="", server_default="")
    sku: Mapped[str] = mapped_column(String(40))
    unit_price: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int] = mapped_column(Integer)
    weight_grams: Mapped[int] = mapped_column(Integer)

    sub_order: Mapped[SubOrder] = relationship(back_populates="lines")

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def display_name(self) -> str:
        """The product's name with its variant's: "Kemeja batik (L)"."""
        return f"{self.product_name} ({self.variant_label})" if self.variant_label \
            else self.product_name
