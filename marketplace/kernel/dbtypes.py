"""Column types shared by every feature: status enums stored as checked strings."""

from __future__ import annotations

from sqlalchemy import Enum


def str_enum(enum_cls):
    """A status column stored as its string value, checked by the database."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        name=enum_cls.__name__.lower(),
        validate_strings=True,
    )
