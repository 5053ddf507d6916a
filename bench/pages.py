"""Page benchmark: catalogue pages against the health route, under gunicorn, measured by wrk.

A benchmark, not a test. For each backend (SQLite, PostgreSQL) it builds a fresh database with
the real migrations, loads the demo catalogue, scales it to --products active products (each
with two image rows), serves the app with gunicorn (2 sync workers) and drives it with wrk on
the same machine: /healthz, home, a category, a product and a storefront, then /healthz again.
Each catalogue page is reported as a percentage of the health route's req/s (the mean of the
two health runs); the target is >= 25 %.

Run from the project root:

    .venv/bin/python bench/pages.py [--backend sqlite|postgresql|both] [--duration 10]
        [--connections 8] [--products 10000] [--write-docs]

Needs `wrk` on PATH (Debian: `apt-get install wrk`) and, for PostgreSQL, a server reachable at
postgresql+psycopg://postgres@127.0.0.1:5432/ (override with BENCH_POSTGRES_URL) with a `test`
database to connect to while the bench database `pasar_bench` is dropped and created.
Runtime files (SQLite database, instance folders, gunicorn logs, the wrk script) live in
bench/.work/. With --write-docs the section between `<!-- pages:start -->` and
`<!-- pages:end -->` of docs/benchmarks.md is replaced by this run's results.
"""

from __future__ import annotations

import argparse
import shutil
import sys

from pagebench.common import TARGET_RATIO, WORK, WRK_THREADS, BackendResult, BenchError
from pagebench.database import drop_postgres_database
from pagebench.load import bench_backend
from pagebench.report import docs_section, print_report, write_docs


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--page-cache", choices=("on", "off", "both"), default="both",
                        help="measure with the anonymous page cache on, off, or both")
    parser.add_argument("--duration", type=int, default=10, help="seconds per route")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    args.page_cache_modes = {"on": [True], "off": [False], "both": [False, True]}[args.page_cache]
    if args.connections < WRK_THREADS:
        parser.error(f"--connections must be at least {WRK_THREADS} (the wrk threads)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results: list[BackendResult] = []
    try:
        for backend in backends:
            try:
                results.extend(bench_backend(backend, args))
            finally:
                if backend == "postgresql":
                    drop_postgres_database()
    except BenchError as error:
        if results:
            print_report(results)  # what was measured before the failure, for the record
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    print_report(results)
    if args.write_docs:
        write_docs(docs_section(results, args))
    below = [
        f"{r.backend}{'' if r.page_cache else ' (no cache)'}:{p.name}"
        for r in results
        for p in r.pages
        if r.ratio(p) < TARGET_RATIO
    ]
    if below:
        print(f"\nbelow the {TARGET_RATIO:.0%} target: {', '.join(below)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
