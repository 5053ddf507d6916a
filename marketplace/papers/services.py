"""Finding an order's invoice for a page, numbering it on first view if need be."""

from __future__ import annotations

from marketplace.kernel.dbtx import new_write
from marketplace.kernel.extensions import db
from marketplace.orders.invoices import Invoice, ensure_invoice, invoice_of
from marketplace.orders.models import Order
from marketplace.orders.services import lock_order


def invoice_for_page(order: Order) -> tuple[Order, Invoice] | None:
    """The order and its invoice; None for an order never paid (it has no invoice).

    An order paid before invoices existed is numbered here, with every order paid before
    it that has none, in their own write transaction, committed at once (a view's step
    that commits on its own, like the finish page's): its number never changes after.
    """
    if order.paid_at is None:
        return None
    invoice = invoice_of(order)
    if invoice is None:
        new_write()
        order = lock_order(order.id)
        invoice = ensure_invoice(order)
        db.session.commit()
    return order, invoice
