"""The page benchmark's paths, settings, wrk script and result records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "bench" / ".work"
DOCS = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- pages:start -->"
END_MARK = "<!-- pages:end -->"

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/"
BENCH_DATABASE = "pasar_bench"
ADMIN_DATABASE = "test"
SECRET_KEY = "bench"  # noqa: S105 - a throwaway key for a throwaway database

WORKERS = 2
WRK_THREADS = 2
WARMUP_SECONDS = 2
TARGET_RATIO = 0.25
DRIFT_WARNING = 0.15
CHUNK = 2000
JSON_PREFIX = "BENCH_JSON "

# wrk script: counts every non-2xx response per thread and prints one JSON line at the end.
WRK_SCRIPT = r"""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  first_bad = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == 0 then first_bad = status end
  end
end

function done(summary, latency, requests)
  local bad, first = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    local f = t:get("first_bad")
    if first == 0 and f ~= 0 then first = f end
  end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "rps": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, '
    .. '"p99_ms": %.3f, "mean_ms": %.3f, "non2xx": %d, "first_bad_status": %d, '
    .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    "BENCH_JSON ", summary.requests, summary.duration,
    summary.requests / summary.duration * 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000,
    bad, first, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


class BenchError(RuntimeError):
    """The benchmark cannot produce a meaningful result."""


@dataclass
class RouteResult:
    name: str
    path: str
    rps: float
    p50_ms: float
    p95_ms: float
    requests: int
    non2xx: int
    socket_errors: dict[str, int]

    @property
    def socket_error_count(self) -> int:
        return sum(self.socket_errors.values())


@dataclass
class BackendResult:
    backend: str
    database: str
    products: int
    routes: dict[str, str]
    results: list[RouteResult] = field(default_factory=list)
    build_seconds: float = 0.0
    load_before: str = ""
    load_after: str = ""
    page_cache: bool = True

    @property
    def health_runs(self) -> list[RouteResult]:
        return [r for r in self.results if r.name.startswith("healthz")]

    @property
    def baseline_rps(self) -> float:
        runs = self.health_runs
        return sum(r.rps for r in runs) / len(runs)

    @property
    def pages(self) -> list[RouteResult]:
        return [r for r in self.results if not r.name.startswith("healthz")]

    def ratio(self, result: RouteResult) -> float:
        return result.rps / self.baseline_rps

    @property
    def health_drift(self) -> float:
        """The second health run's req/s relative to the first (0.0 = no drift)."""
        first, *_, last = self.health_runs
        return last.rps / first.rps - 1
