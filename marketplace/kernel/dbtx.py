"""Transaction control for SQLite: explicit BEGIN, and BEGIN IMMEDIATE where a request writes.

Python's sqlite3 driver starts transactions lazily at the first write, so a read-then-write
transaction can fail at once with "database is locked" under WAL. Following SQLAlchemy's
SQLite dialect notes, the driver's own BEGIN is switched off and SQLAlchemy emits it; a
transaction opened through `begin_write()` takes the write lock up front and waits (busy
timeout) instead of failing. PostgreSQL ignores all of this.
"""

from sqlalchemy import event
from sqlalchemy.engine import Engine

from marketplace.kernel.extensions import db

_OPTION = "sqlite_begin"


@event.listens_for(Engine, "connect")
def _take_over_begin(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None


@event.listens_for(Engine, "begin")
def _emit_begin(conn):
    if conn.dialect.name == "sqlite":
        mode = conn.get_execution_options().get(_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def begin_write() -> None:
    """End any read transaction and open a write transaction (BEGIN IMMEDIATE on SQLite)."""
    if db.session().in_transaction():
        db.session.commit()
    db.session.connection(execution_options={_OPTION: "IMMEDIATE"})


def init_app(app) -> None:
    """Every request that changes data takes SQLite's write lock before it reads anything."""
    from flask import request
    from flask_login import current_user

    @app.before_request
    def _write_requests_begin_immediate():
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and \
                db.engine.dialect.name == "sqlite":
            # Load the signed-in user first: its session touch uses its own connection,
            # which must not wait for the lock this request is about to hold.
            _ = current_user.is_authenticated
            begin_write()
