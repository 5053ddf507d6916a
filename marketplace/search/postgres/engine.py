"""The PostgreSQL backend: documents in the shop's own database, written with the change.

`SEARCH_BACKEND=postgres` (PostgreSQL only). Every app server reads the same table, and a
product's document is rewritten inside the transaction that changes the product (or its
group, category or sentra: search/sync.py calls `write_products` just before the commit),
so a search on any server sees the change as soon as it is committed, and a rolled-back
change leaves the document as it was.

A writer first raises `search_state.generation` and holds that row until it commits, then
reads the products and writes their documents stamped with its generation: writers
follow one another, each reading what the one before committed, so no document is left
with half of two changes, and generations become visible in order, which is how every
server's snapshot (snapshot.py) learns exactly what changed since it last looked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import exists, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from marketplace.catalog.models import Product
from marketplace.catalog.services import visible_products
from marketplace.kernel.extensions import db
from marketplace.search.api import (
    CheckReport,
    IndexBusyError,
    IndexStatus,
    RebuildRunningError,
    SearchRequest,
    SearchResult,
    SearchUnavailableError,
)
from marketplace.search.documents import visible_documents
from marketplace.search.evaluate import RESULT_CACHE, run_search
from marketplace.search.models import EXTENSIONS, SearchDocument
from marketplace.search.postgres.snapshot import PgSnapshot, current_generation
from marketplace.search.postgres.terms import document_terms, vocabulary
from marketplace.search.text import query_words

REBUILD_LOCK = (0x5EA3, 0)  # held by the rebuild
CHUNK = 500
TABLE = "search_documents"
_COLUMNS = ("version", "sentra", "category", "category_top", "group_slug", "price_band",
            "price", "created", "name_len", "boost", "slug", "name", "stock", "cover_key",
            "group_name", "sentra_name", "regency", "village", "snippet", "rating",
            "rating_sum", "rating_count")
_UPSERT = text(f"""
    INSERT INTO {TABLE} (product_id, generation, hidden, terms, {', '.join(_COLUMNS)})
    VALUES (:product_id, :generation, false,
            setweight(array_to_tsvector(CAST(:a AS text[])), 'A')
            || setweight(array_to_tsvector(CAST(:b AS text[])), 'B')
            || setweight(array_to_tsvector(CAST(:c AS text[])), 'C')
            || setweight(array_to_tsvector(CAST(:d AS text[])), 'D'),
            {', '.join(':' + c for c in _COLUMNS)})
    ON CONFLICT (product_id) DO UPDATE SET terms = excluded.terms,
        generation = excluded.generation, hidden = false,
        {', '.join(f'{c} = excluded.{c}' for c in _COLUMNS)}
""")  # noqa: S608 - constants and bound parameters only


def _row(document: dict) -> dict:
    terms = document_terms(document)
    return {
        "product_id": int(document["id"]), "a": terms["A"], "b": terms["B"], "c": terms["C"],
        "d": terms["D"], "version": document["version"], "sentra": document["sentra"],
        "category": document["category"], "category_top": document["category_top"],
        "group_slug": document["group"], "price_band": document["price_band"],
        "price": document["price"], "created": document["created"],
        "name_len": document["name_len"], "boost": document["boost"],
        "slug": document["slug"], "name": document["name"], "stock": document["stock"],
        "cover_key": document["cover_key"], "group_name": document["group_name"],
        "sentra_name": document["sentra_name"], "regency": document["regency"],
        "village": document["village"], "snippet": document["snippet"],
        "rating": document["rating"], "rating_sum": document["rating_sum"],
        "rating_count": document["rating_count"],
    }


def next_generation(connection: Connection) -> int:
    """Raise the documents' generation for this transaction (once), holding its row lock
    until the commit: writers commit in generation order (see snapshot.py)."""
    transaction = connection.get_transaction()
    cached = connection.info.get("search_generation")
    if cached is not None and cached[0] is transaction:
        return cached[1]
    generation = connection.scalar(text(
        "INSERT INTO search_state (id, generation) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET generation = search_state.generation + 1 "
        "RETURNING generation"))
    connection.info["search_generation"] = (transaction, generation)
    return generation


def write_documents(connection: Connection, documents: list[dict],
                    deleted: Iterable[int] = ()) -> None:
    """Upsert these documents and hide those ids, stamped with this transaction's
    generation; add the new words typos are corrected to."""
    gone = sorted(set(deleted))
    if not documents and not gone:
        return
    generation = next_generation(connection)
    rows = [{**_row(document), "generation": generation} for document in documents]
    if rows:
        connection.execute(_UPSERT, rows)
        words = sorted({w for document in documents for w in vocabulary(document)})
        connection.execute(
            text("INSERT INTO search_words (word, documents) "
                 "SELECT word, 1 FROM unnest(CAST(:words AS text[])) AS word "
                 "ON CONFLICT (word) DO NOTHING"), {"words": words})
    if gone:
        connection.execute(
            text(f"UPDATE {TABLE} SET hidden = true, terms = ''::tsvector, "  # noqa: S608
                 "generation = :generation WHERE product_id = ANY(:ids) AND NOT hidden"),
            {"generation": generation, "ids": gone})


def write_products(connection: Connection, product_ids: Iterable[int]) -> tuple[int, int]:
    """Rewrite these products' documents from what this transaction sees, once it holds the
    generation (so it reads after the last writer's commit); hide those of products buyers
    may not see. Returns (written, hidden)."""
    ids = sorted(set(product_ids))
    if ids:
        next_generation(connection)  # first: every read below follows the last writer's commit
    written = removed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        documents = visible_documents(chunk, connection)
        gone = [pid for pid in chunk if pid not in documents]
        write_documents(connection, list(documents.values()), gone)
        written += len(documents)
        removed += len(gone)
    return written, removed


def hide_invisible(connection: Connection) -> None:
    """Hide the documents of products buyers may no longer see (an anti-join: NOT IN over
    a subquery of 500,000 ids ran for minutes)."""
    visible = visible_products().with_only_columns(Product.id).where(
        Product.id == SearchDocument.product_id)
    ids = list(connection.scalars(select(SearchDocument.product_id).where(
        ~SearchDocument.hidden, ~exists(visible))))
    write_documents(connection, [], ids)


def count_words(connection: Connection) -> None:
    """Count every correction word's documents afresh (drops those no document holds)."""
    connection.execute(text("DELETE FROM search_words"))
    connection.execute(text(
        "INSERT INTO search_words (word, documents) "
        "SELECT substr(word, 3), max(ndoc) FROM ts_stat("
        "'SELECT terms FROM search_documents WHERE NOT hidden') "
        "WHERE (word LIKE 'n:%' OR word LIKE 'p:%') AND length(word) <= 62 "
        "GROUP BY substr(word, 3)"))


class PostgresBackend:
    """`marketplace.search.api.SearchBackend` on the `search_documents` table."""

    in_transaction = True  # sync.py writes documents inside the changing transaction

    def __init__(self, result_cache: int = RESULT_CACHE) -> None:
        self._ready = False
        self.result_cache = result_cache
        self._snapshot: PgSnapshot | None = None
        self._lock = threading.Lock()

    def _ensure(self) -> None:
        if self._ready:
            return
        found = db.session.scalar(text(f"SELECT to_regclass('{TABLE}') IS NOT NULL"))
        if not found:
            raise SearchUnavailableError(f"no {TABLE} table (run `flask db upgrade`)")
        self._ready = True

    # --- reading ---------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search on the documents as committed now: the generation is read first,
        and what was written since this process last looked is applied (snapshot.py)."""
        self._ensure()
        session = db.session
        generation = current_generation(session)
        with self._lock:
            snapshot = self._snapshot
            if snapshot is None:
                snapshot = PgSnapshot.load(session)
            elif snapshot.generation != generation:
                snapshot = snapshot.following(session, generation)
            self._snapshot = snapshot
        return run_search(snapshot, request, self.result_cache)

    def facets(self, request: SearchRequest) -> dict[str, dict[str, int]]:
        return self.search(request).facets

    def query_words(self, text: str) -> list[str]:
        return query_words(text)

    # --- writing ---------------------------------------------------------------------------
    def write_products(self, connection: Connection, product_ids: Iterable[int]):
        return write_products(connection, product_ids)

    @contextmanager
    def changes(self, timeout: float) -> Iterator[_Changes]:
        try:
            with db.engine.begin() as connection:
                connection.execute(text("SELECT set_config('lock_timeout', :ms, true)"),
                                   {"ms": f"{max(1, int(timeout * 1000))}ms"})
                changes = _Changes()
                yield changes
                write_documents(connection, changes.upserts, changes.deletes)
        except OperationalError as error:
            if "lock timeout" in str(error).lower():
                raise IndexBusyError(str(error)) from error
            raise

    def rebuild(self, documents: Iterable[dict],
                progress: Callable[[int], None] | None = None) -> str:
        """Rewrite every visible product's document (each chunk re-read under its locks, in
        its own short transaction, so saves go on meanwhile), delete the rest, recount."""
        with db.engine.connect() as holder:
            if not holder.scalar(text("SELECT pg_try_advisory_lock(:a, :b)"),
                                 {"a": REBUILD_LOCK[0], "b": REBUILD_LOCK[1]}):
                holder.rollback()
                raise RebuildRunningError("another rebuild is running")
            holder.commit()
            try:
                count = 0
                batch: list[int] = []
                for document in documents:
                    batch.append(int(document["id"]))
                    if len(batch) >= CHUNK:
                        count = self._rebuild_chunk(batch, count, progress)
                        batch = []
                if batch:
                    self._rebuild_chunk(batch, count, progress)
                with db.engine.begin() as connection:
                    hide_invisible(connection)
                    count_words(connection)
            finally:
                holder.execute(text("SELECT pg_advisory_unlock(:a, :b)"),
                               {"a": REBUILD_LOCK[0], "b": REBUILD_LOCK[1]})
                holder.commit()
        return TABLE

    @staticmethod
    def _rebuild_chunk(ids: list[int], count: int,
                       progress: Callable[[int], None] | None) -> int:
        with db.engine.begin() as connection:
            write_products(connection, ids)
        if progress is not None:
            for n in range(count + 1, count + len(ids) + 1):
                progress(n)
        return count + len(ids)

    # --- for the operator ------------------------------------------------------------------
    def rebuilding(self) -> bool:
        with db.engine.connect() as connection:
            held = connection.scalar(text(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid = :a AND objid = :b AND objsubid = 2 AND granted)"),
                {"a": REBUILD_LOCK[0], "b": REBUILD_LOCK[1]})
            connection.rollback()
        return bool(held)

    def status(self) -> IndexStatus:
        with db.engine.connect() as connection:
            exists = connection.scalar(text(f"SELECT to_regclass('{TABLE}') IS NOT NULL"))
            size = connection.scalar(text(f"SELECT pg_total_relation_size('{TABLE}')")) \
                if exists else 0
            connection.rollback()
        return IndexStatus(location=f"PostgreSQL table {TABLE}",
                           live=TABLE if exists else None, size_bytes=int(size or 0),
                           rebuilding=self.rebuilding())

    def check(self, expected: int) -> CheckReport:
        report = {"location": f"PostgreSQL table {TABLE}", "live": None, "documents": None,
                  "expected": expected, "schema_current": None}
        with db.engine.connect() as connection:
            try:
                exists = connection.scalar(text(f"SELECT to_regclass('{TABLE}') IS NOT NULL"))
                if not exists:
                    return CheckReport(**report, problems=(
                        f"no {TABLE} table (run `flask db upgrade`)",))
                documents = connection.scalar(
                    text(f"SELECT count(*) FROM {TABLE} WHERE NOT hidden"))  # noqa: S608  # noqa: S608 - constants and bound parameters only
                installed = set(connection.scalars(text(
                    "SELECT extname FROM pg_extension WHERE extname = ANY(:names)"),
                    {"names": list(EXTENSIONS)}))
                columns = {c["name"] for c in inspect(connection).get_columns(TABLE)}
            except DBAPIError as error:
                return CheckReport(**report, problems=(f"cannot read {TABLE}: {error}",))
            finally:
                connection.rollback()
        wanted = {c.name for c in SearchDocument.__table__.columns}
        schema_current = installed == set(EXTENSIONS) and wanted <= columns
        problems = []
        if documents != expected:
            problems.append(f"the index holds {documents} products, the catalogue shows "
                            f"{expected}")
        if not schema_current:
            problems.append(f"{TABLE} or the extensions {', '.join(EXTENSIONS)} are not what "
                            "the code expects (run `flask db upgrade`)")
        return CheckReport(**{**report, "live": TABLE, "documents": documents,
                              "schema_current": schema_current}, problems=tuple(problems))

    def versions(self) -> dict[int, str]:
        with db.engine.connect() as connection:
            found = dict(connection.execute(
                select(SearchDocument.product_id, SearchDocument.version)
                .where(~SearchDocument.hidden)).all())
            connection.rollback()
        return found

    def recount(self) -> None:
        with db.engine.begin() as connection:
            count_words(connection)

    def close(self) -> None:
        self._ready = False
        self._snapshot = None


class _Changes:
    """`api.IndexChanges`, written when the block ends (see PostgresBackend.changes)."""

    def __init__(self) -> None:
        self.upserts: list[dict] = []
        self.deletes: list[int] = []

    def upsert(self, document: dict) -> None:
        self.upserts.append(document)

    def delete(self, product_id: int) -> None:
        self.deletes.append(int(product_id))
