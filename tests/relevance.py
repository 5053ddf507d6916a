"""The search relevance set (tests/search_relevance.toml): loading it and judging results.

Used by tests/integration/test_search_relevance_set.py (on every backend) and by
bench/search.py (which writes the mean precision to docs/benchmarks.md).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import aliased

from marketplace.catalog.models import Category, ProducerGroup, Product, Sentra
from marketplace.catalog.services import visible_products
from marketplace.kernel.extensions import db

SET = Path(__file__).with_name("search_relevance.toml")
DEPTH = 5
CRITERIA = ("name_any", "name_all", "category", "not_category", "sentra", "group",
            "also_category")


def queries() -> list[dict]:
    with SET.open("rb") as file:
        found = tomllib.load(file)["query"]
    for query in found:
        unknown = set(query) - {"q", "first", "p5", *CRITERIA}
        assert not unknown, (query["q"], unknown)
    return found


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    categories: frozenset[str]
    sentra: str
    group: str


def catalogue_rows(session=None) -> dict[int, Row]:
    """Every product buyers may see, with what the criteria look at."""
    parent = aliased(Category)
    stmt = (
        visible_products()
        .join(ProducerGroup.sentra)
        .join(Product.category)
        .outerjoin(parent, Category.parent_id == parent.id)
        .with_only_columns(Product.id, Product.name, Category.slug, parent.slug, Sentra.slug,
                           ProducerGroup.name)
    )
    return {
        row[0]: Row(row[0], row[1], frozenset(s for s in (row[2], row[3]) if s), row[4], row[5])
        for row in (session or db.session).execute(stmt)
    }


def _name_has(name: str, word: str) -> bool:
    """The word, or the word with -an or -nya ("ukir": "Ukir", "Ukiran"; "kendi": not
    "Kendil")."""
    return re.search(rf"\b{re.escape(word)}(?:an|nya)?\b", name, re.IGNORECASE) is not None


def relevant(query: dict, row: Row) -> bool:
    checks = {
        "name_any": lambda words: any(_name_has(row.name, w) for w in words),
        "name_all": lambda words: all(_name_has(row.name, w) for w in words),
        "category": lambda slugs: bool(row.categories & set(slugs)),
        "not_category": lambda slugs: not row.categories & set(slugs),
        "sentra": lambda slugs: row.sentra in slugs,
        "group": lambda names: row.group in names,
    }
    if row.categories & set(query.get("also_category", ())):
        return True
    return all(check(query[key]) for key, check in checks.items() if key in query)


@dataclass(frozen=True)
class Judged:
    q: str
    precision: float  # at DEPTH, over min(DEPTH, relevant products)
    baseline: float
    first_ok: bool
    top: tuple[str, ...]  # the first DEPTH names, "✗ " before the irrelevant ones

    @property
    def ok(self) -> bool:
        return self.first_ok and self.precision >= self.baseline


def judge(query: dict, hit_ids: list[int], rows: dict[int, Row]) -> Judged:
    wanted = {pid for pid, row in rows.items() if relevant(query, row)}
    assert wanted, f"no product in the catalogue is relevant to {query['q']!r}"
    top = hit_ids[:DEPTH]
    found = sum(1 for pid in top if pid in wanted)
    precision = found / min(DEPTH, len(wanted))
    first = query.get("first")
    first_ok = first is None or (bool(top) and rows[top[0]].name == first)
    names = tuple(("" if pid in wanted else "✗ ") + rows[pid].name for pid in top)
    return Judged(query["q"], round(precision, 3), float(query.get("p5", 1.0)), first_ok, names)


def judge_all(search: Callable[[str], list[int]], rows: dict[int, Row]) -> list[Judged]:
    """Every query of the set through `search` (query text -> result ids, best first)."""
    return [judge(query, search(query["q"]), rows) for query in queries()]


def mean_precision(judged: list[Judged]) -> float:
    return round(sum(j.precision for j in judged) / len(judged), 3)
