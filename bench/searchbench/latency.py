"""In-process latency: the query mixes through the app's search engine, and saving a product."""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from pagebench.common import BenchError

from searchbench.common import MIXES, app_config, database_url
from searchbench.common import backend as bench_backend


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]

    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99),
            "max": ordered[-1], "n": len(ordered)}


def in_process(rounds: int) -> dict[str, Any]:
    from marketplace import create_app
    from marketplace.kernel.extensions import db
    from marketplace.search.api import SearchRequest, backend

    app = create_app(app_config(database_url(), result_cache=0))
    results: dict[str, Any] = {"mixes": {}}
    with app.test_request_context():
        engine = backend()
        started = time.perf_counter()
        engine.search(SearchRequest(q="batik"))
        results["first_search_ms"] = (time.perf_counter() - started) * 1000
        for name, mix in MIXES.items():
            cold, warm, totals = [], [], []
            for round_number in range(rounds + 1):
                for params in mix:
                    request = SearchRequest(**{**params, "per_page": 24})
                    started = time.perf_counter()
                    result = engine.search(request)
                    elapsed = (time.perf_counter() - started) * 1000
                    (cold if round_number == 0 else warm).append(elapsed)
                    totals.append(result.total)
            results["mixes"][name] = {"cold": percentiles(cold), "warm": percentiles(warm),
                                      "median_matches": statistics.median(totals)}
            print(f"   {name:<16} cold p95 {results['mixes'][name]['cold']['p95']:6.1f} ms   "
                  f"warm p50 {results['mixes'][name]['warm']['p50']:6.1f}  "
                  f"p95 {results['mixes'][name]['warm']['p95']:6.1f}  "
                  f"p99 {results['mixes'][name]['warm']['p99']:6.1f} ms", flush=True)
        db.session.remove()
        db.engine.dispose()
    return results


def reindex_cost(saves: int) -> dict[str, Any]:
    """Save one product (commit), drain it into the index, then search once. With the
    PostgreSQL backend the document is written by the commit itself: the commit is timed
    and there is nothing left to drain."""
    from sqlalchemy import select

    from marketplace import create_app
    from marketplace.catalog.models import Product
    from marketplace.kernel.extensions import db
    from marketplace.search.api import SearchRequest, backend
    from marketplace.search.sync import sync_pending

    app = create_app(app_config(database_url(), result_cache=0))
    rng = random.Random(7)
    drains, searches, commits = [], [], []
    in_database = bench_backend() == "postgres"
    with app.test_request_context():
        engine = backend()
        engine.search(SearchRequest(q="keramik"))
        ids = db.session.scalars(select(Product.id).where(Product.sku.like("BENCH-%"))).all()
        for _ in range(saves):
            product = db.session.get(Product, rng.choice(ids))
            product.price += 500
            product.stock = rng.randrange(0, 50)
            started = time.perf_counter()
            db.session.commit()
            commits.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            result = sync_pending()
            drains.append((time.perf_counter() - started) * 1000)
            if result.skipped or result.indexed != (0 if in_database else 1):
                raise BenchError(f"the drain did not do what it should: {result}")
            started = time.perf_counter()
            engine.search(SearchRequest(q="keramik"))
            searches.append((time.perf_counter() - started) * 1000)
        db.session.remove()
        db.engine.dispose()
    return {"drain": percentiles(drains), "first_search": percentiles(searches),
            "commit": percentiles(commits)}
