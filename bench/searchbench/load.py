"""The query mixes through the HTTP results page (/cari): gunicorn driven by wrk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from pagebench.common import WRK_SCRIPT, BenchError
from pagebench.load import wrk_result
from pagebench.server import fetch_status, load_average, serve

from searchbench.common import (
    MIXES,
    WARMUP_SECONDS,
    WORK,
    WRK_PATHS_SCRIPT,
    WRK_THREADS,
    backend,
    database_url,
)


def mix_paths(mix: list[dict[str, Any]]) -> list[str]:
    paths = []
    for params in mix:
        query = {key: value for key, value in params.items() if value not in ("", None)}
        query.setdefault("q", "")
        paths.append("/cari?" + urlencode(query))
    return paths


@contextmanager
def gunicorn(result_cache: int) -> Iterator[str]:
    """The shop under gunicorn against the benchmark's database."""
    instance = WORK / f"instance-search-{backend()}"
    env = {"DATABASE_URL": database_url(), "MEDIA_DIR": str(instance / "media"),
           "SEARCH_DIR": str(instance / "search"), "SEARCH_RESULT_CACHE": str(result_cache),
           "SEARCH_BACKEND": backend()}
    with serve(instance, env, WORK / f"gunicorn-search-{backend()}.log") as base:
        yield base


def run_wrk(base: str, paths: list[str], duration: int, connections: int) -> dict[str, Any]:
    script = WORK / "search.lua"
    listed = ", ".join(json.dumps(path) for path in paths)
    script.write_text(WRK_PATHS_SCRIPT % listed + WRK_SCRIPT)
    command = ["wrk", "--threads", str(WRK_THREADS), "--connections", str(connections),
               "--duration", f"{duration}s", "--timeout", "10s", "--script", str(script), base]
    return wrk_result(command)


def http(duration: int, connections: int, result_cache: int) -> dict[str, Any]:
    results = {}
    with gunicorn(result_cache) as base:
        load_before = load_average()
        for name, mix in MIXES.items():
            paths = mix_paths(mix)
            for path in paths:
                status = fetch_status(base + path, timeout=30)
                if status != 200:
                    raise BenchError(f"{path} answered {status}")
            # Each worker process builds its snapshot and reads each new term once (seconds
            # on PostgreSQL at 500,000 products): warm both workers on the mix first.
            run_wrk(base, paths, WARMUP_SECONDS if backend() == "whoosh" else 20, connections)
            raw = run_wrk(base, paths, duration, connections)
            if raw["non2xx"] or raw["errors"]["status"]:
                raise BenchError(f"{name}: {raw['non2xx']} responses were not 2xx")
            results[name] = raw
            print(f"   {name:<16} {raw['rps']:7.1f} req/s  p50 {raw['p50_ms']:6.1f}  "
                  f"p95 {raw['p95_ms']:6.1f}  p99 {raw['p99_ms']:6.1f} ms", flush=True)
        results["_load"] = f"{load_before} -> {load_average()}"
    return results
