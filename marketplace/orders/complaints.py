"""Complaints (komplain) about a delivered parcel: the complaint, its photos, and its event
log (who did what, when: append-only). What may be done is complaint_services.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.kernel.dbtypes import append_only, str_enum
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow
from marketplace.orders.complaint_status import (
    OPEN_STATUSES,
    ComplaintEventKind,
    ComplaintReason,
    ComplaintStatus,
)

# At most one complaint per parcel waits for a decision (the services check it first, with
# the parcel locked; this index is the database's word on it).
_OPEN_SQL = text("status IN ({})".format(", ".join(f"'{s}'" for s in sorted(OPEN_STATUSES))))


class Complaint(db.Model):
    __tablename__ = "complaints"
    __table_args__ = (
        Index("uq_complaints_one_open_per_parcel", "sub_order_id", unique=True,
              sqlite_where=_OPEN_SQL, postgresql_where=_OPEN_SQL),
        Index("ix_complaints_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    sub_order_id: Mapped[int] = mapped_column(ForeignKey("sub_orders.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    status: Mapped[ComplaintStatus] = mapped_column(
        str_enum(ComplaintStatus), default=ComplaintStatus.OPEN)
    reason: Mapped[ComplaintReason] = mapped_column(str_enum(ComplaintReason))
    description: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")  # the group's
    decision_note: Mapped[str] = mapped_column(Text, default="")  # the admin's
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"))
    refund_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order = relationship("Order")
    sub_order = relationship("SubOrder")
    photos: Mapped[list[ComplaintPhoto]] = relationship(
        back_populates="complaint", order_by="ComplaintPhoto.position",
        cascade="all, delete-orphan")
    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ComplaintPhoto(db.Model):
    """A picture the buyer sent, stored like a listing's (kernel/media: re-encoded, no EXIF)."""

    __tablename__ = "complaint_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"),
                                              index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="photos")


class ComplaintEvent(db.Model):
    """One step of a complaint: who (buyer, group member, admin), what, when. Never changed."""

    __tablename__ = "complaint_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    kind: Mapped[ComplaintEventKind] = mapped_column(str_enum(ComplaintEventKind))
    actor_role: Mapped[str] = mapped_column(String(10))  # "buyer" | "group" | "admin"
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(160), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="events")


append_only(ComplaintEvent.__table__, "complaint events")
