"""Precision at 5 of the relevance set (tests/search_relevance.toml) on the demo catalogue."""

from __future__ import annotations

import shutil
from typing import Any

from searchbench.common import PG_URL, WORK, backend, recreate_pg_database


def precision() -> dict[str, Any]:
    """Seed the demo (no pictures) into a database of its own, index it with this run's
    backend, and judge every query of the set."""
    from sqlalchemy.engine import make_url

    from marketplace import create_app
    from marketplace.demo import seed_demo
    from marketplace.kernel.extensions import db
    from marketplace.search import api
    from marketplace.search.api import SearchRequest
    from marketplace.search.sync import rebuild_index
    from tests.relevance import catalogue_rows, judge_all, mean_precision

    instance = WORK / f"relevance-{backend()}"
    shutil.rmtree(instance, ignore_errors=True)
    instance.mkdir(parents=True)
    if backend() == "postgres":
        url = make_url(PG_URL).set(database="pasar_search_relevance").render_as_string(
            hide_password=False)
        recreate_pg_database(url)
    else:
        url = f"sqlite:///{instance / 'demo.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": str(instance), "MEDIA_DIR": str(instance / "media"),
                      "SEARCH_DIR": str(instance / "search"), "SEARCH_BACKEND": backend(),
                      "SEARCH_RESULT_CACHE": 0})
    with app.app_context():
        db.create_all()
        seed_demo(with_images=False)
        db.session.commit()
        rebuild_index()
        rows = catalogue_rows()

        def search(q: str) -> list[int]:
            return [hit.id for hit in api.search(SearchRequest(q=q, per_page=5)).hits]

        judged = judge_all(search, rows)
        db.session.remove()
        db.engine.dispose()
    return {
        "mean": mean_precision(judged),
        "queries": len(judged),
        "perfect": sum(1 for j in judged if j.precision == 1),
        "below": [{"q": j.q, "precision": j.precision, "top": list(j.top)}
                  for j in judged if j.precision < 1],
    }
