"""What shipping quotes cost at checkout: one parcel, and the review page of a cart of three.

A benchmark, not a test. It builds a fresh SQLite database (bench/.work/shipping.db) with
the association's whole demo rate table (38 × 38 provinces × every service of the courier
catalogue), three producer groups in Kota Malang, Kabupaten Mojokerto and Gianyar each
shipping with three or four services, and a buyer in Kota Jayapura. Then, for each source
of prices:

- table: no provider configured, the rate table answers (SQL only);
- provider: the built-in Biteship simulator over HTTP on this machine (so the time is our
  client, the HTTP round trip and the simulator, not Biteship's own servers);
- provider down: the simulator answers 503, the table is used and the page says so;
- provider unreachable: nothing listens on the port (connection refused), the table is used;
- provider slow: the simulator answers after the client's timeout (SHIPPING_TIMEOUT_SECONDS,
  here 1 s instead of the default 4 s so the run stays short), the table is used (on the
  review page, for the first parcel only after the timeout: the others go straight to it);

it times `shipping.quotes.quote_parcel` for one parcel (--quotes times, p50/p95) and the
whole review page (`GET /checkout/tinjau`, three parcels, through the Flask test client,
--pages times). With --write-docs the section between `<!-- shipping:start -->` and
`<!-- shipping:end -->` of docs/benchmarks.md is replaced by this run's results.

    .venv/bin/python bench/shipping.py [--quotes 200] [--pages 30] [--write-docs]
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marketplace import create_app  # noqa: E402
from marketplace.catalog.models import (  # noqa: E402
    Category,
    ProducerGroup,
    Product,
    Sentra,
)
from marketplace.catalog.status import GroupStatus, ProductStatus  # noqa: E402
from marketplace.gateways.biteship_simulator.server import SimulatorServer  # noqa: E402
from marketplace.kernel.extensions import db  # noqa: E402
from marketplace.shipping import services as shipping  # noqa: E402
from marketplace.shipping.quotes import quote_parcel  # noqa: E402

WORK = ROOT / "bench" / ".work"
DOCS = ROOT / "docs" / "benchmarks.md"
START_MARK, END_MARK = "<!-- shipping:start -->", "<!-- shipping:end -->"
TIMEOUT = 1.0
JAYAPURA = {"name": "Pembeli Uji", "email": "uji@contoh.id", "phone": "081234567890",
            "street": "Jl. Percetakan No. 12", "province_code": "91", "regency_code": "91.71",
            "district_code": "91.71.01", "village_code": "91.71.01.1001",
            "postal_code": "99111"}
GROUPS = (  # name, origin village, services
    ("Griya Keramik", "35.73.05.1004", ["jne:reg", "jne:yes", "jnt:ez", "pos:kilat"]),
    ("Batik Majapahit", "35.16.13.2002", ["jne:reg", "sicepat:reg", "jnt:ez"]),
    ("Perak Celuk", "51.04.01.2005", ["jne:reg", "jne:yes", "anteraja:reg"]),
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def build(app) -> list[Product]:
    with app.app_context():
        db.drop_all()
        db.create_all()
        sentra = Sentra(slug="s", name="Sentra", province="Jawa Timur", regency="Kota Malang")
        category = Category(slug="c", name="Keramik", name_en="Ceramics")
        db.session.add_all([sentra, category])
        products = []
        for n, (name, origin, services) in enumerate(GROUPS, start=1):
            group = ProducerGroup(sentra=sentra, slug=f"g{n}", name=name, shipping_fee=20_000,
                                  status=GroupStatus.APPROVED, origin_village_code=origin)
            product = Product(group=group, category=category, sku=f"P{n}", slug=f"p{n}",
                              name=f"Produk {n}", price=150_000, stock=100,
                              weight_grams=1_300 * n, status=ProductStatus.ACTIVE)
            db.session.add_all([group, product])
            db.session.flush()
            shipping.save_group_settings(group, services, 5_000, 300)
            products.append(product.id)
        rows = shipping.seed_default_rates()
        db.session.commit()
        print(f"rate table: {rows:,} rows", flush=True)
        return products


def time_quotes(app, count: int) -> list[float]:
    with app.app_context():
        group = db.session.get(ProducerGroup, 1)
        quote_parcel(group, JAYAPURA["village_code"], 1_300, 150_000)  # warm caches
        times = []
        for _ in range(count):
            start = time.perf_counter()
            quotes = quote_parcel(group, JAYAPURA["village_code"], 1_300, 150_000)
            times.append((time.perf_counter() - start) * 1000)
            if not quotes.options:
                raise SystemExit("a quote without options")
        return times


def time_pages(app, product_ids: list[int], count: int) -> tuple[list[float], bool]:
    client = app.test_client()
    page = client.get("/produk/p1").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    for product_id in product_ids:
        client.post("/keranjang/tambah", data={"csrf_token": token, "product_id": product_id,
                                               "quantity": "1"})
    page = client.get("/checkout").text
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    answer = client.post("/checkout", data={**JAYAPURA, "csrf_token": token})
    if answer.status_code != 302:
        raise SystemExit(f"the address was refused: {answer.text[:2000]}")
    fell_back = "rates-fallback" in client.get("/checkout/tinjau").text
    times = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get("/checkout/tinjau")
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"review page: HTTP {response.status_code}")
    return times, fell_back


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quotes", type=int, default=200)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "shipping.db"
    database.unlink(missing_ok=True)
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench",
              "INSTANCE_PATH": str(WORK), "WTF_CSRF_ENABLED": True, "PAGE_CACHE": False}
    app = create_app(config)
    products = build(app)
    results = []
    with SimulatorServer(host="127.0.0.1", port=0, slow_seconds=TIMEOUT + 1) as provider:
        sources = [
            ("table (no provider)", {"SHIPPING_PROVIDER": ""}, None, 1),
            ("provider: the simulator over HTTP", {}, "ok", 1),
            ("provider down (HTTP 503): table", {}, "down", 1),
            ("provider unreachable (refused): table",
             {"BITESHIP_API_URL": f"http://127.0.0.1:{_free_port()}"}, "ok", 1),
            (f"provider slow (past the {TIMEOUT:g} s timeout): table", {}, "slow", 0),
        ]
        for label, extra, mode, full in sources:
            app.config.update({"SHIPPING_PROVIDER": "biteship",
                               "BITESHIP_API_URL": provider.base_url,
                               "BITESHIP_API_KEY": "bench", "SHIPPING_TIMEOUT_SECONDS": TIMEOUT})
            app.config.update(extra)
            if mode:
                provider.mode = mode
            quotes = time_quotes(app, args.quotes if full else 3)
            pages, fell_back = time_pages(app, products, args.pages if full else 2)
            results.append((label, quotes, pages, fell_back))
            print(f"{label}: quote p50 {statistics.median(quotes):.2f} ms, "
                  f"page p50 {statistics.median(pages):.1f} ms, fell back {fell_back}",
                  flush=True)
    if args.write_docs:
        write_docs(results, args)


def write_docs(results, args) -> None:
    now = datetime.now(UTC)
    load = os.getloadavg()[0]
    lines = [
        START_MARK,
        "## Shipping quotes at checkout (`bench/shipping.py`)",
        "",
        "Generated by `bench/shipping.py`; rerun it with `--write-docs` to replace this "
        "section.",
        "",
        f"- Date: {now:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}; 1-minute load average {load:.2f} at the end",
        f"- Command (from the project root): `.venv/bin/python bench/shipping.py --quotes "
        f"{args.quotes} --pages {args.pages} --write-docs`",
        "- Data: SQLite, the whole demo rate table, three groups (Kota Malang, Kabupaten "
        "Mojokerto, Gianyar) with 3–4 services each, a buyer in Kota Jayapura",
        "- One quote: `quote_parcel` for one parcel, in-process. The review page: `GET "
        "/checkout/tinjau` for three parcels (one quote each, sequentially) through the Flask "
        "test client",
        f"- The provider is the Biteship simulator on this machine, so its times are our "
        f"client plus a local HTTP round trip; Biteship itself adds its network time. The "
        f"slow case uses a {TIMEOUT:g} s timeout (the default is 4 s).",
        "",
        "| prices from | one quote p50 | one quote p95 | review page p50 | review page p95 "
        "| said so on the page |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, quotes, pages, fell_back in results:
        lines.append(
            f"| {label} | {statistics.median(quotes):.2f} ms | {_percentile(quotes, .95):.2f} ms "
            f"| {statistics.median(pages):.1f} ms | {_percentile(pages, .95):.1f} ms "
            f"| {'yes' if fell_back else 'no'} |")
    lines += [
        "",
        "A slow provider costs one parcel the whole timeout before the table answers; once "
        "it failed for one parcel, the page's other parcels go straight to the table "
        "(`checkout/shipping.quote_cart`), so a review page waits one timeout at most. "
        "Placing the order asks nothing: it charges the prices the review page showed (kept "
        "in the session for 30 minutes).",
        "",
        END_MARK,
    ]
    text = DOCS.read_text(encoding="utf-8")
    section = "\n".join(lines)
    if START_MARK in text:
        head, rest = text.split(START_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.write_text(text, encoding="utf-8")
    print(f"wrote {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
