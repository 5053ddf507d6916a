"""Imports every model so that SQLAlchemy and Alembic see all tables."""

from .accounts.models import PasswordResetToken, Role, SignInCounter, User, UserSession
from .admin.models import AuditEntry
from .cart.models import Cart, CartLine
from .catalog.models import Category, GroupMembership, ProducerGroup, Product, ProductImage, Sentra
from .catalog.stock import StockMovement
from .ledger.models import CommissionEntry, CommissionRule, Payout, PayoutLine, Refund
from .orders.models import Order, OrderLine, SubOrder
from .outbox.models import OutboxMessage
from .payments.models import PaymentAttempt, PaymentNotification
from .search.models import SearchQueueEntry

__all__ = [
    "CommissionEntry",
    "CommissionRule",
    "Payout",
    "PayoutLine",
    "Refund",
    "Cart",
    "CartLine",
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
    "Role",
    "SearchQueueEntry",
    "Sentra",
    "SignInCounter",
    "StockMovement",
    "User",
]
