"""Imports every model so that SQLAlchemy and Alembic see all tables."""

from .accounts.models import Role, User
from .catalog.models import Category, GroupMembership, ProducerGroup, Product, ProductImage, Sentra

__all__ = [
    "Category",
    "GroupMembership",
    "ProducerGroup",
    "Product",
    "ProductImage",
    "Role",
    "Sentra",
    "User",
]
