"""Search behind one interface: what the rest of the app calls, whichever engine answers.

The results page, the catalogue sync, the `flask search` commands and the benchmark call
the functions below (or `backend()`); only the backend behind them knows the engine. The
one backend today is Whoosh (`marketplace.search.whoosh`), chosen by the config key
`SEARCH_BACKEND` ("whoosh", the default) when `init_search` builds the app.

What crosses the interface is plain data: a `SearchRequest` in; a `SearchResult` (hits,
facet counts, the page) out; documents as dicts of the fields `documents.to_document`
writes; an `IndexStatus` and a `CheckReport` for the operator. Failures are the three
errors below, whatever the engine raised.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from flask import Flask, current_app
from markupsafe import Markup

MAX_QUERY_CHARS = 200
FACETS = ("sentra", "category", "group", "price")
SORTS = ("relevance", "price_asc", "price_desc", "newest", "rating")


# --- failures --------------------------------------------------------------------------------
class SearchUnavailableError(RuntimeError):
    """There is no usable index (missing, corrupt, or never built)."""


class RebuildRunningError(RuntimeError):
    """Another rebuild holds the rebuild lock."""


class IndexBusyError(RuntimeError):
    """The index writer stayed busy for the whole wait: the changes wait for the next try."""


# --- a search in ---------------------------------------------------------------------------
def clean_query(text: str | None) -> str:
    """The query as we search it: control characters gone, spaces collapsed, length-limited."""
    if not text:
        return ""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else ch
        for ch in text[: MAX_QUERY_CHARS * 4]
    )
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text[:MAX_QUERY_CHARS].strip()


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    sentra: str | None = None
    category: str | None = None
    group: str | None = None
    price: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 24
    exact: bool = False  # the buyer's own words: no typo correction

    def filters(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FACETS if getattr(self, name)}


# --- results out ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hit:
    """One result: what a product card needs (like catalog.services.ProductCard) + snippet."""

    id: int
    slug: str
    name: str
    price: int
    stock: int
    group_slug: str
    group_name: str
    regency: str
    cover_key: str | None
    sentra_name: str
    snippet: Markup
    village: str = ""
    rating_sum: int = 0  # the visible reviews' stars and number (catalog/ratings.py)
    rating_count: int = 0


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]  # facet -> value -> count (values with matches)
    words: list[str] = field(default_factory=list)
    mode: str = "all"  # all (no words) | and | or | none
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> index word
    suggestion: str | None = None  # the corrected query the results are for, if corrected


# --- for the operator ----------------------------------------------------------------------
@dataclass(frozen=True)
class IndexStatus:
    location: str  # where the index lives (a directory for Whoosh)
    live: str | None  # the name of the index searches read; None: there is none
    size_bytes: int
    rebuilding: bool = False
    rebuild_started: str | None = None
    rebuild_pid: int | None = None


@dataclass(frozen=True)
class CheckReport:
    """What `check` found; `problems` is empty when the index is fit to serve."""

    location: str
    live: str | None
    documents: int | None  # documents in the live index (None: no readable index)
    expected: int  # products buyers may see, as the caller counted them
    schema_current: bool | None  # the index's fields are the ones the code writes
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the protocol --------------------------------------------------------------------------
class IndexChanges(Protocol):
    """Changes to the live index, applied together when their block ends without error."""

    def upsert(self, document: dict) -> None:
        """Add the product's document, replacing the one with the same id."""

    def delete(self, product_id: int) -> None:
        """Remove the product's document (nothing happens if there is none)."""


class SearchBackend(Protocol):
    def search(self, request: SearchRequest) -> SearchResult:
        """Match, filter, count facets, order and page; SearchUnavailableError without an
        index."""

    def facets(self, request: SearchRequest) -> dict[str, dict[str, int]]:
        """The facet counts of this search (facet -> value -> matching products)."""

    def query_words(self, text: str) -> list[str]:
        """The words of a cleaned query this backend searches for (none: list everything)."""

    def changes(self, timeout: float) -> AbstractContextManager[IndexChanges]:
        """Exclusive write access to the live index, waiting at most `timeout` seconds
        (IndexBusyError), committed when the block ends without error, cancelled otherwise.
        SearchUnavailableError when there is no index to write to."""

    def rebuild(self, documents: Iterable[dict],
                progress: Callable[[int], None] | None = None) -> str:
        """Build a complete new index from `documents` and swap it in (searches keep using
        the old one until then); returns the new index's name. RebuildRunningError if
        another rebuild is running."""

    def rebuilding(self) -> bool:
        """Whether a rebuild is running (changes then wait for it to finish)."""

    def status(self) -> IndexStatus: ...

    def check(self, expected: int) -> CheckReport:
        """Whether the live index exists, is readable, holds `expected` documents and has
        the schema the code writes."""

    def versions(self) -> dict[int, str]:
        """Every document's product id and the version it was written with
        (`documents.version_of`); SearchUnavailableError without an index."""

    def close(self) -> None:
        """Let go of open files; the next call opens them again."""


# --- what the app calls ----------------------------------------------------------------------
def backend(app: Flask | None = None) -> SearchBackend:
    """The search backend of this app (of the current app without an argument)."""
    return (app or current_app).extensions["search"]


def search(request: SearchRequest) -> SearchResult:
    return backend().search(request)


def facets(request: SearchRequest) -> dict[str, dict[str, int]]:
    return backend().facets(request)


def query_words(text: str) -> list[str]:
    return backend().query_words(text)


def upsert(documents: Iterable[dict], timeout: float) -> int:
    """Write these documents in one change; returns how many."""
    count = 0
    with backend().changes(timeout) as changes:
        for document in documents:
            changes.upsert(document)
            count += 1
    return count


def delete(product_ids: Iterable[int], timeout: float) -> int:
    """Remove these products' documents in one change; returns how many ids."""
    count = 0
    with backend().changes(timeout) as changes:
        for product_id in product_ids:
            changes.delete(product_id)
            count += 1
    return count


def rebuild(documents: Iterable[dict], progress: Callable[[int], None] | None = None) -> str:
    return backend().rebuild(documents, progress)


def status() -> IndexStatus:
    return backend().status()


def check(expected: int) -> CheckReport:
    return backend().check(expected)


def versions() -> dict[int, str]:
    return backend().versions()


__all__ = [
    "FACETS",
    "SORTS",
    "CheckReport",
    "Hit",
    "IndexBusyError",
    "IndexChanges",
    "IndexStatus",
    "RebuildRunningError",
    "SearchBackend",
    "SearchRequest",
    "SearchResult",
    "SearchUnavailableError",
    "backend",
    "check",
    "clean_query",
    "delete",
    "facets",
    "query_words",
    "rebuild",
    "search",
    "status",
    "upsert",
    "versions",
]
