"""The PostgreSQL search backend: documents written with the change, seen by every server.

(The relevance set and the facet tests run on it too: test_search_relevance*.py.)
"""

import threading

import pytest
from sqlalchemy import select, text, update

from marketplace import create_app
from marketplace.catalog.models import Product
from marketplace.catalog.status import ProductStatus
from marketplace.kernel.extensions import db
from marketplace.search import api
from marketplace.search.api import SearchRequest
from marketplace.search.postgres.engine import write_products
from marketplace.search.stemming import STEM_EXCEPTIONS, indonesian_stem
from marketplace.search.sync import compare, pending_count, rebuild_index
from tests.conftest import _base_config
from tests.factories import make_group, make_product, make_sentra


@pytest.fixture
def backend():
    return "postgresql"


@pytest.fixture
def app_config():
    return {"SEARCH_BACKEND": "postgres"}


def names(q: str, app=None) -> list[str]:
    return [hit.name for hit in api.backend(app).search(SearchRequest(q=q, per_page=50)).hits]


@pytest.fixture
def shop(app):
    sentra = make_sentra(slug="perak-celuk", name="Sentra IKM Perak Celuk", village="Celuk")
    group = make_group(sentra=sentra, slug="perak-ayu", name="Perak Ayu Celuk", village="Celuk")
    ring = make_product(group=group, name="Cincin Perak Ukir", price=300_000)
    cup = make_product(name="Cangkir Keramik Biru", price=45_000)
    db.session.commit()
    return {"group": group, "ring": ring, "cup": cup}


def test_a_committed_change_is_searchable_at_once_without_a_queue(app, shop):
    assert names("cincin") == ["Cincin Perak Ukir"]
    shop["ring"].name = "Gelang Perak Ukir"
    db.session.commit()
    assert pending_count() == 0  # written in the transaction, nothing left for later
    assert names("gelang") == ["Gelang Perak Ukir"] and names("cincin") == []


def test_a_rolled_back_change_leaves_the_document_as_it_was(app, shop):
    shop["ring"].name = "Gelang Perak Ukir"
    db.session.flush()
    db.session.rollback()
    assert names("cincin") == ["Cincin Perak Ukir"] and names("gelang") == []


def test_a_second_server_sees_the_change_at_once(app, shop, tmp_path):
    other = create_app({**_base_config(app.config["SQLALCHEMY_DATABASE_URI"],
                                       str(tmp_path / "other")), "SEARCH_BACKEND": "postgres"})
    with other.app_context():
        assert names("cincin", other) == ["Cincin Perak Ukir"]
    shop["ring"].status = ProductStatus.ARCHIVED
    db.session.commit()
    with other.app_context():
        assert names("cincin", other) == []
        db.session.remove()
        db.engine.dispose()


def test_a_group_rename_rewrites_its_products_documents(app, shop):
    shop["group"].name = "Sanggar Perak Sari"
    db.session.commit()
    hit = api.search(SearchRequest(q="sanggar")).hits[0]
    assert (hit.name, hit.group_name) == ("Cincin Perak Ukir", "Sanggar Perak Sari")


def test_a_document_writer_waits_for_the_one_before_it_and_reads_its_commit(app, shop):
    """Writers raise the generation before reading the products: a save that commits while
    another writer holds it waits, then reads what that writer committed."""
    ring_id = shop["ring"].id
    holding, saved, done = threading.Event(), threading.Event(), threading.Event()
    assert names("cincin") == ["Cincin Perak Ukir"]  # this server has loaded its snapshot
    errors = []

    def slow_writer():  # a rename whose transaction holds the ring's document lock
        try:
            with app.app_context(), db.engine.begin() as connection:
                connection.execute(update(Product).where(Product.id == ring_id)
                                   .values(name="Cincin Perak Ukir Bunga"))
                write_products(connection, [ring_id])
                holding.set()
                saved.wait(0.5)  # the other save is blocked meanwhile (asserted below)
            done.set()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert holding.wait(10)
    with app.app_context():
        # a price change: it waits for the rename's row and document locks
        product = db.session.get(Product, ring_id)
        product.price = 123_000
        db.session.commit()
        saved.set()
        assert done.is_set()  # it could only commit after the rename had
        db.session.remove()
    thread.join(10)
    assert not errors
    db.session.expire_all()
    hit = api.search(SearchRequest(q="cincin")).hits[0]
    assert (hit.name, hit.price) == ("Cincin Perak Ukir Bunga", 123_000)
    assert compare().differing == []


def test_check_finds_and_repairs_a_change_made_behind_its_back(app, shop):
    db.session.execute(text("UPDATE products SET price = 99000, updated_at = updated_at "
                            "+ interval '5 seconds' WHERE id = :id"), {"id": shop["cup"].id})
    db.session.commit()  # a raw statement: no queue, no new document
    dry = app.test_cli_runner().invoke(args=["search", "check", "--dry-run"])
    assert dry.exit_code == 1
    assert f"1 product(s) outdated in the index: {shop['cup'].id}" in dry.output
    fixed = app.test_cli_runner().invoke(args=["search", "check"])
    assert fixed.exit_code == 0, fixed.output
    assert "Repaired: 1 product(s) indexed, 0 removed." in fixed.output
    assert api.search(SearchRequest(q="cangkir")).hits[0].price == 99_000


def test_reindex_rebuilds_documents_terms_and_words(app, shop):
    db.session.execute(text("DELETE FROM search_documents"))
    db.session.execute(text("DELETE FROM search_words"))
    db.session.commit()
    api.backend().close()  # rows deleted by hand leave no trace a snapshot could follow
    assert names("cincin") == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Index ready: 2 products in search_documents" in result.output
    assert names("cincin") == ["Cincin Perak Ukir"]
    counted = dict(db.session.execute(text("SELECT word, documents FROM search_words")).all())
    assert counted["cincin"] == 1 and counted["celuk"] == 1
    assert names("cincn") == ["Cincin Perak Ukir"]  # corrected from search_words


def test_status_names_the_table(app, shop):
    rebuild_index()
    output = app.test_cli_runner().invoke(args=["search", "status"]).output
    assert "Index directory: PostgreSQL table search_documents" in output
    assert "Live index: search_documents" in output


def test_our_stems_are_postgresqls_indonesian_snowball_stems_but_for_the_reviewed_words(app):
    """The analysis runs in Python for both backends (the exceptions cannot live in a
    PostgreSQL configuration); outside the exception list and the ke-/pe-/se-/te- guard it
    is the same Snowball algorithm as PostgreSQL's `indonesian` configuration."""
    words = ["menganyam", "diukir", "ukiran", "berukir", "anyaman", "membatik", "dibakar",
             "pewarnaan", "pembeli", "kerajinan", "keranjang", "perhiasan", "gerabah",
             "glasir", "tempe", "dodol", "cincin", "mangkuk", "dianyam", "bertutup"]
    for word in words:
        theirs = db.session.scalar(text("SELECT ts_lexize('indonesian_stem', :w)"), {"w": word})
        guarded = word in STEM_EXCEPTIONS or word.startswith(("ke", "pe", "se", "te"))
        if not guarded:
            assert indonesian_stem(word) == theirs[0], word


def test_postgres_search_refuses_sqlite(tmp_path):
    with pytest.raises(RuntimeError, match="needs a PostgreSQL database"):
        create_app({**_base_config(f"sqlite:///{tmp_path / 'x.db'}", str(tmp_path)),
                    "SEARCH_BACKEND": "postgres"})


def test_the_results_page_works_on_postgres(app, shop):
    client = app.test_client()
    client.set_cookie("lang", "en")
    page = client.get("/cari?q=cincn+perak").text
    assert "Cincin Perak Ukir" in page
    assert "Showing results for <strong>cincin perak</strong>." in page
    assert "Sentra IKM Perak Celuk · Celuk" in page
    assert db.session.scalar(select(Product.name).where(Product.id == shop["ring"].id))


def test_reindex_deletes_the_documents_of_hidden_products(app, shop):
    db.session.execute(text("UPDATE products SET status = 'archived' WHERE id = :id"),
                       {"id": shop["cup"].id})
    db.session.commit()  # behind the index's back: the document stays
    assert names("cangkir") == ["Cangkir Keramik Biru"]
    rebuild_index()
    assert names("cangkir") == []
    assert db.session.scalar(text(
        "SELECT count(*) FROM search_documents WHERE NOT hidden")) == 1


def test_a_snapshot_follows_small_changes_and_reloads_after_big_ones(app, shop, monkeypatch):
    from marketplace.search.postgres import snapshot as snapshots

    assert names("cincin") == ["Cincin Perak Ukir"]
    first = api.backend()._snapshot
    shop["cup"].name = "Cangkir Keramik Hijau"
    db.session.commit()
    assert names("hijau") == ["Cangkir Keramik Hijau"]
    followed = api.backend()._snapshot
    assert followed.base is first.base and len(followed.tail_docs) == 1
    monkeypatch.setattr(snapshots, "TAIL_MIN", 0)  # any change is now a big one
    shop["ring"].name = "Cincin Perak Ukir Bunga"
    db.session.commit()
    assert names("bunga") == ["Cincin Perak Ukir Bunga"]
    reloaded = api.backend()._snapshot
    assert reloaded.base is not first.base and not reloaded.tail_docs
    assert names("hijau") == ["Cangkir Keramik Hijau"]
