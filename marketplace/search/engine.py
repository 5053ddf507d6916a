"""One search engine per app and process: the open index and its per-generation snapshot."""

from __future__ import annotations

from pathlib import Path

from marketplace.search.index import IndexHolder, SearchUnavailableError, guarded
from marketplace.search.query import RESULT_CACHE, SearchRequest, SearchResult, run_search
from marketplace.search.snapshot import Snapshot


class SearchEngine:
    def __init__(self, root: str | Path, result_cache: int = RESULT_CACHE) -> None:
        self.holder = IndexHolder(root)
        self.result_cache = result_cache
        self._snapshot: Snapshot | None = None

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

    def close(self) -> None:
        self._snapshot = None
        self.holder.close()
