"""Caching between requests, made safe by the catalogue version.

Every flush that touches a catalogue row bumps `catalog_state.version` in the same
transaction; cached values carry the version they were computed at and are recomputed as
soon as the committed version differs. Statements that bypass the ORM (bulk stock
updates) call `bump_catalog_version` themselves.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import g, has_app_context
from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from marketplace.catalog.models import (
    CatalogState,
    Category,
    ProducerGroup,
    Product,
    ProductImage,
    Sentra,
)
from marketplace.kernel.extensions import db

_CATALOG_MODELS = (Product, ProductImage, ProducerGroup, Category, Sentra)
_STATE_ID = 1


def catalog_version() -> int | None:
    """The committed catalogue version, read once per request (None: nothing to cache by)."""
    if has_app_context() and "catalog_version" in g:
        return g.catalog_version
    version = db.session.scalar(select(CatalogState.version).where(CatalogState.id == _STATE_ID))
    if has_app_context():
        g.catalog_version = version
    return version


def bump_catalog_version(connection) -> None:
    """Move the version on inside the caller's transaction (creating the row if needed)."""
    updated = connection.execute(
        update(CatalogState)
        .where(CatalogState.id == _STATE_ID)
        .values(version=CatalogState.version + 1)
    ).rowcount
    if not updated:
        # A random start: two databases (or a rebuilt one) never share a version number.
        start = secrets.randbits(48)
        connection.execute(insert(CatalogState).values(id=_STATE_ID, version=start))


@event.listens_for(Session, "after_flush")
def _bump_on_catalogue_change(session, flush_context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, _CATALOG_MODELS) for obj in changed):
        bump_catalog_version(session.connection())
        if has_app_context():
            g.pop("catalog_version", None)


class VersionedCache:
    """A bounded per-process LRU whose entries are only valid for one catalogue version."""

    def __init__(self, max_entries: int = 1024) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Any, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, version: int) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Any, version: int, value: Any) -> None:
        with self._lock:
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_values = VersionedCache()


def cached(key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()` once per catalogue version and process; returns plain values only."""
    version = catalog_version()
    if version is None:
        return compute()
    key = (str(db.engine.url), key)
    value = _values.get(key, version)
    if value is None:
        value = compute()
        _values.put(key, version, value)
    return value
