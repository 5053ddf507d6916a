"""Search benchmark: both backends, at the sizes they are for, in-process and over HTTP.

A benchmark, not a test. `--backend whoosh` (default: 50,000 products on SQLite) or
`--backend postgres` (default: 500,000 products on the PostgreSQL at BENCH_DATABASE_URL,
default postgresql+psycopg://postgres@127.0.0.1:5432/pasar_search_bench, recreated). It
builds the database with the real migrations, loads the demo catalogue, adds generated
products (bench/search_data.py: demo names, descriptions and groups, varied) until
--products are visible, and then reports:

- the full rebuild (`flask search reindex`'s code path): seconds and bytes;
- precision at 5 of the relevance set (tests/search_relevance.toml) on the demo catalogue;
- in-process latency (p50/p95/p99) of five query mixes — one word, two words, misspelled,
  faceted, sorted by price — through the app's search engine with the result cache off,
  first as a cold pass (every query new to the process) and then steady state;
- saving one product: the commit (which writes the document, on PostgreSQL), the drain
  (`sync_pending`, Whoosh) and the first search after it;
- the same five mixes through the HTTP results page (/cari): gunicorn with 2 sync workers,
  wrk cycling through each mix's URLs, result cache off (and, on Whoosh, on).

Run from the project root:

    .venv/bin/python bench/search.py [--backend whoosh|postgres] [--products N]
        [--duration 10] [--connections 2] [--reuse] [--write-docs]

--reuse keeps the database and index of a previous run of that backend in bench/.work/.
With --write-docs the section between `<!-- search:start -->` and `<!-- search:end -->` of
docs/benchmarks.md is replaced by the last report of each backend, side by side.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pagebench.common import BenchError  # noqa: E402  (the page benchmark's helpers)
from pagebench.server import load_average  # noqa: E402
from searchbench.build import build_database, build_index  # noqa: E402
from searchbench.common import (  # noqa: E402
    DEFAULT_PRODUCTS,
    TARGETS_MS,
    WORK,
    use_backend,
)
from searchbench.latency import in_process, reindex_cost  # noqa: E402
from searchbench.load import http  # noqa: E402
from searchbench.relevance import precision  # noqa: E402
from searchbench.report import docs_section, write_docs  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument("--products", type=int, default=None,
                        help="visible products (default: 50,000 on Whoosh, 500,000 on "
                             "PostgreSQL)")
    parser.add_argument("--rounds", type=int, default=10, help="steady-state rounds per mix")
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per mix")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the last database and index")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--from-report", action="store_true",
                        help="only rewrite the docs section from the last run's report")
    args = parser.parse_args(argv)
    use_backend(args.backend)
    if args.products is None:
        args.products = DEFAULT_PRODUCTS[args.backend]
    if args.from_report:
        write_docs(docs_section(_reports()))
        return 0
    if not args.no_http and shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                              "load_start": load_average(), "backend": args.backend,
                              "rounds": args.rounds, "duration": args.duration,
                              "connections": args.connections, "command": " ".join(sys.argv)}
    state = WORK / f"search-build-{args.backend}.json"
    try:
        if args.reuse and state.exists():
            report.update(json.loads(state.read_text()))
            print(f"== reusing the database and index of {report['built']}")
        else:
            print(f"== building the database ({args.products} products)", flush=True)
            build_database(args.products)
            print("== building the index", flush=True)
            seconds, size, documents = build_index()
            built = {"build_seconds": seconds, "index_bytes": size, "documents": documents,
                     "built": report["date"]}
            state.write_text(json.dumps(built))
            report.update(built)
        print(f"   {report['documents']} products, {report['build_seconds']:.0f} s, "
              f"{report['index_bytes'] / 1e6:.1f} MB", flush=True)
        print("== relevance set on the demo catalogue", flush=True)
        report["relevance"] = precision()
        print(f"   precision at 5: {report['relevance']['mean']:.3f} over "
              f"{report['relevance']['queries']} queries", flush=True)
        print("== in-process latency (result cache off)", flush=True)
        report["in_process"] = in_process(args.rounds)
        print("== saving a product", flush=True)
        report["reindex"] = reindex_cost(args.saves)
        print(f"   commit p95 {report['reindex']['commit']['p95']:.1f} ms, "
              f"drain p50 {report['reindex']['drain']['p50']:.1f} ms, p95 "
              f"{report['reindex']['drain']['p95']:.1f} ms; first search after it p95 "
              f"{report['reindex']['first_search']['p95']:.1f} ms", flush=True)
        if not args.no_http:
            print("== HTTP, result cache off", flush=True)
            report["http_nocache"] = http(args.duration, args.connections, 0)
            if args.backend == "whoosh":  # the PostgreSQL backend keeps no result cache
                print("== HTTP, result cache on", flush=True)
                report["http_cache"] = http(args.duration, args.connections, 256)
    except BenchError as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    report["load_end"] = load_average()
    (WORK / f"search-report-{args.backend}.json").write_text(json.dumps(report, indent=2))
    missed = [name for name, data in report["in_process"]["mixes"].items()
              if data["warm"]["p95"] > TARGETS_MS[name]]
    print("\nin-process targets " + ("met" if not missed else f"missed: {', '.join(missed)}"))
    if args.write_docs:
        write_docs(docs_section(_reports()))
    return 0


def _reports() -> dict[str, dict[str, Any]]:
    """The last report of each backend (bench/.work/search-report-*.json)."""
    found = {}
    for name in ("whoosh", "postgres"):
        path = WORK / f"search-report-{name}.json"
        if path.exists():
            found[name] = json.loads(path.read_text())
    return found


if __name__ == "__main__":
    sys.exit(main())
