"""Invoice numbers: one per paid order, "INV/2026/000123", sequential per year without gaps.

The number is taken from a per-year counter row by one atomic upsert that returns the new
value. On PostgreSQL the row stays locked until the paying transaction ends, so two orders
paid at once queue for it; on SQLite the write lock does the same. A payment that rolls
back takes its number back with it: no gaps. The year is the payment's, in WIB.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import JAKARTA, UTCDateTime, utcnow
from marketplace.orders.models import Order

PREFIX = "INV"
# The counter row that serialises backfills (no year is 0).
_BACKFILL_LOCK = 0


class InvoiceCounter(db.Model):
    """The last invoice number issued in a year."""

    __tablename__ = "invoice_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Invoice(db.Model):
    """The invoice of a paid order: its number and the day it was issued (the payment's)."""

    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("year", "sequence", name="uq_invoices_year_sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    order = relationship("Order")


def format_number(year: int, sequence: int) -> str:
    return f"{PREFIX}/{year}/{sequence:06d}"


def _next_in(year: int) -> int:
    """Take the next number of `year`; the counter row stays locked until commit."""
    table = InvoiceCounter.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table).values(year=year, last_number=1)
        .on_conflict_do_update(index_elements=[table.c.year],
                               set_={"last_number": table.c.last_number + 1})
        .returning(table.c.last_number)
    )
    return int(db.session.execute(statement).scalar_one())


def invoice_of(order: Order) -> Invoice | None:
    return db.session.scalar(select(Invoice).where(Invoice.order_id == order.id))


def issue_invoice(order: Order) -> Invoice:
    """The order's invoice, numbered now if it has none. The order is paid and locked by the
    caller (in the transaction that marks it paid, or a backfill). Flushes."""
    if order.paid_at is None:
        raise ValueError(f"order {order.number} is not paid: it has no invoice")
    existing = invoice_of(order)
    if existing is not None:
        return existing
    issued_at = order.paid_at
    year = issued_at.astimezone(JAKARTA).year
    sequence = _next_in(year)
    invoice = Invoice(order_id=order.id, number=format_number(year, sequence), year=year,
                      sequence=sequence, issued_at=issued_at)
    db.session.add(invoice)
    db.session.flush()
    return invoice


def backfill_invoices(up_to: Order | None = None) -> int:
    """Number the paid orders that have no invoice yet (paid before invoices existed), in the
    order they were paid; with `up_to`, only those paid no later than it. Runs in the
    caller's write transaction, one backfill at a time. Returns how many were issued."""
    _next_in(_BACKFILL_LOCK)  # taken and held: a second backfill waits for this one
    stmt = (select(Order.id).outerjoin(Invoice, Invoice.order_id == Order.id)
            .where(Order.paid_at.is_not(None), Invoice.id.is_(None))
            .order_by(Order.paid_at, Order.id))
    if up_to is not None:
        stmt = stmt.where(Order.paid_at <= up_to.paid_at)
    issued = 0
    for order_id in db.session.scalars(stmt).all():
        order = db.session.scalar(select(Order).where(Order.id == order_id)
                                  .with_for_update()
                                  .execution_options(populate_existing=True))
        if invoice_of(order) is None:
            issue_invoice(order)
            issued += 1
    return issued


def ensure_invoice(order: Order) -> Invoice:
    """The invoice of a paid order, issuing it (and those of every order paid before it that
    has none) if need be. In the caller's write transaction; flushes."""
    invoice = invoice_of(order)
    if invoice is None:
        backfill_invoices(up_to=order)  # this order too: it was paid no later than itself
        invoice = invoice_of(order)
    return invoice
