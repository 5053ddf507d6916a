"""wrk runs: one route measured, and every route of one backend."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pagebench.common import (
    DRIFT_WARNING,
    JSON_PREFIX,
    WARMUP_SECONDS,
    WORK,
    WORKERS,
    WRK_SCRIPT,
    WRK_THREADS,
    BackendResult,
    BenchError,
    RouteResult,
)
from pagebench.database import (
    build_database,
    count_visible,
    database_version,
    fresh_sqlite_database,
    recreate_postgres_database,
)
from pagebench.server import fetch_status, gunicorn_server, load_average


def wrk_script() -> Path:
    path = WORK / "report.lua"
    path.write_text(WRK_SCRIPT)
    return path


def run_wrk(url: str, duration: int, connections: int) -> dict[str, Any]:
    command = [
        "wrk",
        "--threads", str(WRK_THREADS),
        "--connections", str(connections),
        "--duration", f"{duration}s",
        "--timeout", "10s",
        "--script", str(wrk_script()),
        url,
    ]
    return wrk_result(command)


def wrk_result(command: list[str]) -> dict:
    """Run wrk and return the JSON line our Lua script prints at its end."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    for line in done.stdout.splitlines():
        if line.startswith(JSON_PREFIX):
            return json.loads(line[len(JSON_PREFIX):])
    raise BenchError(f"wrk printed no result line:\n{done.stdout}")


def measure(base: str, name: str, path: str, duration: int, connections: int) -> RouteResult:
    """Check the route answers 200, warm it up, then measure it; non-2xx is fatal."""
    status = fetch_status(base + path)
    if status != 200:
        raise BenchError(f"{name} {path} answered {status}, not 200: refusing to benchmark it")
    run_wrk(base + path, WARMUP_SECONDS, connections)
    raw = run_wrk(base + path, duration, connections)
    result = RouteResult(
        name=name,
        path=path,
        rps=raw["rps"],
        p50_ms=raw["p50_ms"],
        p95_ms=raw["p95_ms"],
        requests=raw["requests"],
        non2xx=raw["non2xx"],
        socket_errors={k: v for k, v in raw["errors"].items() if k != "status"},
    )
    if result.non2xx or raw["errors"]["status"]:
        raise BenchError(
            f"{name} {path}: {result.non2xx} of {result.requests} responses were not 2xx "
            f"(first: {raw['first_bad_status']}); results of error pages are worthless"
        )
    if result.requests == 0:
        raise BenchError(f"{name} {path}: no request completed in {duration} s")
    if result.socket_error_count:
        print(f"  warning: {name}: socket errors {result.socket_errors}", file=sys.stderr)
    print(
        f"  {name:<12} {result.rps:9.1f} req/s  p50 {result.p50_ms:7.2f} ms  "
        f"p95 {result.p95_ms:7.2f} ms  ({result.requests} requests)",
        flush=True,
    )
    return result


def bench_backend(backend: str, args: argparse.Namespace) -> list[BackendResult]:
    print(f"== {backend}: building the database ({args.products} products)", flush=True)
    started = time.monotonic()
    if backend == "sqlite":
        database_url = fresh_sqlite_database()
    else:
        database_url = recreate_postgres_database()
    routes = build_database(backend, database_url, args.products)
    build_seconds = time.monotonic() - started
    visible = count_visible(database_url)
    print(f"   built in {build_seconds:.1f} s: {visible} visible products; routes {routes}")
    results = []
    for page_cache in args.page_cache_modes:
        result = BackendResult(
            backend=backend,
            database=database_version(backend, database_url),
            products=visible,
            routes=routes,
            build_seconds=build_seconds,
            page_cache=page_cache,
        )
        mode = "on" if page_cache else "off"
        print(f"== {backend}, page cache {mode}: gunicorn -w {WORKERS}, wrk -t{WRK_THREADS} "
              f"-c{args.connections} -d{args.duration}s", flush=True)
        with gunicorn_server(backend, database_url, page_cache) as base:
            result.load_before = load_average()
            plan = [("healthz (1)", "/healthz"), *routes.items(), ("healthz (2)", "/healthz")]
            for name, path in plan:
                result.results.append(measure(base, name, path, args.duration, args.connections))
            result.load_after = load_average()
        if abs(result.health_drift) > DRIFT_WARNING:
            print(
                f"  warning: the health route drifted {result.health_drift:+.0%} between its "
                f"runs (load average {result.load_before} -> {result.load_after}): busy machine?",
                file=sys.stderr,
            )
        results.append(result)
    return results
