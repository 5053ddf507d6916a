"""Integration fixtures: the demo catalogue, seeded and indexed once per module and backend."""

import shutil

import pytest

from marketplace.demo import seed_demo
from marketplace.kernel.extensions import db
from marketplace.search import api
from marketplace.search.api import SearchRequest
from marketplace.search.sync import rebuild_index
from tests.conftest import BACKENDS, _app_for, _truncate_all

# Each database with the Whoosh backend, and PostgreSQL with its own full-text backend.
SEARCH_SETUPS = [*BACKENDS, "postgresql-fts"]


@pytest.fixture(scope="module", params=SEARCH_SETUPS)
def demo_app(request, tmp_path_factory):
    """The demo catalogue without pictures (search needs none; drawing them is slow)."""
    tmp = tmp_path_factory.mktemp("search-demo")
    extra = {}
    if request.param.startswith("postgresql"):
        url = request.getfixturevalue("pg_database")
        _truncate_all(url)
        if request.param == "postgresql-fts":
            extra["SEARCH_BACKEND"] = "postgres"
    else:
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp / "demo.db")
        url = f"sqlite:///{tmp / 'demo.db'}"
    with _app_for(url, str(tmp), extra) as app:
        seed_demo(with_images=False)
        db.session.commit()
        yield app


@pytest.fixture(scope="module")
def demo_search(demo_app):
    """The demo catalogue, indexed once per module and backend (these tests only read)."""
    rebuild_index()

    def search(q="", **kw):
        kw.setdefault("per_page", 500)
        return api.backend(demo_app).search(SearchRequest(q=q, **kw))

    return search
