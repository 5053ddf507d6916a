"""Migration test helpers: rows inserted as the tables are at a revision, not as the models are."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa


def insert_row(conn, name: str, **values) -> int:
    """A row of `name` as the table is now: given values, a dummy in every other required
    column (so the test does not depend on the models, which move on)."""
    table = sa.Table(name, sa.MetaData(), autoload_with=conn)
    row = {column["name"]: filler(column) for column in sa.inspect(conn).get_columns(name)
           if not column["nullable"] and column["name"] != "id"}
    row.update(values)
    return conn.execute(table.insert().values(row).returning(table.c.id)).scalar_one()


def filler(column: dict):
    kind = column["type"]
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    if isinstance(kind, sa.Date):
        return date(2026, 3, 1)
    return "x"
