"""The index follows the catalogue: after every kind of committed change, never before."""

import os
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import delete, func, select, update

from marketplace.catalog.models import Product, ProductImage
from marketplace.catalog.status import (
    GROUP_TRANSITIONS,
    PRODUCT_TRANSITIONS,
    GroupStatus,
    ProductStatus,
    transition,
)
from marketplace.kernel.extensions import db
from marketplace.search import api
from marketplace.search.api import SearchRequest, SearchUnavailableError
from marketplace.search.models import SearchQueueEntry
from marketplace.search.sync import rebuild_index, sync_pending
from marketplace.search.whoosh import WhooshBackend
from marketplace.search.whoosh.index import MARKER, live_path, live_writer
from tests.factories import make_category, make_group, make_product, make_sentra


@pytest.fixture
def app_config(tmp_path):
    return {"SEARCH_DIR": str(tmp_path / "search"), "SEARCH_WRITE_TIMEOUT": 0.2}


def search(app, q, **filters):
    return api.backend(app).search(SearchRequest(q=q, per_page=100, **filters))


def names(app, q, **filters) -> set[str]:
    return {hit.name for hit in search(app, q, **filters).hits}


def queued() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(SearchQueueEntry.id)))


@pytest.fixture
def indexed(app):
    """A small catalogue, committed and indexed; returns its product."""
    product = make_product(name="Cangkir Keramik Glasir Biru", description="Dibuat di Dinoyo.")
    db.session.commit()
    rebuild_index()
    assert names(app, "cangkir") == {"Cangkir Keramik Glasir Biru"}
    return product


def test_a_new_product_is_found_once_committed_and_drained(app, indexed):
    product = make_product(name="Vas Bunga Terakota")
    db.session.commit()
    assert queued() >= 1
    result = sync_pending()
    assert (result.skipped, result.indexed) == (None, 1)
    assert names(app, "terakota") == {"Vas Bunga Terakota"}
    assert queued() == 0
    assert search(app, "terakota").hits[0].slug == product.slug


def test_an_edit_replaces_the_old_words(app, indexed):
    indexed.name = "Mangkuk Sup Dinoyo"
    indexed.price = 99_000
    db.session.commit()
    sync_pending()
    assert names(app, "cangkir") == set()
    [hit] = search(app, "mangkuk").hits
    assert (hit.name, hit.price) == ("Mangkuk Sup Dinoyo", 99_000)


def test_publishing_archiving_and_deleting(app, indexed):
    draft = make_product(name="Kendi Gerabah Air", status=ProductStatus.DRAFT)
    db.session.commit()
    sync_pending()
    assert names(app, "kendi") == set()  # drafts are never indexed

    transition(draft, PRODUCT_TRANSITIONS, ProductStatus.ACTIVE)
    db.session.commit()
    sync_pending()
    assert names(app, "kendi") == {"Kendi Gerabah Air"}

    transition(draft, PRODUCT_TRANSITIONS, ProductStatus.ARCHIVED)
    db.session.commit()
    sync_pending()
    assert names(app, "kendi") == set()

    db.session.delete(indexed)
    db.session.commit()
    result = sync_pending()
    assert result.deleted == 1
    assert names(app, "cangkir") == set()


def test_suspending_and_approving_a_group(app, indexed):
    group = indexed.group
    transition(group, GROUP_TRANSITIONS, GroupStatus.SUSPENDED)
    db.session.commit()
    sync_pending()
    assert names(app, "cangkir") == set()

    pending = make_group(status=GroupStatus.PENDING, name="Kelompok Baru")
    make_product(group=pending, name="Cobek Batu Kali")
    db.session.commit()
    sync_pending()
    assert names(app, "cobek") == set()
    transition(pending, GROUP_TRANSITIONS, GroupStatus.APPROVED)
    db.session.commit()
    sync_pending()
    assert names(app, "cobek") == {"Cobek Batu Kali"}


def test_renaming_a_category_or_a_sentra_reindexes_their_products(app, indexed):
    parent = make_category(name="Anyaman", name_en="Woven Crafts")
    child = make_category(name="Tikar", name_en="Mats", parent=parent)
    make_product(category=child, name="Tikar Lipat")
    db.session.commit()
    sync_pending()
    parent.name = "Kerajinan Pandan"
    indexed.group.sentra.name = "Sentra Gerabah Merjosari"
    db.session.commit()
    sync_pending()
    assert names(app, "pandan") == {"Tikar Lipat"}  # the parent's name, on the child's product
    assert names(app, "merjosari") == {"Cangkir Keramik Glasir Biru"}


def test_a_new_cover_picture_is_stored_for_the_card(app, indexed):
    indexed.images.append(ProductImage(key="products/new-cover", position=0, width=800,
                                       height=800))
    db.session.commit()
    sync_pending()
    assert search(app, "cangkir").hits[0].cover_key == "products/new-cover"


def test_statements_outside_the_unit_of_work_are_captured_too(app, indexed):
    # a checkout's conditional stock decrement, and a bulk delete
    sold_out = make_product(name="Kalung Perak Liontin", stock=1)
    gone = make_product(name="Bros Perak Kupu")
    db.session.commit()
    sync_pending()
    db.session.execute(update(Product).where(Product.id == sold_out.id, Product.stock >= 1)
                       .values(stock=Product.stock - 1))
    db.session.execute(delete(Product).where(Product.id == gone.id))
    db.session.commit()
    assert queued() == 2
    sync_pending()
    assert search(app, "kalung").hits[0].stock == 0
    assert names(app, "bros") == set()


def test_a_cli_command_that_commits_applies_its_changes_as_it_ends(app, indexed):
    @app.cli.command("rename-cup")
    def rename_cup():
        product = db.session.get(Product, indexed.id)
        product.name = "Cangkir Teh Dinoyo"
        db.session.commit()

    with app.app_context():  # the context `flask` pushes around a command
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["rename-cup"])
        assert result.exit_code == 0, result.output
        assert queued() == 1
    assert queued() == 0
    assert names(app, "teh") == {"Cangkir Teh Dinoyo"}


def test_a_snapshot_carried_over_commits_answers_like_a_fresh_one(app, indexed):
    # Each commit adds a segment; the engine keeps the big segment's sets and recomputes
    # only the new documents and the deletions. A fresh engine must see exactly the same.
    made = [make_product(name=f"Piring Keramik {'Besar ' * (n % 3)}{n}", price=10_000 * (n + 1))
            for n in range(8)]
    db.session.commit()
    rebuild_index()
    engine = api.backend(app)
    search(app, "piring")
    made[0].name = "Piring Saji Oval"
    made[1].price = 5_000
    db.session.delete(made[2])
    make_product(name="Piring Kue", price=1_000)
    db.session.commit()
    sync_pending()
    made[3].name = "Mangkuk Keramik"
    make_product(name="Piring", price=70_000)
    db.session.commit()
    sync_pending()
    requests = [SearchRequest(q=q, sort=sort, page=page, per_page=3)
                for q in ("piring", "keramik", "", "piring besar")
                for sort in ("relevance", "price_asc", "price_desc", "newest")
                for page in (1, 2, 3)]
    carried = [engine.search(r) for r in requests]
    assert not engine._snapshot.rebuilt  # the incremental path was taken
    fresh = WhooshBackend(app.config["SEARCH_DIR"], result_cache=0)
    assert [fresh.search(r) for r in requests] == carried
    fresh.close()


def test_a_rolled_back_change_queues_nothing_and_changes_nothing(app, indexed):
    indexed.name = "Nama Yang Tidak Jadi"
    make_product(name="Produk Yang Tidak Jadi")
    db.session.flush()
    db.session.rollback()
    assert queued() == 0
    assert sync_pending().rows == 0
    assert names(app, "jadi") == set()
    assert names(app, "cangkir") == {"Cangkir Keramik Glasir Biru"}


def test_an_uncommitted_change_is_invisible_to_a_drain(app, indexed):
    indexed.name = "Piring Saji Oval"
    db.session.flush()
    # another worker drains while this transaction is still open
    with app.app_context():
        assert sync_pending().rows == 0
        db.session.remove()
    assert names(app, "piring") == set()
    db.session.commit()
    assert sync_pending().rows == 1
    assert names(app, "piring") == {"Piring Saji Oval"}


def test_a_busy_writer_leaves_the_change_queued_without_an_error(app, indexed):
    root = Path(app.config["SEARCH_DIR"])
    with live_writer(root, timeout=1) as other_worker:
        make_product(name="Tampah Bambu")
        db.session.commit()
        result = sync_pending()  # waits SEARCH_WRITE_TIMEOUT, then gives up politely
        assert result.skipped == "locked"
        assert queued() == 1
        other_worker.cancel()
    result = sync_pending()
    assert (result.skipped, result.indexed) == (None, 1)
    assert names(app, "tampah") == {"Tampah Bambu"}


def test_a_running_rebuild_makes_writers_wait_for_it(app, indexed):
    root = Path(app.config["SEARCH_DIR"])
    marker = root / MARKER
    marker.write_text(f'{{"pid": {os.getpid()}, "host": "elsewhere", "time": 9e99}}')
    make_product(name="Tatakan Gelas Pandan")
    db.session.commit()
    assert sync_pending().skipped == "rebuilding"
    assert queued() == 1
    # a marker left by a crash is stale after an hour
    marker.write_text('{"pid": 1, "host": "elsewhere", "time": 0}')
    assert sync_pending().indexed == 1
    assert names(app, "tatakan") == {"Tatakan Gelas Pandan"}


def test_searches_keep_working_and_changes_are_kept_during_a_rebuild(app, indexed):
    for number in range(5):
        make_product(name=f"Piring Keramik {number}")
    db.session.commit()
    sync_pending()
    seen = []

    def during_rebuild(count):
        if count == 2:
            # a search now still reads the old index
            seen.append(names(app, "piring"))
            # and a change committed now is queued, then applied after the swap
            indexed.name = "Cangkir Teh Hijau"
            db.session.commit()

    old = live_path(Path(app.config["SEARCH_DIR"]))
    new, synced = rebuild_index(progress=during_rebuild)
    assert new != old.name
    assert live_path(Path(app.config["SEARCH_DIR"])).name == new
    assert seen == [{f"Piring Keramik {n}" for n in range(5)}]
    assert synced.indexed >= 1
    assert names(app, "hijau") == {"Cangkir Teh Hijau"}
    assert queued() == 0


def test_a_missing_index_is_reported_and_a_rebuild_repairs_it(app, indexed):
    root = Path(app.config["SEARCH_DIR"])
    (root / "current").unlink()
    with pytest.raises(SearchUnavailableError):
        search(app, "cangkir")
    make_product(name="Gelang Perak Ukir")
    db.session.commit()
    assert sync_pending().skipped == "no index"
    rebuild_index()
    assert names(app, "gelang") == {"Gelang Perak Ukir"}
    assert names(app, "cangkir") == {"Cangkir Keramik Glasir Biru"}


def test_a_corrupt_index_is_reported_and_a_rebuild_repairs_it(app, indexed):
    target = live_path(Path(app.config["SEARCH_DIR"]))
    for path in target.iterdir():
        path.write_bytes(b"\x00garbage\xff" * 10)
    api.backend(app).close()  # a fresh worker opens the damaged files
    with pytest.raises(SearchUnavailableError):
        search(app, "cangkir")
    rebuild_index()
    assert names(app, "cangkir") == {"Cangkir Keramik Glasir Biru"}


def test_cli_reindex_shows_progress_and_sync_applies_the_queue(app):
    sentra = make_sentra(name="Sentra Perak Celuk")
    for number in range(3):
        make_product(group=make_group(sentra=sentra), name=f"Cincin Perak {number}")
    db.session.commit()
    runner = app.test_cli_runner()
    result: Result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexing products" in result.output and "Index ready: 3 products" in result.output
    assert len(names(app, "celuk")) == 3
    make_product(name="Bros Perak Kupu")
    db.session.commit()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "1 products indexed" in result.output
    assert names(app, "bros") == {"Bros Perak Kupu"}
    assert "Queued changes: 0" in runner.invoke(args=["search", "status"]).output
