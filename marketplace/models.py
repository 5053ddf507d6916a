"""Imports every model so that SQLAlchemy and Alembic see all tables."""

from marketplace.accounts.address_book import Address
from marketplace.accounts.models import PasswordResetToken, Role, SignInCounter, User, UserSession
from marketplace.cart.models import Cart, CartLine
from marketplace.catalog.models import (
    Category,
    GroupMembership,
    ProducerGroup,
    Product,
    ProductImage,
    Sentra,
)
from marketplace.catalog.stock import StockMovement
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.outbox.models import OutboxMessage
from marketplace.kernel.settings import ShopSetting
from marketplace.ledger.models import CommissionEntry, CommissionRule, Payout, PayoutLine, Refund
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.complaints import Complaint, ComplaintEvent, ComplaintPhoto
from marketplace.orders.invoices import Invoice, InvoiceCounter
from marketplace.orders.models import Order, OrderLine, SubOrder
from marketplace.payments.models import PaymentNotification
from marketplace.reviews.models import Review, ReviewPhoto
from marketplace.search.models import SearchQueueEntry
from marketplace.shipping.models import GroupShipping, ShippingRate

__all__ = [
    "Complaint",
    "ComplaintEvent",
    "ComplaintPhoto",
    "ShopSetting",
    "Address",
    "CommissionEntry",
    "CommissionRule",
    "Payout",
    "PayoutLine",
    "Refund",
    "Cart",
    "CartLine",
    "Invoice",
    "InvoiceCounter",
    "Order",
    "OrderLine",
    "OutboxMessage",
    "PaymentAttempt",
    "PaymentNotification",
    "SubOrder",
    "AuditEntry",
    "PasswordResetToken",
    "UserSession",
    "Category",
    "GroupMembership",
    "ProducerGroup",
    "Product",
    "ProductImage",
    "Review",
    "ReviewPhoto",
    "Role",
    "SearchQueueEntry",
    "GroupShipping",
    "ShippingRate",
    "Sentra",
    "SignInCounter",
    "StockMovement",
    "User",
]
