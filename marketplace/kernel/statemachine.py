"""Applying transition tables: the one way any status column changes (pure)."""

from __future__ import annotations


class IllegalTransitionError(ValueError):
    """A status change that the transition table does not allow."""


def check_transition(table: dict, current, new) -> None:
    """Raise IllegalTransitionError unless `table` allows current -> new."""
    if new not in table.get(current, frozenset()):
        raise IllegalTransitionError(f"{current} -> {new} is not allowed")


def transition(obj, table: dict, new, attribute: str = "status") -> None:
    """Move `obj.<attribute>` to `new` if the table allows it."""
    check_transition(table, getattr(obj, attribute), new)
    setattr(obj, attribute, new)
