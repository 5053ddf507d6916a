"""The association's rate table and each producer group's shipping settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.models import ProducerGroup
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow
from marketplace.shipping.rules import DEFAULT_TOLERANCE_GRAMS, split_service_codes


class ShippingRate(db.Model):
    """What one courier service charges from one province to another: the first kilogram,
    each further kilogram, and how many days it takes (the embedded rate provider)."""

    __tablename__ = "shipping_rates"
    __table_args__ = (
        UniqueConstraint("origin_province_code", "destination_province_code", "courier_code",
                         "service_code", name="uq_shipping_rates_route_service"),
        CheckConstraint("first_kg_price > 0", name="first_kg_price_positive"),
        CheckConstraint("next_kg_price >= 0", name="next_kg_price_not_negative"),
        CheckConstraint("etd_min_days >= 1 AND etd_min_days <= etd_max_days",
                        name="etd_days_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    origin_province_code: Mapped[str] = mapped_column(String(2))
    destination_province_code: Mapped[str] = mapped_column(String(2))
    courier_code: Mapped[str] = mapped_column(String(20))
    service_code: Mapped[str] = mapped_column(String(20))
    first_kg_price: Mapped[int] = mapped_column(BigInteger)
    next_kg_price: Mapped[int] = mapped_column(BigInteger)
    etd_min_days: Mapped[int] = mapped_column(Integer)
    etd_max_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def service_key(self) -> str:
        """'jne:reg', as groups choose services."""
        return f"{self.courier_code}:{self.service_code}"


class GroupShipping(db.Model):
    """A producer group's couriers and packing. Its flat fee and free-shipping threshold
    stay on the group (ProducerGroup.shipping_fee, .free_shipping_threshold)."""

    __tablename__ = "group_shipping"
    __table_args__ = (
        CheckConstraint("packing_fee >= 0", name="packing_fee_not_negative"),
        CheckConstraint("weight_tolerance_grams >= 0 AND weight_tolerance_grams <= 999",
                        name="weight_tolerance_range"),
    )

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True)
    # The chosen "courier:service" codes, comma-separated ("jne:reg,jne:yes,jnt:ez").
    services: Mapped[str] = mapped_column(Text, default="", server_default="")
    packing_fee: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # How far over a whole kilogram is still charged at that kilogram (JNE: 300 g).
    weight_tolerance_grams: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_TOLERANCE_GRAMS, server_default=str(DEFAULT_TOLERANCE_GRAMS))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    group: Mapped[ProducerGroup] = relationship()

    @property
    def service_codes(self) -> tuple[str, ...]:
        return split_service_codes(self.services)
