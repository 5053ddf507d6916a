"""The Whoosh backend: one per app and process, the open index and its per-generation snapshot."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.columns import Column

from marketplace.search.api import (
    CheckReport,
    IndexStatus,
    SearchRequest,
    SearchResult,
    SearchUnavailableError,
)
from marketplace.search.evaluate import RESULT_CACHE, run_search
from marketplace.search.text import query_words
from marketplace.search.whoosh.index import (
    CURRENT,
    IndexHolder,
    build_schema,
    guarded,
    index_size,
    is_rebuilding,
    live_path,
    live_writer,
    marker_info,
    rebuild,
)
from marketplace.search.whoosh.snapshot import Snapshot


class WhooshBackend:
    """`marketplace.search.api.SearchBackend` over the Whoosh index under `root`."""

    def __init__(self, root: str | Path, result_cache: int = RESULT_CACHE,
                 build_mb: int = 256) -> None:
        self.holder = IndexHolder(root)
        self.root = self.holder.root
        self.result_cache = result_cache
        self.build_mb = build_mb
        self._snapshot: Snapshot | None = None

    # --- reading ---------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search on the latest commit; SearchUnavailableError if there is no index."""
        with self.holder.reading() as searcher:

            def run() -> SearchResult:
                snapshot = self._snapshot
                if snapshot is None or snapshot.searcher is not searcher:
                    snapshot = self._snapshot = Snapshot(searcher, previous=snapshot)
                return run_search(snapshot, request, self.result_cache)

            try:
                return guarded(run, f"cannot search {self.holder.root}")
            except SearchUnavailableError:
                # Unreadable segment files and the like: drop everything; the next request
                # tries to open the index afresh.
                self._snapshot = None
                self.holder.close()
                raise

    def facets(self, request: SearchRequest) -> dict[str, dict[str, int]]:
        return self.search(request).facets

    def query_words(self, text: str) -> list[str]:
        return query_words(text)

    # --- writing ---------------------------------------------------------------------------
    @contextmanager
    def changes(self, timeout: float) -> Iterator[_Changes]:
        with live_writer(self.root, timeout) as writer:
            changes = _Changes(writer)
            yield changes
            if changes.count:
                writer.commit()  # nothing written: the writer is cancelled, no new commit

    def rebuild(self, documents: Iterable[dict],
                progress: Callable[[int], None] | None = None) -> str:
        return rebuild(self.root, documents, progress=progress, limitmb=self.build_mb).name

    # --- for the operator ------------------------------------------------------------------
    def rebuilding(self) -> bool:
        return is_rebuilding(self.root)

    def status(self) -> IndexStatus:
        live = live_path(self.root)
        marker = marker_info(self.root)
        try:
            size = index_size(self.root) if live else 0
        except OSError:  # swapped out and removed by a rebuild meanwhile
            size = 0
        return IndexStatus(
            location=str(self.root),
            live=live.name if live else None,
            size_bytes=size,
            rebuilding=marker is not None,
            rebuild_started=marker.get("started") if marker else None,
            rebuild_pid=marker.get("pid") if marker else None,
        )

    def check(self, expected: int) -> CheckReport:
        live = live_path(self.root)
        report = {"location": str(self.root), "live": live.name if live else None,
                  "documents": None, "expected": expected, "schema_current": None}
        if live is None:
            return CheckReport(**report, problems=(
                f"no search index at {self.root / CURRENT} (run `flask search reindex`)",))
        try:
            ix = guarded(lambda: whoosh_index.open_dir(str(live)), f"cannot open {live}")
            documents = guarded(ix.doc_count, f"cannot read {live}")
        except SearchUnavailableError as error:
            return CheckReport(**report, problems=(
                f"the index cannot be read ({error}); run `flask search reindex`",))
        schema_current = _describe(ix.schema) == _describe(build_schema())
        problems = []
        if documents != expected:
            problems.append(f"the index holds {documents} products, the catalogue shows "
                            f"{expected} (`flask search sync` applies queued changes)")
        if not schema_current:
            problems.append("the index's fields are not the ones the code writes "
                            "(run `flask search reindex`)")
        return CheckReport(**{**report, "documents": documents,
                              "schema_current": schema_current}, problems=tuple(problems))

    def versions(self) -> dict[int, str]:
        with self.holder.reading() as searcher:
            return guarded(
                lambda: {int(fields["id"]): fields.get("version", "")
                         for _docnum, fields in searcher.reader().iter_docs()},
                f"cannot read {self.holder.root}")

    def close(self) -> None:
        self._snapshot = None
        self.holder.close()


class _Changes:
    """`api.IndexChanges` on an open Whoosh writer."""

    def __init__(self, writer) -> None:
        self.writer = writer
        self.count = 0

    def upsert(self, document: dict) -> None:
        self.writer.update_document(**document)
        self.count += 1

    def delete(self, product_id: int) -> None:
        self.writer.delete_by_term("id", str(product_id))
        self.count += 1


def _describe(schema) -> dict:
    """A schema as comparable values: Whoosh's column types and structs compare by identity,
    so a schema read back from an index never equals a new one field for field."""

    def plain(value):
        if isinstance(value, Column):
            return type(value).__name__, sorted(vars(value).items())
        if isinstance(value, struct.Struct):
            return value.format
        return value

    return {name: (type(field).__name__, {key: plain(value) for key, value in vars(field).items()})
            for name, field in schema.items()}
