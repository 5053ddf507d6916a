"""A reindex killed half-way leaves its partial folder only until the next rebuild starts;
the live index answers throughout."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from marketplace.kernel.extensions import db
from marketplace.search.api import SearchRequest, search
from marketplace.search.sync import rebuild_index
from marketplace.search.whoosh import index
from tests.factories import make_product


@pytest.fixture(params=["sqlite"])  # index folders, not the database, are what this is about
def backend(request):
    return request.param


@pytest.fixture
def app_config(tmp_path):
    return {"SEARCH_DIR": str(tmp_path / "search"), "SEARCH_WRITE_TIMEOUT": 0.2}


def names(app, q) -> set[str]:
    return {hit.name for hit in search(SearchRequest(q=q, per_page=10)).hits}


def _folders(root: Path) -> set[Path]:
    """The index folders (not the `current` symlink)."""
    return {path for path in root.iterdir() if path.is_dir() and not path.is_symlink()}


def _rebuild_killed_half_way(root: str) -> None:
    """A rebuild whose process dies (no cleanup runs) after its second document."""
    def die(count: int) -> None:
        if count == 2:
            os._exit(3)

    documents = ({"id": str(n), "name": f"Vas Terakota {n}"} for n in range(5))
    index.rebuild(Path(root), documents, progress=die)


def test_the_next_rebuild_removes_a_killed_rebuilds_partial_folder(app):
    # given a live index
    make_product(name="Cangkir Keramik Glasir Biru")
    db.session.commit()
    rebuild_index()
    root = Path(app.config["SEARCH_DIR"])
    live = index.live_path(root)
    folders = _folders(root)
    # when a rebuild is killed half-way, in its own process
    child = multiprocessing.get_context("fork").Process(target=_rebuild_killed_half_way,
                                                        args=(str(root),))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 3
    [partial] = _folders(root) - folders
    # then its partial folder is there, but searches still use the live index
    assert index.live_path(root) == live
    assert names(app, "cangkir") == {"Cangkir Keramik Glasir Biru"}
    seen = []

    def during_next_rebuild(count: int) -> None:
        seen.append((partial.exists(), names(app, "cangkir")))

    # and the next rebuild removes the partial folder before it builds, never the live one
    new, _synced = rebuild_index(progress=during_next_rebuild)
    assert seen == [(False, {"Cangkir Keramik Glasir Biru"})]
    assert not partial.exists()
    assert _folders(root) == {live, root / new}  # and the last
    assert names(app, "cangkir") == {"Cangkir Keramik Glasir Biru"}
