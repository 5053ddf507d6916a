"""`flask search check` and `status`, and the interface's own writes (`api.upsert`/`delete`)."""

from pathlib import Path

import pytest
from whoosh.fields import ID

from marketplace.kernel.extensions import db
from marketplace.search import api
from marketplace.search.api import SearchRequest
from marketplace.search.documents import visible_documents
from marketplace.search.sync import rebuild_index, sync_pending
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


def test_check_fails_while_the_index_trails_the_catalogue(app, indexed):
    make_product(name="Vas Terakota")
    db.session.commit()  # queued, not applied yet
    result = check(app)
    assert result.exit_code == 1
    assert "Documents: 3 (visible products: 4)" in result.output
    assert "Queued changes: 1" in result.output
    assert "Problem: the index holds 3 products, the catalogue shows 4" in result.output
    sync_pending()
    assert check(app).exit_code == 0


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
