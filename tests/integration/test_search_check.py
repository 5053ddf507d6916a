"""`flask search check` and `status`, and the interface's own writes (`api.upsert`/`delete`)."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from whoosh.fields import ID

from marketplace.catalog.models import Product
from marketplace.catalog.status import ProductStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow
from marketplace.search import api
from marketplace.search.api import SearchRequest
from marketplace.search.documents import visible_documents
from marketplace.search.sync import rebuild_index
from marketplace.search.whoosh import engine
from marketplace.search.whoosh.index import build_schema, live_path
from tests.factories import make_product


@pytest.fixture
def app_config(tmp_path):
    return {"SEARCH_DIR": str(tmp_path / "search"), "SEARCH_WRITE_TIMEOUT": 0.2}


@pytest.fixture
def indexed(app):
    products = [make_product(name=f"Cangkir Keramik {n}") for n in range(3)]
    db.session.commit()
    rebuild_index()
    return products


def check(app):
    return app.test_cli_runner().invoke(args=["search", "check"])


def names(q: str) -> set[str]:
    return {hit.name for hit in api.search(SearchRequest(q=q, per_page=50)).hits}


def test_check_passes_on_an_index_that_matches_the_catalogue(app, indexed):
    result = check(app)
    assert result.exit_code == 0, result.output
    live = live_path(Path(app.config["SEARCH_DIR"])).name
    assert result.output.splitlines() == [
        f"Index directory: {app.config['SEARCH_DIR']}",
        f"Live index: {live}",
        "Documents: 3 (visible products: 3)",
        "Schema: current",
        "Queued changes: 0",
        "Search index OK.",
    ]


def test_check_fails_without_an_index(app):
    make_product(name="Vas Terakota")
    db.session.commit()
    result = check(app)
    assert result.exit_code == 1
    assert "Live index: none" in result.output
    assert "Problem: no search index at" in result.output
    assert "1 problem(s) found." in result.output


def test_check_finds_and_repairs_a_product_the_index_misses(app, indexed):
    make_product(name="Vas Terakota")
    db.session.commit()  # queued, not applied yet
    dry = app.test_cli_runner().invoke(args=["search", "check", "--dry-run"])
    assert dry.exit_code == 1
    assert "Documents: 3 (visible products: 4)" in dry.output
    assert "Queued changes: 1" in dry.output
    assert "1 product(s) missing from the index" in dry.output
    assert "run without --dry-run to repair" in dry.output
    assert names("terakota") == set()
    repaired = check(app)
    assert repaired.exit_code == 0, repaired.output
    assert "Repaired: 1 product(s) indexed, 0 removed. Search index OK." in repaired.output
    assert names("terakota") == {"Vas Terakota"}
    assert check(app).output.endswith("Search index OK.\n")


def test_check_repairs_outdated_and_hidden_products_changed_behind_its_back(app, indexed):
    first, second, _third = indexed
    # Statements that bypass the ORM and forget to queue: the index cannot know
    db.session.execute(update(Product).where(Product.id == first.id)
                       .values(price=99_000, updated_at=utcnow() + timedelta(seconds=5)))
    db.session.execute(update(Product).where(Product.id == second.id)
                       .values(status=ProductStatus.ARCHIVED))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["search", "check", "--dry-run"])
    assert result.exit_code == 1
    assert f"1 product(s) outdated in the index: {first.id}" in result.output
    assert f"1 product(s) in the index but not visible (404): {second.id}" in result.output
    repaired = check(app)
    assert "Repaired: 1 product(s) indexed, 1 removed." in repaired.output
    hits = api.search(SearchRequest(q="cangkir", per_page=50)).hits
    assert {hit.id for hit in hits} == {first.id, indexed[2].id}
    assert next(hit.price for hit in hits if hit.id == first.id) == 99_000


def test_check_fails_on_a_corrupt_index(app, indexed):
    for path in live_path(Path(app.config["SEARCH_DIR"])).iterdir():
        path.write_bytes(b"\x00garbage\xff" * 10)
    result = check(app)
    assert result.exit_code == 1
    assert "Problem: the index cannot be read" in result.output


def test_check_fails_when_the_code_writes_other_fields(app, indexed, monkeypatch):
    def newer_schema():
        schema = build_schema()
        schema.add("maker", ID(stored=True))
        return schema

    monkeypatch.setattr(engine, "build_schema", newer_schema)
    result = check(app)
    assert result.exit_code == 1
    assert "Schema: outdated" in result.output
    assert "Problem: the index's fields are not the ones the code writes" in result.output


def test_status_shows_the_live_index_and_the_queue(app, indexed):
    output = app.test_cli_runner().invoke(args=["search", "status"]).output.splitlines()
    live = live_path(Path(app.config["SEARCH_DIR"])).name
    assert output[:2] == [f"Index directory: {app.config['SEARCH_DIR']}", f"Live index: {live}"]
    assert output[2].startswith("Size: ") and output[2].endswith(" MB")
    assert output[3:] == ["Queued changes: 0"]


def test_upsert_and_delete_through_the_interface(app, indexed):
    first, second, _third = indexed
    first.name = "Piring Saji Oval"
    db.session.commit()
    documents = visible_documents([first.id]).values()
    assert api.upsert(documents, timeout=1) == 1
    assert api.delete([second.id], timeout=1) == 1
    assert names("piring") == {"Piring Saji Oval"}
    assert names("cangkir") == {"Cangkir Keramik 2"}
    assert api.facets(SearchRequest(q="cangkir"))["group"] == {indexed[2].group.slug: 1}


def test_an_unknown_backend_is_refused_at_start(tmp_path):
    from marketplace import create_app

    with pytest.raises(RuntimeError, match="SEARCH_BACKEND='solr'"):
        create_app({"TESTING": True, "SEARCH_BACKEND": "solr",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                    "SEARCH_DIR": str(tmp_path / "search")})
