"""`flask orders check` on a big database: how long the whole check takes.

A benchmark, not a test. For each backend it builds a fresh database (the models' schema)
holding --orders consistent orders (default 100,000: 85 % paid with their parcels mostly
delivered, some packed, a few cancelled by the group; 5 % pending, 5 % expired, 5 %
cancelled), one to three parcels of one or two lines each, their ledger entries, payment
attempts and stock movements, over 2,000 products of 20 groups. It then runs the check
(`marketplace.consistency.report.run_check`, what the command runs) --runs times and
reports the fastest and the median run, and the number of findings (0: the generated data
is consistent, so the check also proves itself at scale).

Run from the project root:

    .venv/bin/python bench/orders_check.py [--backend sqlite|postgresql|both]
        [--orders 100000] [--runs 3] [--write-docs]

PostgreSQL: a server at postgresql+psycopg://postgres@127.0.0.1:5432/ (override with
BENCH_POSTGRES_URL) with a `test` database to connect to while `pasar_bench_check` is
dropped and created. SQLite: bench/.work/orders_check.db. With --write-docs the section
between `<!-- orders-check:start -->` and `<!-- orders-check:end -->` of docs/benchmarks.md
is replaced by this run's results.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marketplace import create_app  # noqa: E402
from marketplace.catalog.models import Category, ProducerGroup, Product, Sentra  # noqa: E402
from marketplace.catalog.stock import StockMovement  # noqa: E402
from marketplace.consistency.report import run_check  # noqa: E402
from marketplace.kernel.extensions import db  # noqa: E402
from marketplace.ledger.commission import commission_for  # noqa: E402
from marketplace.ledger.models import CommissionEntry  # noqa: E402
from marketplace.orders.attempts import PaymentAttempt  # noqa: E402
from marketplace.orders.models import Order, OrderLine, SubOrder  # noqa: E402

WORK = ROOT / "bench" / ".work"
DOCS = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- orders-check:start -->"
END_MARK = "<!-- orders-check:end -->"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/"
BENCH_DATABASE = "pasar_bench_check"
GROUPS, PRODUCTS, RATE_BP, SHIPPING = 20, 2000, 1000, 15_000
CHUNK = 5000


def _chunks(conn, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start:start + CHUNK])


def generate(conn, orders: int) -> dict[str, int]:
    """Insert a consistent shop of `orders` orders; returns the row count per table."""
    now = datetime.now(UTC)
    start = now - timedelta(days=60)
    conn.execute(insert(Sentra), [{"id": 1, "slug": "s", "name": "Sentra", "province": "Jawa "
                                   "Timur", "regency": "Kota Malang", "created_at": start}])
    conn.execute(insert(Category), [{"id": 1, "slug": "c", "name": "Keramik",
                                     "name_en": "Ceramics", "position": 0}])
    conn.execute(insert(ProducerGroup), [
        {"id": g, "sentra_id": 1, "slug": f"g{g}", "name": f"Kelompok {g}",
         "status": "approved", "created_at": start} for g in range(1, GROUPS + 1)])
    price = {p: 10_000 + (p % 50) * 1000 for p in range(1, PRODUCTS + 1)}
    held = dict.fromkeys(price, 0)
    subs, lines, entries, attempts, movements, order_rows = [], [], [], [], [], []
    sub_id = line_id = 0
    for i in range(1, orders + 1):
        kind = i % 20
        status = {0: "pending_payment", 1: "expired", 2: "cancelled"}.get(kind, "paid")
        created = now - timedelta(minutes=1) if status == "pending_payment" else \
            start + timedelta(seconds=i * 50)
        released = created + timedelta(days=1) if status in ("expired", "cancelled") else None
        goods_total = shipping_total = 0
        for s in range(1 + i % 3):
            sub_id += 1
            group = 1 + (i + s) % GROUPS
            sub_status = {"pending_payment": "awaiting_payment", "expired": "cancelled",
                          "cancelled": "cancelled"}.get(status)
            if sub_status is None:
                sub_status = "cancelled_by_group" if (i + s) % 50 == 0 else \
                    ("new", "processing", "shipped")[i % 3] if i > orders - 2000 else \
                    "delivered"
            out = sub_status not in ("cancelled", "cancelled_by_group")
            goods = 0
            for n in range(1 + (i + s) % 2):
                line_id += 1
                product = group + GROUPS * ((i * 7 + s * 3 + n) % (PRODUCTS // GROUPS))
                quantity = 1 + (i + n) % 3
                goods += price[product] * quantity
                lines.append({"id": line_id, "sub_order_id": sub_id, "product_id": product,
                              "product_name": f"Produk {product}", "sku": f"P{product}",
                              "unit_price": price[product], "quantity": quantity,
                              "weight_grams": 500})
                movements.append({"product_id": product, "delta": -quantity,
                                  "reason": "reserve", "order_id": i, "sub_order_id": sub_id,
                                  "user_id": None, "created_at": created})
                if out:
                    held[product] += quantity
                else:
                    movements.append({"product_id": product, "delta": quantity,
                                      "reason": "release", "order_id": i,
                                      "sub_order_id": sub_id, "user_id": None,
                                      "created_at": released or created})
            commission = commission_for(goods, RATE_BP) if status == "paid" else 0
            subs.append({"id": sub_id, "order_id": i, "group_id": group,
                         "group_name": f"Kelompok {group}", "status": sub_status,
                         "goods_amount": goods, "shipping_amount": SHIPPING,
                         "weight_grams": 500, "commission_rate_bp":
                         RATE_BP if status == "paid" else None,
                         "commission_amount": commission, "created_at": created,
                         "stock_released_at": None if out else (released or created)})
            if status == "paid":
                entries.append({"sub_order_id": sub_id, "group_id": group, "kind": "accrual",
                                "base_amount": goods, "rate_bp": RATE_BP,
                                "amount": commission, "idempotency_key": f"accrual:{sub_id}",
                                "created_at": created})
                if sub_status == "cancelled_by_group" and commission:
                    entries.append({"sub_order_id": sub_id, "group_id": group,
                                    "kind": "reversal", "base_amount": goods,
                                    "rate_bp": RATE_BP, "amount": -commission,
                                    "idempotency_key": f"cancel:{sub_id}",
                                    "created_at": created})
            goods_total += goods
            shipping_total += SHIPPING
        number = f"PS-2026-{i:06d}"
        order_rows.append({
            "id": i, "number": number, "checkout_key": f"k{i}", "status": status,
            "buyer_name": "Pembeli", "email": "b@contoh.id", "phone": "+6281234567890",
            "street": "Jl. Mawar 5", "village": "Dinoyo", "district": "Lowokwaru",
            "regency": "Kota Malang", "province": "Jawa Timur", "postal_code": "65144",
            "goods_amount": goods_total, "shipping_amount": shipping_total,
            "grand_total": goods_total + shipping_total, "created_at": created,
            "expires_at": created + timedelta(days=1),
            "paid_at": created if status == "paid" else None, "stock_released_at": released})
        attempts.append({"order_id": i, "attempt_no": 1, "midtrans_order_id": f"{number}-1",
                         "gross_amount": goods_total + shipping_total, "state": "redirected",
                         "redirect_url": "https://app.sandbox.midtrans.com/snap/x",
                         "transaction_status": {"paid": "settlement", "expired": "expire",
                                                "cancelled": "cancel"}.get(status, "")})
    products = [{"id": p, "group_id": 1 + (p - 1) % GROUPS, "category_id": 1, "sku": f"P{p}",
                 "slug": f"produk-{p}", "name": f"Produk {p}", "price": price[p],
                 "stock": 50, "weight_grams": 500, "status": "active", "created_at": start}
                for p in price]
    opening = [{"product_id": p, "delta": 50 + held[p], "reason": "opening", "order_id": None,
                "sub_order_id": None, "user_id": None, "created_at": start} for p in price]
    for table, rows in ((Product, products), (Order, order_rows), (SubOrder, subs),
                        (OrderLine, lines), (CommissionEntry, entries),
                        (PaymentAttempt, attempts), (StockMovement, opening + movements)):
        _chunks(conn, table, rows)
    return {table.__tablename__: conn.scalar(select(func.count()).select_from(table))
            for table in (Order, SubOrder, OrderLine, CommissionEntry, PaymentAttempt,
                          StockMovement, Product)}


def database_url(backend: str) -> str:
    if backend == "sqlite":
        WORK.mkdir(parents=True, exist_ok=True)
        path = WORK / "orders_check.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    base = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL).rstrip("/")
    admin = create_engine(f"{base}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))
    admin.dispose()
    return f"{base}/{BENCH_DATABASE}"


def measure(backend: str, orders: int, runs: int) -> dict:
    url = database_url(backend)
    WORK.mkdir(parents=True, exist_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": str(WORK), "MEDIA_DIR": str(WORK / "media")})
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        with db.engine.begin() as conn:
            counts = generate(conn, orders)
        if backend == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        built = time.perf_counter() - started
        times, report = [], None
        for _ in range(runs):
            started = time.perf_counter()
            report = run_check(db.engine)
            times.append(time.perf_counter() - started)
        version = db.session.execute(text(
            "SELECT sqlite_version()" if backend == "sqlite" else "SHOW server_version"
        )).scalar()
        db.session.remove()
        db.engine.dispose()
    result = {"backend": backend, "version": version, "counts": counts, "built": built,
              "best": min(times), "median": statistics.median(times),
              "findings": len(report.findings)}
    name = "SQLite" if backend == "sqlite" else "PostgreSQL"
    print(f"{name} {version}: built in {built:.0f} s; check best {result['best']:.2f} s, "
          f"median {result['median']:.2f} s, {result['findings']} finding(s); {counts}")
    return result


def docs_section(results: list[dict], args) -> str:
    load = os.getloadavg()[0]
    lines = [
        START_MARK,
        "## `flask orders check` (`bench/orders_check.py`)",
        "",
        "Generated by `bench/orders_check.py`; rerun it with `--write-docs` to replace this "
        "section.",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; 1-minute load average {load:.2f} at the end "
        "(other work shared the machine)",
        "- Command (from the project root): `.venv/bin/python bench/orders_check.py "
        f"--backend {args.backend} --orders {args.orders} --runs {args.runs} --write-docs`",
        "- Data: the orders of every state described in the script, with their parcels, "
        "lines, ledger entries, payment attempts and stock movements, over 2,000 products",
        "- Time: the whole `run_check` (one snapshot, every query and rule, the report), "
        f"best and median of {args.runs} runs",
        "",
        "| database | orders | sub-orders | lines | movements | check, best | check, median "
        "| findings |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        c = r["counts"]
        name = "SQLite" if r["backend"] == "sqlite" else "PostgreSQL"
        lines.append(f"| {name} {r['version']} | {c['orders']:,} | {c['sub_orders']:,} | "
                     f"{c['order_lines']:,} | {c['stock_movements']:,} | {r['best']:.2f} s | "
                     f"{r['median']:.2f} s | {r['findings']} |")
    lines += ["", END_MARK]
    return "\n".join(lines)


def write_docs(section: str) -> None:
    content = DOCS.read_text()
    start, end = content.find(START_MARK), content.find(END_MARK)
    if start == -1 or end == -1:
        content = content.rstrip("\n") + f"\n\n{START_MARK}\n{END_MARK}\n"
        start, end = content.find(START_MARK), content.find(END_MARK)
    DOCS.write_text(content[:start] + section + content[end + len(END_MARK):])
    print(f"wrote the results to {DOCS.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = [measure(backend, args.orders, args.runs) for backend in backends]
    if args.write_docs:
        write_docs(docs_section(results, args))
    return 0 if all(r["findings"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
