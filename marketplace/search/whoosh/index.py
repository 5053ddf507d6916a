"""The Whoosh index on disk: schema, opening, the one writer path and the atomic rebuild.

Layout under SEARCH_DIR (default instance/search/):

    current -> index-20261123T161000-4242   the live index (a symlink, replaced atomically)
    index-…/                                index directories (the live one and the previous)
    building-…/                             an index being built, renamed index-… when done
    REBUILDING                              marker: a rebuild is running (pid, host, time)
    rebuild.lock                            held by the rebuild (one at a time)

A rebuild killed half-way (the process gone, no `finally`) leaves its building-… folder;
the next rebuild removes it as soon as it holds the lock, which proves that no rebuild is
still writing there.
"""

from __future__ import annotations

import fcntl
import gc
import json
import logging
import os
import shutil
import socket
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import RefBytesColumn
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.writing import LockError

from marketplace.search.api import IndexBusyError, RebuildRunningError, SearchUnavailableError
from marketplace.search.whoosh.analysis import english_analyzer, indonesian_analyzer, plain_analyzer

log = logging.getLogger(__name__)

CURRENT = "current"
MARKER = "REBUILDING"
REBUILD_LOCK = "rebuild.lock"
PREFIX = "index-"
BUILDING = "building-"
STALE_SECONDS = 3600
T = TypeVar("T")


class PostingsOnlyCodec(W3Codec):
    """Whoosh's codec without per-posting field lengths.

    Lengths feed only Whoosh's own scoring (BM25), which this app never uses (snapshot.py
    matches document sets). Writing them costs a file-system check and a column read per
    posting when a segment is flushed: a third of a full rebuild's time.
    """

    length_stats = False


class ColumnNumber(NUMERIC):
    """A number kept only as a column (sorting, the static order), never as terms: the app
    runs no Whoosh range queries, and NUMERIC's trie terms were 8-16 postings a document."""

    indexed = False


def build_schema() -> Schema:
    """Text fields to match, exact-value facet fields, sortable numbers, stored card fields."""
    return Schema(
        id=ID(unique=True, stored=True),
        # Matching (no positions: no phrase queries, smaller postings)
        name=TEXT(analyzer=plain_analyzer(), field_boost=3.0, stored=True, phrase=False),
        name_stem=TEXT(analyzer=indonesian_analyzer(), field_boost=2.0, phrase=False),
        tags=TEXT(analyzer=indonesian_analyzer(), phrase=False),
        place=TEXT(analyzer=plain_analyzer(), phrase=False),
        text=TEXT(analyzer=indonesian_analyzer(), phrase=False),
        text_en=TEXT(analyzer=english_analyzer(), phrase=False),
        # Facets: exact values (ID, never KEYWORD, which would split "Perak & Logam"), each
        # with a column of per-document value references to build facet sets from at once
        sentra=ID(sortable=RefBytesColumn()),
        category=ID(sortable=RefBytesColumn()),
        category_top=ID(sortable=RefBytesColumn()),
        group=ID(stored=True, sortable=RefBytesColumn()),
        price_band=ID(sortable=RefBytesColumn()),
        # Sorting
        price=ColumnNumber(bits=64, sortable=True, stored=True),
        created=ColumnNumber(bits=64, sortable=True),
        name_len=ColumnNumber(sortable=True),
        boost=ColumnNumber(sortable=True),  # documents.rank_boost: stock, featured, sales
        rating=ColumnNumber(bits=64, sortable=True),  # documents: catalog.ratings.rating_key
        # What a result card shows, so a results page needs no database row per hit
        slug=STORED,
        stock=STORED,
        cover_key=STORED,
        group_name=STORED,
        sentra_name=STORED,
        regency=STORED,
        village=STORED,
        rating_sum=STORED,
        rating_count=STORED,
        version=STORED,  # documents.version_of: what `check` compares with the database
        snippet=STORED,
    )


# --- locations ---------------------------------------------------------------------------
def live_path(root: Path) -> Path | None:
    """The directory the `current` symlink points at, or None."""
    try:
        name = os.readlink(root / CURRENT)
    except OSError:
        return None
    return root / name


def marker_info(root: Path) -> dict | None:
    """What the REBUILDING marker says, or None when there is no live marker.

    A marker is stale (ignored) after an hour, or at once when its process on this host
    has gone.
    """
    try:
        info = json.loads((root / MARKER).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    if time.time() - float(info.get("time", 0)) > STALE_SECONDS:
        return None
    if info.get("host") == socket.gethostname():
        try:
            os.kill(int(info.get("pid", 0)), 0)
        except ProcessLookupError:
            return None
        except (PermissionError, ValueError, OverflowError):
            pass
    return info


def is_rebuilding(root: Path) -> bool:
    return marker_info(root) is not None


# --- reading -------------------------------------------------------------------------------
def guarded(action: Callable[[], T], what: str) -> T:
    """`action()`, or SearchUnavailableError if Whoosh fails on the index files.

    Whoosh leaves files open when it fails on a damaged index. The failure is turned into
    a message, its frames are cleared and, once the exception is gone, the orphaned files
    are collected with their ResourceWarnings silenced.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return action()
        except Exception as error:  # noqa: BLE001 - any failure means an unusable index
            message = f"{what}: {type(error).__name__}: {error}"
            traceback.clear_frames(error.__traceback__)
        gc.collect()
    log.warning("search index unusable (%s)", message)
    raise SearchUnavailableError(message)


class IndexHolder:
    """One open index and searcher per process, checked per request.

    `reading()` yields a searcher of the latest commit of the live index: it reopens when
    the `current` symlink moved (a rebuild swapped in a new directory) and opens a new
    searcher when another process committed. Whoosh searchers are not thread-safe, so
    readers take turns.
    """

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self._lock = threading.RLock()
        self._pid: int | None = None
        self._path: Path | None = None
        self._index = None
        self._searcher = None

    @contextmanager
    def reading(self) -> Iterator:
        with self._lock:
            yield self._fresh_searcher()

    def _fresh_searcher(self):
        target = live_path(self.root)
        if target is None:
            self.close()
            raise SearchUnavailableError(f"no search index at {self.root / CURRENT}")
        if self._searcher is None or target != self._path or self._pid != os.getpid():
            self.close()
            try:
                self._index = guarded(lambda: whoosh_index.open_dir(str(target)),
                                      f"cannot open {target}")
                self._searcher = guarded(self._index.searcher, f"cannot read {target}")
            except SearchUnavailableError:
                self.close()
                raise
            self._path, self._pid = target, os.getpid()
            return self._searcher
        try:
            if not guarded(self._searcher.up_to_date, f"cannot read {target}"):
                # A new searcher, not `refresh()`: refresh reuses the readers of segments
                # it already had, with their old deletions, so an updated document would
                # be found twice (old and new version).
                old = self._searcher
                self._searcher = guarded(self._index.searcher, f"cannot read {target}")
                old.close()
        except SearchUnavailableError:
            self.close()
            raise
        return self._searcher

    def close(self) -> None:
        with self._lock:
            searcher, self._searcher, self._index, self._path = self._searcher, None, None, None
            if searcher is not None and self._pid == os.getpid():
                try:
                    searcher.close()
                except Exception:  # noqa: BLE001, S110 - closing a broken searcher
                    pass


# --- writing -------------------------------------------------------------------------------
@contextmanager
def live_writer(root: Path, timeout: float) -> Iterator:
    """A writer on the live index, or IndexBusyError after `timeout` seconds of waiting.

    Checks the symlink again once the lock is held: a writer that waited on an index a
    rebuild has just replaced would write where nobody reads, so it moves to the new one.
    The caller commits; leaving the block without committing cancels.
    """
    for _attempt in range(3):
        target = live_path(root)
        if target is None:
            raise SearchUnavailableError("no search index to write to")
        ix = guarded(lambda: whoosh_index.open_dir(str(target)), f"cannot open {target}")  # noqa: B023
        try:
            writer = ix.writer(timeout=timeout, delay=0.05, codec=PostingsOnlyCodec())
        except LockError as error:
            raise IndexBusyError(f"the writer of {target} stayed busy") from error
        if live_path(root) != target:
            writer.cancel()
            continue
        try:
            yield writer
        finally:
            if not writer.is_closed:
                writer.cancel()
        return
    raise IndexBusyError("the live index kept moving")


# --- rebuilding ----------------------------------------------------------------------------
def rebuild(root: Path, documents: Iterable[dict],
            progress: Callable[[int], None] | None = None, limitmb: int = 256,
            old_lock_timeout: float = 60.0) -> Path:
    """Build a complete new index from `documents` and swap it in atomically.

    Searches keep using the old index until the swap. While the rebuild runs, the
    REBUILDING marker tells writers to leave their queue rows for later, and the old
    index's write lock is held so that no writer slips a change into it: the caller drains
    the queue into the new index afterwards. Returns the new index directory.
    """
    root.mkdir(parents=True, exist_ok=True)
    with open(root / REBUILD_LOCK, "a+") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise RebuildRunningError("another rebuild is running") from error
        _write_marker(root)
        old = live_path(root)
        _remove_partial_builds(root, keep=old)
        old_lock = _lock_old_index(old, old_lock_timeout)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        building = root / f"{BUILDING}{stamp}-{os.getpid()}"
        target = root / f"{PREFIX}{stamp}-{os.getpid()}"
        try:
            building.mkdir()
            ix = whoosh_index.create_in(str(building), build_schema())
            writer = ix.writer(limitmb=limitmb, codec=PostingsOnlyCodec())
            try:
                for count, document in enumerate(documents, 1):
                    writer.add_document(**document)
                    if progress is not None:
                        progress(count)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            os.rename(building, target)  # complete: only now does it look like an index
            _swap(root, target)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            shutil.rmtree(target, ignore_errors=True)
            raise
        finally:
            if old_lock is not None:
                old_lock.release()
            (root / MARKER).unlink(missing_ok=True)
        _remove_old_indexes(root, keep={target.name, old.name if old else ""})
        return target


def _write_marker(root: Path) -> None:
    info = {"pid": os.getpid(), "host": socket.gethostname(), "time": time.time(),
            "started": datetime.now(UTC).isoformat(timespec="seconds")}
    tmp = root / f".{MARKER}.{os.getpid()}"
    tmp.write_text(json.dumps(info))
    os.replace(tmp, root / MARKER)


def _lock_old_index(old: Path | None, timeout: float):
    """Hold the old index's write lock, if there is a readable old index."""
    if old is None:
        return None
    try:
        ix = guarded(lambda: whoosh_index.open_dir(str(old)), f"cannot open {old}")
    except SearchUnavailableError:
        return None  # a damaged old index has nothing to protect
    lock = ix.lock("WRITELOCK")
    deadline = time.monotonic() + timeout
    while not lock.acquire(blocking=False):
        if time.monotonic() > deadline:
            log.warning("search rebuild: the old index stayed locked; building anyway")
            return None
        time.sleep(0.05)
    return lock


def _swap(root: Path, target: Path) -> None:
    """Point `current` at `target` in one step (rename over the old symlink)."""
    tmp = root / f".{CURRENT}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(target.name, tmp)
    os.replace(tmp, root / CURRENT)


def _remove_partial_builds(root: Path, keep: Path | None) -> None:
    """Remove what rebuilds killed half-way left behind. Only called with the rebuild lock
    held: no other rebuild is running, so none of these folders is being written."""
    for path in root.glob(f"{BUILDING}*"):
        if path.is_dir() and path != keep:
            log.warning("search rebuild: removing %s, left by a rebuild that did not finish",
                        path.name)
            shutil.rmtree(path, ignore_errors=True)


def _remove_old_indexes(root: Path, keep: set[str]) -> None:
    """Keep the live index and the one before it (a worker may still be reading it)."""
    for path in root.glob(f"{PREFIX}*"):
        if path.name not in keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def index_size(root: Path) -> int:
    """Bytes on disk of the live index."""
    target = live_path(root)
    if target is None:
        return 0
    return sum(p.stat().st_size for p in target.iterdir() if p.is_file())


__all__ = [
    "IndexHolder",
    "build_schema",
    "guarded",
    "index_size",
    "is_rebuilding",
    "live_path",
    "live_writer",
    "marker_info",
    "rebuild",
]
