"""Column types shared by every feature: status enums stored as checked strings."""

from __future__ import annotations

from sqlalchemy import DDL, Enum, event


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


def append_only(table, what: str) -> None:
    """Have the database refuse UPDATE and DELETE on `table` (a history, a ledger): triggers
    created with the table, on SQLite and PostgreSQL alike. `what` names the rows in the
    error ("stock movements"). The migrations that add such a table write the same SQL."""
    name, message = table.name, f"{what} are immutable"
    sqlite = [
        f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {name} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f"CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {name} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]
    postgresql = [
        f"CREATE OR REPLACE FUNCTION {name}_immutable() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$",
        f"CREATE TRIGGER {name}_no_change BEFORE UPDATE OR DELETE "
        f"ON {name} FOR EACH ROW EXECUTE FUNCTION {name}_immutable()",
    ]
    for dialect, statements in (("sqlite", sqlite), ("postgresql", postgresql)):
        for statement in statements:
            event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))
