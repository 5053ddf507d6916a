"""The PostgreSQL backend: documents in the shop's own database, written with the change.

`SEARCH_BACKEND=postgres` (PostgreSQL only). Every app server reads the same table, and a
product's document is rewritten inside the transaction that changes the product (or its
group, category or sentra: search/sync.py calls `write_products` just before the commit),
so a search on any server sees the change as soon as it is committed, and a rolled-back
change leaves the document as it was.

Writers of one product's document take a transaction-scoped advisory lock on its id, in id
order, before they read the product: the last writer to commit has read everything the
earlier ones committed, so no document is left with half of two changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import delete, exists, inspect, select, text
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
from marketplace.search.models import EXTENSIONS, SearchDocument
from marketplace.search.postgres.query import run_search
from marketplace.search.postgres.terms import document_terms, vocabulary
from marketplace.search.text import query_words

LOCK_CLASS = 0x5EA2  # advisory locks: (LOCK_CLASS, product id) for documents
REBUILD_LOCK = (0x5EA3, 0)  # held by the rebuild
CHUNK = 500
TABLE = "search_documents"
_COLUMNS = ("version", "sentra", "category", "category_top", "group_slug", "price_band",
            "price", "created", "name_len", "boost", "slug", "name", "stock", "cover_key",
            "group_name", "sentra_name", "regency", "village", "snippet")
_UPSERT = text(f"""
    INSERT INTO {TABLE} (product_id, terms, {', '.join(_COLUMNS)})
    VALUES (:product_id,
            setweight(array_to_tsvector(CAST(:a AS text[])), 'A')
            || setweight(array_to_tsvector(CAST(:b AS text[])), 'B')
            || setweight(array_to_tsvector(CAST(:c AS text[])), 'C')
            || setweight(array_to_tsvector(CAST(:d AS text[])), 'D'),
            {', '.join(':' + c for c in _COLUMNS)})
    ON CONFLICT (product_id) DO UPDATE SET terms = excluded.terms,
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
    }


def _lock(connection: Connection, product_ids: list[int]) -> None:
    """This transaction's advisory locks on the products' documents, in id order."""
    connection.execute(
        text("SELECT count(pg_advisory_xact_lock(:cls, id)) FROM unnest(CAST(:ids AS int[])) "
             "AS id"), {"cls": LOCK_CLASS, "ids": sorted(product_ids)})


def write_documents(connection: Connection, documents: list[dict],
                    deleted: Iterable[int] = ()) -> None:
    """Upsert these documents and delete those ids, adding new terms and words."""
    rows = [_row(document) for document in documents]
    if rows:
        connection.execute(_UPSERT, rows)
        terms = sorted({t for row in rows for key in "abcd" for t in row[key]})
        connection.execute(
            text("INSERT INTO search_terms (term, documents) "
                 "SELECT term, 1 FROM unnest(CAST(:terms AS text[])) AS term "
                 "ON CONFLICT (term) DO NOTHING"), {"terms": terms})
        words = sorted({w for document in documents for w in vocabulary(document)})
        connection.execute(
            text("INSERT INTO search_words (word, documents) "
                 "SELECT word, 1 FROM unnest(CAST(:words AS text[])) AS word "
                 "ON CONFLICT (word) DO NOTHING"), {"words": words})
    gone = sorted(set(deleted))
    if gone:
        connection.execute(delete(SearchDocument).where(SearchDocument.product_id.in_(gone)))


def write_products(connection: Connection, product_ids: Iterable[int]) -> tuple[int, int]:
    """Rewrite these products' documents from what this transaction sees, after locking
    them; delete the documents of products buyers may not see. Returns (written, deleted)."""
    ids = sorted(set(product_ids))
    written = removed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        _lock(connection, chunk)
        documents = visible_documents(chunk, connection)
        gone = [pid for pid in chunk if pid not in documents]
        write_documents(connection, list(documents.values()), gone)
        written += len(documents)
        removed += len(gone)
    return written, removed


def delete_hidden(connection: Connection) -> None:
    """Delete the documents of products buyers may no longer see (an anti-join: NOT IN over
    a subquery of 500,000 ids ran for minutes)."""
    visible = visible_products().with_only_columns(Product.id).where(
        Product.id == SearchDocument.product_id)
    connection.execute(delete(SearchDocument).where(~exists(visible)))


def count_terms(connection: Connection) -> None:
    """Count every term's and word's documents afresh (drops those no document holds)."""
    connection.execute(text("DELETE FROM search_terms"))
    connection.execute(text(
        f"INSERT INTO search_terms (term, documents) "  # noqa: S608 - constants and bound parameters only
        f"SELECT word, ndoc FROM ts_stat('SELECT terms FROM {TABLE}') WHERE length(word) <= 60"))
    connection.execute(text("DELETE FROM search_words"))
    connection.execute(text(
        "INSERT INTO search_words (word, documents) "
        "SELECT substr(term, 3), max(documents) FROM search_terms "
        "WHERE term LIKE 'n:%' OR term LIKE 'p:%' GROUP BY substr(term, 3)"))


class PostgresBackend:
    """`marketplace.search.api.SearchBackend` on the `search_documents` table."""

    in_transaction = True  # sync.py writes documents inside the changing transaction

    def __init__(self) -> None:
        self._ready = False

    def _ensure(self) -> None:
        if self._ready:
            return
        found = db.session.scalar(text(f"SELECT to_regclass('{TABLE}') IS NOT NULL"))
        if not found:
            raise SearchUnavailableError(f"no {TABLE} table (run `flask db upgrade`)")
        self._ready = True

    # --- reading ---------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        self._ensure()
        return run_search(db.session, request)

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
                ids = [int(d["id"]) for d in changes.upserts] + changes.deletes
                _lock(connection, ids)
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
                    delete_hidden(connection)
                    count_terms(connection)
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
                documents = connection.scalar(text(f"SELECT count(*) FROM {TABLE}"))  # noqa: S608 - constants and bound parameters only
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
            found = dict(connection.execute(select(SearchDocument.product_id,
                                                   SearchDocument.version)).all())
            connection.rollback()
        return found

    def recount(self) -> None:
        with db.engine.begin() as connection:
            count_terms(connection)

    def close(self) -> None:
        self._ready = False


class _Changes:
    """`api.IndexChanges`, written when the block ends (see PostgresBackend.changes)."""

    def __init__(self) -> None:
        self.upserts: list[dict] = []
        self.deletes: list[int] = []

    def upsert(self, document: dict) -> None:
        self.upserts.append(document)

    def delete(self, product_id: int) -> None:
        self.deletes.append(int(product_id))
