"""Keeping the index in step with the catalogue: capture in the transaction, apply after it.

1. Capture: an `after_flush` listener writes the ids of changed products into
   `search_queue`, on the flushing connection, inside the same transaction as the change.
   A rolled-back change therefore queues nothing; a committed one always leaves its rows.
   A product or picture change queues that product; a change to a group, category or
   sentra that the index shows (name, status, place…) queues their products with one
   INSERT … SELECT.
2. Apply: once a request's transaction has committed, the response schedules a drain that
   runs after the response has been sent (`call_on_close`): it takes the index writer
   (waiting briefly), rewrites the documents of visible products, deletes the others,
   commits the index, then deletes exactly the queue rows it read. A busy writer or a
   running rebuild leaves the rows for the next drain; nobody sees an error.
   Outside requests (CLI, tests, scripts) call `sync_pending()`.
Statements that change products without the ORM (bulk stock updates) call
`queue_products(connection, ids)` themselves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import click
from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy import delete, event, func, insert, inspect, literal, select
from sqlalchemy.orm import Session

from marketplace.catalog.models import Category, ProducerGroup, Product, ProductImage, Sentra
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow
from marketplace.search import api
from marketplace.search.api import IndexBusyError, SearchUnavailableError
from marketplace.search.documents import (
    all_documents,
    visible_documents,
    visible_ids,
    visible_versions,
)
from marketplace.search.models import SearchQueueEntry

log = logging.getLogger(__name__)

_QUEUE = SearchQueueEntry.__table__
_PENDING = "search_queued"
BATCH = 2000

# Columns whose change alters what the index shows for the products below them.
_GROUP_FIELDS = ("name", "slug", "status", "village", "sentra_id", "sentra")
_CATEGORY_FIELDS = ("name", "name_en", "slug", "parent_id", "parent")
_SENTRA_FIELDS = ("name", "slug", "craft", "province", "regency", "district", "village")


# --- capture -----------------------------------------------------------------------------
def queue_products(connection, product_ids: Iterable[int]) -> int:
    """Queue these products for re-indexing, in the caller's transaction."""
    now = utcnow()
    rows = [{"product_id": int(pid), "queued_at": now} for pid in set(product_ids)]
    if rows:
        connection.execute(insert(_QUEUE), rows)
    return len(rows)


def _queue_select(connection, stmt) -> None:
    connection.execute(
        insert(_QUEUE).from_select(
            ["product_id", "queued_at"],
            stmt.add_columns(literal(utcnow(), UTCDateTime())),
        )
    )


def _changed(obj, fields: tuple[str, ...]) -> bool:
    attrs = inspect(obj).attrs
    return any(name in attrs and attrs[name].history.has_changes() for name in fields)


def _product_id_of(image: ProductImage) -> int | None:
    state = inspect(image)
    value = state.dict.get("product_id")
    if value is None:
        history = state.attrs.product_id.history
        value = next(iter(history.deleted or history.unchanged or ()), None)
    return value


@event.listens_for(Session, "after_flush")
def _capture(session, flush_context) -> None:
    products: set[int] = set()
    groups: set[int] = set()
    categories: set[int] = set()
    sentra: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Product):
            if obj.id is not None:
                products.add(obj.id)
        elif isinstance(obj, ProductImage):
            product_id = _product_id_of(obj)
            if product_id is not None:
                products.add(product_id)
        elif obj in session.new or obj in session.deleted:
            continue  # a new group, category or sentra has no products yet
        elif isinstance(obj, ProducerGroup) and _changed(obj, _GROUP_FIELDS):
            groups.add(obj.id)
        elif isinstance(obj, Category) and _changed(obj, _CATEGORY_FIELDS):
            categories.add(obj.id)
        elif isinstance(obj, Sentra) and _changed(obj, _SENTRA_FIELDS):
            sentra.add(obj.id)
    if not (products or groups or categories or sentra):
        return
    connection = session.connection()
    queue_products(connection, products)
    if groups:
        _queue_select(connection, select(Product.id).where(Product.group_id.in_(groups)))
    if categories:
        # A category's name is also indexed on the products of its subcategories.
        children = select(Category.id).where(Category.parent_id.in_(categories))
        _queue_select(
            connection,
            select(Product.id).where(
                Product.category_id.in_(categories) | Product.category_id.in_(children)
            ),
        )
    if sentra:
        _queue_select(
            connection,
            select(Product.id).join(Product.group).where(ProducerGroup.sentra_id.in_(sentra)),
        )
    session.info[_PENDING] = True


@event.listens_for(Session, "do_orm_execute")
def _capture_bulk(state) -> None:
    """`session.execute(update(Product)…)` / `delete(Product)…`: queue the rows it touches.

    Runs before the statement, in its transaction, so the rows its WHERE clause selects are
    the rows it changes (a conditional stock decrement included).
    """
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) != Product.__tablename__:
        return
    connection = state.session.connection()
    parameters = state.parameters
    if isinstance(parameters, list | tuple):  # executemany by primary key
        queue_products(connection, (p["id"] for p in parameters if p.get("id") is not None))
    else:
        stmt = select(Product.id)
        if state.statement.whereclause is not None:
            stmt = stmt.where(state.statement.whereclause)
        _queue_select(connection, stmt)
    state.session.info[_PENDING] = True


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    if not session.info.pop(_PENDING, False):
        return
    if has_request_context():
        g.search_drain = True  # after the response (see init_search)
    elif has_app_context() and click.get_current_context(silent=True) is not None:
        g.search_drain_cli = True  # when the command's app context ends


@event.listens_for(Session, "before_commit")
def _write_in_transaction(session) -> None:
    """A backend that lives in the database (PostgreSQL) gets the queued products' new
    documents inside the committing transaction: every server sees them with the commit."""
    if not has_app_context():
        return
    backend = current_app.extensions.get("search")
    if not getattr(backend, "in_transaction", False):
        return
    session.flush()  # changes not flushed yet queue their products now (after_flush)
    if not session.info.get(_PENDING):
        return
    connection = session.connection()
    rows = connection.execute(select(SearchQueueEntry.id, SearchQueueEntry.product_id)).all()
    if rows:
        backend.write_products(connection, {product_id for _id, product_id in rows})
        ids = [row_id for row_id, _pid in rows]
        for start in range(0, len(ids), BATCH):
            connection.execute(delete(SearchQueueEntry)
                               .where(SearchQueueEntry.id.in_(ids[start:start + BATCH])))
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session) -> None:
    session.info.pop(_PENDING, None)


# --- apply ---------------------------------------------------------------------------------
@dataclass
class SyncResult:
    indexed: int = 0
    deleted: int = 0
    rows: int = 0
    skipped: str | None = None  # why nothing was applied: "locked", "rebuilding", "no index"
    seconds: float = 0.0


def sync_pending(timeout: float | None = None) -> SyncResult:
    """Apply every queued change to the live index; returns what was done (or why not).

    Needs an app context. Works in a session of its own, so the caller's transaction is
    left alone; only changes committed before the call are applied.
    """
    started = time.perf_counter()
    backend = api.backend()
    timeout = current_app.config["SEARCH_WRITE_TIMEOUT"] if timeout is None else timeout
    result = SyncResult()
    if backend.rebuilding():
        result.skipped = "rebuilding"
        return result
    with Session(db.engine) as session:
        try:
            _drain(session, backend, timeout, result)
        except IndexBusyError:
            result.skipped = "locked"
            log.info("search sync: the index writer is busy; the queue waits for the next drain")
        except SearchUnavailableError:
            result.skipped = "no index"
            log.warning("search sync: no usable index; run `flask search reindex`")
        finally:
            session.rollback()
    result.seconds = time.perf_counter() - started
    return result


def _drain(session: Session, backend: api.SearchBackend, timeout: float,
           result: SyncResult) -> None:
    if getattr(backend, "in_transaction", False):
        # Rows left from before the backend wrote in the transaction: one transaction
        # writes their documents and deletes them.
        rows = session.execute(select(SearchQueueEntry.id, SearchQueueEntry.product_id)).all()
        if rows:
            written, deleted = backend.write_products(session.connection(),
                                                      {pid for _id, pid in rows})
            session.execute(delete(SearchQueueEntry).where(
                SearchQueueEntry.id.in_([row_id for row_id, _pid in rows])))
            session.commit()
            result.indexed, result.deleted, result.rows = written, deleted, len(rows)
        return
    while True:
        if session.scalar(select(SearchQueueEntry.id).limit(1)) is None:
            return
        session.rollback()  # read the queue again in a fresh snapshot, under the lock
        with backend.changes(timeout) as changes:
            # Queue rows first, products second: a change committed after this read
            # leaves a row this drain does not delete.
            rows = session.execute(
                select(SearchQueueEntry.id, SearchQueueEntry.product_id)
                .order_by(SearchQueueEntry.id)
                .limit(BATCH)
            ).all()
            if not rows:
                return
            _rewrite(session, changes, {product_id for _id, product_id in rows}, result)
            # leaving the block commits the index
        # Exactly the rows read: ids are not committed in order, so "id <= max" could
        # delete a row of a transaction that committed after the read.
        ids = [row_id for row_id, _pid in rows]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            session.execute(delete(SearchQueueEntry).where(SearchQueueEntry.id.in_(chunk)))
        session.commit()
        result.rows += len(rows)
        if len(rows) < BATCH:
            return


def _rewrite(session: Session, changes: api.IndexChanges, product_ids: Iterable[int],
             result: SyncResult) -> None:
    """Each product's document from the database: upserted if buyers may see it, else
    deleted."""
    ids = sorted(set(product_ids))
    documents = visible_documents(ids, session)
    for product_id in ids:
        document = documents.get(product_id)
        if document is None:
            changes.delete(product_id)
            result.deleted += 1
        else:
            changes.upsert(document)
            result.indexed += 1


def repair(product_ids: Iterable[int], timeout: float | None = None) -> SyncResult:
    """Rewrite these products' documents from the database now (delete those buyers may not
    see), whatever the queue says. Reads through a session of its own."""
    started = time.perf_counter()
    timeout = current_app.config["SEARCH_WRITE_TIMEOUT"] if timeout is None else timeout
    result = SyncResult()
    ids = sorted(set(product_ids))
    backend = api.backend()
    if getattr(backend, "in_transaction", False):
        with db.engine.begin() as connection:
            result.indexed, result.deleted = backend.write_products(connection, ids)
        result.rows = len(ids)
        result.seconds = time.perf_counter() - started
        return result
    with Session(db.engine) as session:
        try:
            for start in range(0, len(ids), BATCH):
                with backend.changes(timeout) as changes:
                    _rewrite(session, changes, ids[start:start + BATCH], result)
        finally:
            session.rollback()
    result.rows = len(ids)
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class Comparison:
    """How the index differs from the database (product ids)."""

    missing: list[int]  # visible, not in the index
    stale: list[int]  # in the index with another version than the database's
    extra: list[int]  # in the index, not visible (their pages are 404s)

    @property
    def differing(self) -> list[int]:
        return sorted({*self.missing, *self.stale, *self.extra})


def compare() -> Comparison:
    """Every visible product against the index: present, with its current version, and
    nothing else. SearchUnavailableError without a readable index."""
    indexed = api.versions()
    with Session(db.engine) as session:
        current = visible_versions(session)
        session.rollback()
    return Comparison(
        missing=sorted(set(current) - set(indexed)),
        stale=sorted(pid for pid, version in current.items()
                     if pid in indexed and indexed[pid] != version),
        extra=sorted(set(indexed) - set(current)),
    )


def rebuild_index(progress: Callable[[int], None] | None = None) -> tuple[str, SyncResult]:
    """Rebuild the whole index from the database, swap it in, then apply the changes
    queued while it ran (the ones queued before it started are already in what it read).
    Returns the new index's name and what the sync after it did.

    Reads through a session of its own: the caller's transaction is left alone.
    """
    with Session(db.engine) as session:
        # Changes queued before the rebuild reads the catalogue are in what it reads.
        covered = session.scalars(select(SearchQueueEntry.id)).all()
        session.rollback()
        if getattr(api.backend(), "in_transaction", False):
            # It reads each product itself, under its lock: it needs only the ids.
            documents = ({"id": pid} for pid in visible_ids(session))
        else:
            documents = all_documents(session)
        name = api.rebuild(documents, progress)
        session.rollback()
        for start in range(0, len(covered), BATCH):
            chunk = covered[start:start + BATCH]
            session.execute(delete(SearchQueueEntry).where(SearchQueueEntry.id.in_(chunk)))
        session.commit()
    return name, sync_pending()


def repair_after_response(app: Flask, product_ids: list[int]) -> None:
    """`repair` in its own app context, after the response; never raises."""
    with app.app_context():
        try:
            repair(product_ids)
        except Exception:  # noqa: BLE001 - the response is gone; `flask search check` repairs
            log.exception("search repair of %s failed", product_ids)
        finally:
            db.session.remove()


def drain_after_response(app: Flask) -> None:
    """Run `sync_pending` in its own app context; never raises (it runs after the response)."""
    with app.app_context():
        try:
            sync_pending()
        except Exception:  # noqa: BLE001 - the response is gone; log and keep the rows
            log.exception("search sync failed; the queue is kept for the next drain")
            db.session.rollback()
        finally:
            db.session.remove()


def pending_count() -> int:
    """Queue rows not applied yet (read in a session of its own)."""
    with Session(db.engine) as session:
        return session.scalar(select(func.count(SearchQueueEntry.id))) or 0
