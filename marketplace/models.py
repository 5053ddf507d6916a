"""Imports every model so that SQLAlchemy and Alembic see all tables."""

from .accounts.models import PasswordResetToken, Role, User, UserSession
from .admin.models import AuditEntry
from .catalog.models import Category, GroupMembership, ProducerGroup, Product, ProductImage, Sentra

__all__ = [
    "AuditEntry",
    "PasswordResetToken",
    "UserSession",
    "Category",
    "GroupMembership",
    "ProducerGroup",
    "Product",
    "ProductImage",
    "Role",
    "Sentra",
    "User",
]
