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
import json
import os
import platform
import random
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parent.parent
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


# --------------------------------------------------------------------------- databases


def postgres_base_url() -> URL:
    return make_url(os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))


def recreate_postgres_database() -> str:
    """Drop and create the bench database via the admin database; returns its URL."""
    base = postgres_base_url()
    admin = create_engine(base.set(database=ADMIN_DATABASE), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))
    finally:
        admin.dispose()
    return base.set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def drop_postgres_database() -> None:
    admin = create_engine(
        postgres_base_url().set(database=ADMIN_DATABASE), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
    finally:
        admin.dispose()


def fresh_sqlite_database() -> str:
    path = WORK / "pages-sqlite.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def instance_path(backend: str) -> Path:
    return WORK / f"instance-{backend}"


def app_config(backend: str, database_url: str) -> dict[str, Any]:
    instance = instance_path(backend)
    return {
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": SECRET_KEY,
        "MEDIA_DIR": str(instance / "media"),
    }


def build_database(backend: str, database_url: str, products: int) -> dict[str, str]:
    """Migrate, seed the demo, scale to `products` visible products, ANALYZE; pick the routes."""
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.demo import seed_demo
    from marketplace.kernel.extensions import db

    app = create_app(app_config(backend, database_url))
    with app.app_context():
        try:
            upgrade()
            seed_demo(with_images=False)
            db.session.commit()
            scale_catalogue(products)
            db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            return pick_routes()
        finally:
            db.session.remove()
            db.engine.dispose()


def scale_catalogue(target: int) -> None:
    """Bulk-insert copies of the demo products until `target` products are visible."""
    from marketplace.catalog.models import Category, ProducerGroup, Product, ProductImage
    from marketplace.catalog.services import visible_products
    from marketplace.catalog.status import GroupStatus, ProductStatus
    from marketplace.kernel.extensions import db

    session = db.session
    visible = session.scalar(visible_products().with_only_columns(func.count(Product.id)))
    missing = target - visible
    if missing <= 0:
        return
    templates = session.scalars(visible_products().order_by(Product.id)).all()
    group_ids = session.scalars(
        select(ProducerGroup.id)
        .where(ProducerGroup.status == GroupStatus.APPROVED)
        .order_by(ProducerGroup.id)
    ).all()
    category_ids = session.scalars(select(Category.id).order_by(Category.id)).all()
    if not templates or not group_ids or not category_ids:
        raise BenchError("the demo seed left no visible products, approved groups or categories")

    rng = random.Random(20260101)  # a fixed seed: every run builds the same catalogue
    now = datetime.now(UTC)
    products_table = Product.__table__
    images_table = ProductImage.__table__
    max_id = session.scalar(select(func.coalesce(func.max(Product.id), 0)))

    rows: list[dict[str, Any]] = []
    for n in range(1, missing + 1):
        template = templates[n % len(templates)]
        created = now - timedelta(minutes=rng.randrange(1, 2 * 365 * 24 * 60))
        price = max(1000, round(template.price * rng.uniform(0.5, 2.0) / 500) * 500)
        rows.append(
            {
                # Round-robin over groups, a different stride over categories: every group
                # and every category gets a share, in many combinations.
                "group_id": group_ids[n % len(group_ids)],
                "category_id": category_ids[(n * 7 + n // len(group_ids)) % len(category_ids)],
                "sku": f"BENCH-{n:06d}",
                "slug": f"{template.slug}-b{n:06d}"[:120],
                "name": f"{template.name} · seri {n}"[:120],
                "description": template.description,
                "materials": template.materials,
                "price": price,
                "stock": 0 if rng.random() < 0.05 else rng.randrange(1, 80),
                "weight_grams": template.weight_grams,
                "status": ProductStatus.ACTIVE,
                "is_featured": rng.random() < 0.01,
                "created_at": created,
                "updated_at": created,
            }
        )
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(products_table), rows[start : start + CHUNK])

    new_products = session.execute(
        select(products_table.c.id, products_table.c.slug, products_table.c.created_at).where(
            products_table.c.id > max_id, products_table.c.sku.like("BENCH-%")
        )
    ).all()
    if len(new_products) != missing:
        raise BenchError(f"inserted {missing} products but found {len(new_products)}")
    images = [
        {
            "product_id": product_id,
            "position": position,
            "key": f"products/bench-{slug}-{position}",
            "width": 1200,
            "height": 1200,
            "created_at": created,
        }
        for product_id, slug, created in new_products
        for position in (0, 1)
    ]
    for start in range(0, len(images), CHUNK):
        session.execute(insert(images_table), images[start : start + CHUNK])
    session.flush()
    session.expire_all()


def pick_routes() -> dict[str, str]:
    """The benchmarked paths: the biggest top-level category and storefront, one product."""
    from marketplace.catalog import services
    from marketplace.catalog.models import ProducerGroup, Product
    from marketplace.kernel.extensions import db

    tree = services.category_tree()
    category = max(tree, key=lambda node: node.count).category
    group_id, _ = db.session.execute(
        services.visible_products()
        .with_only_columns(Product.group_id, func.count(Product.id))
        .group_by(Product.group_id)
        .order_by(func.count(Product.id).desc(), Product.group_id)
        .limit(1)
    ).one()
    group_slug = db.session.scalar(select(ProducerGroup.slug).where(ProducerGroup.id == group_id))
    # A product in the middle of the newest-first order: not the first row of any index.
    total = db.session.scalar(services.visible_products().with_only_columns(func.count()))
    product_slug = db.session.scalar(
        services.visible_products()
        .with_only_columns(Product.slug)
        .order_by(Product.created_at.desc(), Product.id.desc())
        .offset(total // 2)
        .limit(1)
    )
    return {
        "home": "/",
        "category": f"/kategori/{category.slug}",
        "product": f"/produk/{product_slug}",
        "storefront": f"/toko/{group_slug}",
    }


def count_visible(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(
                text(
                    "SELECT count(*) FROM products p JOIN producer_groups g ON g.id = p.group_id"
                    " WHERE p.status = 'active' AND g.status = 'approved'"
                )
            )
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- server and load


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_status(url: str, timeout: float = 10.0) -> int:
    """The status of one GET, without following redirects (a redirect is not a page)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def gunicorn_server(backend: str, database_url: str, page_cache: bool = True) -> Iterator[str]:
    """gunicorn with 2 sync workers on a free port; yields the base URL, always stops it."""
    instance = instance_path(backend)
    env = {"DATABASE_URL": database_url, "MEDIA_DIR": str(instance / "media"),
           "PAGE_CACHE": "1" if page_cache else "0"}
    with serve(instance, env, WORK / f"gunicorn-{backend}.log") as base:
        yield base


@contextmanager
def serve(instance: Path, env_overrides: dict[str, str], log_path: Path) -> Iterator[str]:
    """Run wsgi:app under gunicorn (WORKERS sync workers) until /healthz answers; always stop."""
    port = free_port()
    instance.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(INSTANCE_PATH=str(instance), SECRET_KEY=SECRET_KEY, **env_overrides)
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--config", "python:marketplace.gunicorn_conf",  # the production start-up checks
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}",
        "--chdir", str(ROOT),
        "--no-control-socket",  # the default path is shared by every gunicorn of this user
        "wsgi:app",
    ]  # no --access-logfile: gunicorn then writes no access log
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise BenchError(f"gunicorn exited with {proc.returncode}; see {log_path}")
                try:
                    if fetch_status(base + "/healthz", timeout=2) == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise BenchError(f"gunicorn did not answer /healthz in 60 s; see {log_path}")
                time.sleep(0.2)
            yield base
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


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


def load_average() -> str:
    """The 1-minute load average: other work on the machine skews every number."""
    return f"{os.getloadavg()[0]:.2f}"


def database_version(backend: str, database_url: str) -> str:
    if backend == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return "PostgreSQL " + str(conn.scalar(text("SHOW server_version")))
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- reporting


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)

    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "gunicorn": metadata.version("gunicorn"),
        "wrk": (wrk.stdout or wrk.stderr).split("[")[0].strip() or "wrk",
    }


def command_line() -> str:
    python = os.path.relpath(sys.executable, ROOT)
    return f"cd {ROOT} && {python} {shlex.join(sys.argv)}"


def backend_table(result: BackendResult) -> list[str]:
    lines = [
        "| route | path | req/s | p50 ms | p95 ms | ratio to health | ≥ 25 % |",
        "|---|---|---:|---:|---:|---:|:---:|",
    ]
    for r in result.results:
        if r.name.startswith("healthz"):
            ratio, meets = "—", "—"
        else:
            ratio = f"{result.ratio(r) * 100:.1f} %"
            meets = "yes" if result.ratio(r) >= TARGET_RATIO else "**no**"
        lines.append(
            f"| {r.name} | `{r.path}` | {r.rps:.1f} | {r.p50_ms:.2f} | {r.p95_ms:.2f} "
            f"| {ratio} | {meets} |"
        )
    lines.append(f"| health baseline (mean of both runs) | | {result.baseline_rps:.1f} | | | | |")
    return lines


def print_report(results: list[BackendResult]) -> None:
    for result in results:
        print()
        print(f"{result.backend} ({result.database}), page cache "
              f"{'on' if result.page_cache else 'off'}, {result.products} visible products")
        print(f"{'route':<12} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>8}  target  path")
        for r in result.results:
            health = r.name.startswith("healthz")
            ratio = "" if health else f"{result.ratio(r) * 100:.1f}%"
            meets = "" if health else ("ok" if result.ratio(r) >= TARGET_RATIO else "BELOW")
            print(f"{r.name:<12} {r.rps:9.1f} {r.p50_ms:8.2f} {r.p95_ms:8.2f} {ratio:>8}  "
                  f"{meets:<6}  {r.path}")
        print(f"{'baseline':<12} {result.baseline_rps:9.1f}   (mean of the two health runs; "
              f"drift {result.health_drift:+.1%}, load {result.load_before} -> "
              f"{result.load_after})")


def docs_section(results: list[BackendResult], args: argparse.Namespace) -> str:
    info = machine()
    lines = [
        START_MARK,
        "## Catalogue pages (`bench/pages.py`)",
        "",
        "Generated by `bench/pages.py`; rerun it with `--write-docs` to replace this section.",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, {info['os']}; "
        f"Python {info['python']}, gunicorn {info['gunicorn']}, {info['wrk']}",
        f"- Command: `{command_line()}`",
        f"- Catalogue: the demo seed scaled to {args.products} active products "
        "(2 image rows each), ANALYZEd",
        f"- Server: gunicorn, {WORKERS} sync workers, no access log, on 127.0.0.1",
        f"- Load: wrk, {args.connections} connections, {WRK_THREADS} threads, "
        f"{args.duration} s per route after a {WARMUP_SECONDS} s warm-up, on the same machine",
        "- Ratio: the page's req/s over the mean req/s of the two `/healthz` runs "
        f"(before and after the pages). Target: every catalogue page ≥ {TARGET_RATIO:.0%}.",
        "",
    ]
    for result in results:
        mode = ("on: anonymous pages served from the per-version cache" if result.page_cache
                else "off: every request runs its queries and renders")
        lines += [f"### {result.database}, page cache {mode}", ""]
        lines += [
            f"{result.products} visible products; built in {result.build_seconds:.0f} s. "
            f"Health route drift between its two runs: {result.health_drift:+.1%}; "
            f"1-minute load average {result.load_before} before, {result.load_after} after.",
            "",
        ]
        lines += backend_table(result)
        below = [r.name for r in result.pages if result.ratio(r) < TARGET_RATIO]
        lines.append("")
        if below:
            lines.append(f"Below the {TARGET_RATIO:.0%} target: {', '.join(below)}.")
        else:
            lines.append(f"Every catalogue page meets the {TARGET_RATIO:.0%} target.")
        lines.append("")
    lines.append(END_MARK)
    return "\n".join(lines)


def write_docs(section: str) -> None:
    if not DOCS.exists():
        DOCS.parent.mkdir(parents=True, exist_ok=True)
        DOCS.write_text(f"# Benchmarks\n\n{START_MARK}\n{END_MARK}\n")
    content = DOCS.read_text()
    start, end = content.find(START_MARK), content.find(END_MARK)
    if start == -1 or end == -1 or end < start:
        raise BenchError(f"{DOCS} lacks the {START_MARK} … {END_MARK} block")
    DOCS.write_text(content[:start] + section + content[end + len(END_MARK):])
    print(f"\nwrote the results to {DOCS.relative_to(ROOT)}")


# --------------------------------------------------------------------------- main


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
