"""Transactions you can see: who opens a write transaction, who ends a read one.

The rule (docs/architecture.md): a request, command or payment step commits once, where it
began; services only flush. `begin_write()` opens a write transaction and refuses to run
inside an open read transaction (it used to commit whatever was open behind its caller's
back); `end_read()` ends a transaction that only read, before an outside service is asked
or a write begins, and refuses if anything was written in it.

SQLite: explicit BEGIN, and BEGIN IMMEDIATE where a request writes.

Python's sqlite3 driver starts transactions lazily at the first write, so a read-then-write
transaction can fail at once with "database is locked" under WAL. Following SQLAlchemy's
SQLite dialect notes, the driver's own BEGIN is switched off and SQLAlchemy emits it; a
transaction opened through `begin_write()` takes the write lock up front and waits (busy
timeout) instead of failing. PostgreSQL ignores all of this.
"""

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from marketplace.kernel.extensions import db

_OPTION = "sqlite_begin"
_WRITING = "pasar_write_transaction"  # session.info: this transaction began as a write
_WROTE = "pasar_wrote"  # session.info: something was flushed in this transaction


class OpenTransactionError(RuntimeError):
    """A transaction boundary asked for in the middle of someone else's transaction."""


@event.listens_for(Session, "after_flush")
def _note_write(session, flush_context):
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement_write(state):
    # An UPDATE/INSERT/DELETE sent through the session (a conditional update, a claim)
    # writes without a flush.
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_transaction(session, transaction):
    if transaction.parent is None:
        session.info.pop(_WRITING, None)
        session.info.pop(_WROTE, None)


@event.listens_for(Engine, "connect")
def _take_over_begin(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None


@event.listens_for(Engine, "begin")
def _emit_begin(conn):
    if conn.dialect.name == "sqlite":
        mode = conn.get_execution_options().get(_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def _has_writes(session) -> bool:
    return bool(session.info.get(_WROTE) or session.new or session.deleted
                or any(session.is_modified(obj) for obj in session.dirty))


def begin_write() -> None:
    """Open a write transaction (BEGIN IMMEDIATE on SQLite); nothing if one is open already.

    Raises OpenTransactionError inside a transaction that began as a read: its caller
    decides where that one ends (`end_read()`, or a commit of its own).
    """
    session = db.session()
    if session.in_transaction():
        if session.info.get(_WRITING):
            return
        raise OpenTransactionError(
            "begin_write() inside an open read transaction: end it first (end_read())")
    session.info[_WRITING] = True
    session.connection(execution_options={_OPTION: "IMMEDIATE"})


def in_write() -> bool:
    """True inside a transaction opened by `begin_write()`."""
    session = db.session()
    return session.in_transaction() and bool(session.info.get(_WRITING))


def end_read() -> None:
    """End the open transaction, which must only have read (a snapshot, a lock-free look).

    Before asking Midtrans (no transaction held while it answers) or before a write begins.
    Raises OpenTransactionError if anything was written in it: that transaction belongs to
    whoever began the write, and commits there.
    """
    session = db.session()
    if not session.in_transaction():
        return
    if _has_writes(session):
        raise OpenTransactionError("end_read() on a transaction that wrote: commit it where "
                                   "the write began")
    session.commit()


def new_write() -> None:
    """End a read-only transaction, then open a write transaction of one's own.

    For the steps that commit on their own (a payment outcome, a payment start, a raw
    notification row, an email claim): called from a view, a command or the payments
    orchestrator, never with writes pending (OpenTransactionError, like `end_read`).
    """
    end_read()
    begin_write()


def init_app(app) -> None:
    """Every request that changes data takes SQLite's write lock before it reads anything."""
    from flask import request
    from flask_login import current_user

    @app.before_request
    def _write_requests_begin_immediate():
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            # Load the signed-in user first: its session touch uses its own connection,
            # which must not wait for the lock this request is about to hold.
            _ = current_user.is_authenticated
            end_read()  # loading the user only read
            begin_write()
