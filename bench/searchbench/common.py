"""The search benchmark's paths, settings, query mixes and app configuration."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "bench" / ".work"
DOCS = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- search:start -->"
END_MARK = "<!-- search:end -->"
SECRET_KEY = "bench"  # noqa: S105 - a throwaway key for a throwaway database
WORKERS = 2
WRK_THREADS = 2
WARMUP_SECONDS = 2
CHUNK = 2000

MIXES: dict[str, list[dict[str, Any]]] = {
    "one word": [{"q": q} for q in (
        "keramik", "batik", "perak", "cincin", "keripik", "tempe", "kopi", "topeng",
        "anyaman", "gerabah", "kalung", "mangkuk", "vas", "tas", "kain", "gelang", "anting",
        "piring", "cangkir", "bros", "celuk", "dinoyo", "mojokerto", "pandan", "bambu",
        "glasir", "sogan", "robusta", "silver", "earrings")],
    "two words": [{"q": q} for q in (
        "cangkir keramik", "batik tulis", "keripik tempe", "cincin perak", "kopi robusta",
        "silver ring", "topeng malangan", "kain batik", "pot gerabah", "gelang perak",
        "tas pandan", "piring saji", "vas bunga", "kalung liontin", "keripik pedas",
        "batik cap", "anting perak", "mangkuk keramik", "wooden mask", "tempe mendoan")],
    "misspelled": [{"q": q} for q in (
        "keramick", "batk", "perk", "cincn", "kripik", "tempee", "topneg", "gerabh",
        "anyamn", "kalong", "mangkok", "gelan", "cincin perk", "batik tuls", "kopii",
        "keripk tempe")],
    "faceted": [
        {"q": "perak", "sentra": "perak-celuk"},
        {"q": "batik", "category": "batik-tekstil", "price": "150000-500000"},
        {"q": "keripik", "group": "keripik-tempe-sari-kedelai"},
        {"q": "", "sentra": "keramik-dinoyo"},
        {"q": "kopi", "price": "under-50000"},
        {"q": "cincin", "group": "perak-ayu-celuk", "price": "over-500000"},
        {"q": "", "category": "makanan-olahan", "sentra": "tempe-sanan"},
        {"q": "keramik", "category": "gerabah"},
        {"q": "batik tulis", "sentra": "batik-mojokerto", "price": "over-500000"},
        {"q": "tas", "category": "tas-aksesori"},
    ],
    "sorted by price": [
        {"q": "keramik", "sort": "price_asc"}, {"q": "batik tulis", "sort": "price_desc"},
        {"q": "perak", "sort": "price_asc", "page": 3}, {"q": "", "sort": "price_asc"},
        {"q": "keripik tempe", "sort": "price_desc"}, {"q": "kain", "sort": "price_asc"},
        {"q": "cincin", "sort": "price_desc", "page": 2}, {"q": "topeng", "sort": "price_asc"},
    ],
}
TARGETS_MS = {"one word": 50, "two words": 50, "misspelled": 100, "faceted": 100,
              "sorted by price": 100}

WRK_PATHS_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  if counter > #paths then counter = 1 end
  return wrk.format("GET", paths[counter])
end
"""

# Which backend this run measures (bench/search.py --backend): whoosh on SQLite, or
# postgres on the PostgreSQL at BENCH_DATABASE_URL (a database of its own, recreated).
SETUP = {"backend": "whoosh"}
PG_URL = os.environ.get("BENCH_DATABASE_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/pasar_search_bench")
DEFAULT_PRODUCTS = {"whoosh": 50_000, "postgres": 500_000}
LABELS = {"whoosh": "Whoosh (SQLite)", "postgres": "PostgreSQL full-text search"}


def use_backend(name: str) -> None:
    SETUP["backend"] = name


def backend() -> str:
    return SETUP["backend"]


def app_config(database_url: str, result_cache: int = 0) -> dict[str, Any]:
    instance = WORK / f"instance-search-{backend()}"
    return {
        "SEARCH_BACKEND": backend(),
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": SECRET_KEY,
        "MEDIA_DIR": str(instance / "media"),
        "SEARCH_DIR": str(instance / "search"),
        "SEARCH_RESULT_CACHE": result_cache,
    }


def database_url() -> str:
    if backend() == "postgres":
        return PG_URL
    return f"sqlite:///{WORK / 'search-sqlite.db'}"


def recreate_pg_database(url: str) -> None:
    """Drop and create the database `url` names (through the server's `postgres` db)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
