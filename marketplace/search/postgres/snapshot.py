"""The PostgreSQL documents as the evaluator reads them: sets over ranks, kept per server.

`search_documents` is the truth and its GIN index the postings. Scoring and counting every
match in SQL costs seconds at 500,000 products (docs/benchmarks.md), so each app process
keeps what search/evaluate.py needs, as Whoosh's snapshot does: every live document's
rank in the static order, its sort keys and sentra, one bitmap (a Python int) per facet
value, and per term the bitmap of the documents holding it, read through the GIN index on
first use and cached.

Nothing can go stale: every transaction that writes documents first increments
`search_state.generation` (its row lock orders the writers, so generations commit in
order) and stamps its rows with the new number; a search reads the generation first and,
when it moved, reads the rows stamped after the one it has. Those become the *tail*: a
changed product's base rank is masked out and the product gets a rank after the base,
with its terms kept in memory. When the tail grows past a twentieth of the base, the
next search loads everything afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import text

from marketplace.kernel.extensions import db
from marketplace.search.api import FACETS, Hit
from marketplace.search.bitmaps import DIGIT_TABLES, bitmap_of, sorted_page, static_page
from marketplace.search.postgres.terms import LEVEL_PREFIXES, word_terms
from marketplace.search.postgres.words import near_words
from marketplace.search.text import snippet

TERM_CACHE = 512
TAIL_SHARE = 0.05
TAIL_MIN = 2000
ORDER_CHUNK_MIN = 256
MAX_BOOST = 63
_NEWEST_FIRST = (1 << 63) - 1
_COLUMNS = ("product_id, boost, name_len, created, price, sentra, category, category_top, "
            "group_slug, price_band, rating")
# The static order in SQL (static_key's order: boost is at most MAX_BOOST, names are short).
_STATIC_ORDER = "LEAST(boost, 63) DESC, LEAST(name_len, 255), created DESC, product_id"


def static_key(boost: int, name_len: int, created: int, product_id: int) -> int:
    """The static order, as Whoosh's: higher rank boost, shorter name, newer, then id (the
    same order as the load query's ORDER BY)."""
    return ((MAX_BOOST - max(0, min(boost, MAX_BOOST))) << 104
            | max(0, min(name_len, 255)) << 96
            | (_NEWEST_FIRST - created) << 32 | product_id)


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def current_generation(session=None) -> int:
    return (session or db.session).scalar(
        text("SELECT generation FROM search_state WHERE id = 1")) or 0


class _Base:
    """Every live document at one generation, in static order; shared by the snapshots
    that follow it until the next full load."""

    def __init__(self, rows: list[tuple]) -> None:
        """`rows`: (product_id, boost, name_len, created, price, sentra, category,
        category_top, group_slug, price_band, rating) of every live document, in static
        order."""
        columns = list(zip(*rows, strict=True)) if rows else [()] * 11
        ids, boost, name_len, created, price, sentra, category, top, group, band, rating \
            = columns
        self.size = len(rows)
        self.nbytes = self.size // 8 + 1
        self.all = (1 << self.size) - 1
        self.ids = list(ids)
        self.rank_of = {pid: rank for rank, pid in enumerate(self.ids)}
        self.static = list(map(static_key, boost, name_len, created, ids))
        self.price = list(price)
        self.created = list(created)
        self.rating = list(rating)
        self.sentra = list(sentra)
        self.facets = {
            "sentra": _value_bitmaps(sentra, self.nbytes),
            "group": _value_bitmaps(group, self.nbytes),
            "price": _value_bitmaps(band, self.nbytes),
            "category": _union(_value_bitmaps(category, self.nbytes),
                               _value_bitmaps(top, self.nbytes)),
        }
        self._terms: OrderedDict[str, int] = OrderedDict()
        self._chunks: dict[str, list[int]] = {}
        self._values: dict[str, list[int]] = {}
        self.lock = threading.Lock()

    def term(self, term: str) -> int:
        """The base documents whose terms include `term` (through the GIN index)."""
        with self.lock:
            found = self._terms.get(term)
            if found is not None:
                self._terms.move_to_end(term)
                return found
        ids = db.session.scalars(
            text("SELECT product_id FROM search_documents "
                 "WHERE terms @@ CAST(:q AS tsquery)"), {"q": _quote(term)})
        rank_of = self.rank_of
        found = bitmap_of((r for r in map(rank_of.get, ids) if r is not None), self.nbytes)
        with self.lock:
            self._terms[term] = found
            while len(self._terms) > TERM_CACHE:
                self._terms.popitem(last=False)
        return found

    def sort_values(self, sort: str) -> list[int]:
        """Per rank, what a listing sorts by, ascending (built once per sort)."""
        found = self._values.get(sort)
        if found is None:
            found = self._values[sort] = {
                "price_asc": lambda: self.price,
                "price_desc": lambda: [-p for p in self.price],
                "newest": lambda: [-c for c in self.created],
                "rating": lambda: [-r for r in self.rating],
            }[sort]()
        return found

    def chunks(self, sort: str) -> list[int]:
        """The ranks sorted by price or date, cut into ~64 slices, each a bitmap."""
        found = self._chunks.get(sort)
        if found is None:
            values = self.sort_values(sort)
            order = sorted(range(self.size), key=lambda r: (values[r], r))
            step = max(ORDER_CHUNK_MIN, self.size // 64)
            found = [bitmap_of(order[start:start + step], self.nbytes)
                     for start in range(0, self.size, step)]
            self._chunks[sort] = found
        return found


def _value_bitmaps(values, nbytes: int) -> dict[str, int]:
    """Value -> the ranks (positions in `values`) holding it, as bitmaps. Each value's
    bitmap is one `bytes.translate` of the codes and one base-2 `int()`: C loops."""
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 255:
        found: dict[str, bytearray] = {}
        for rank, value in enumerate(values):
            bits = found.get(value)
            if bits is None:
                bits = found[value] = bytearray(nbytes)
            bits[rank >> 3] |= 1 << (rank & 7)
        return {value: int.from_bytes(bits, "little") for value, bits in found.items()}
    code_of = {value: code for code, value in enumerate(distinct, 1)}
    codes = bytes(map(code_of.__getitem__, values))[::-1]
    return {value: int(codes.translate(DIGIT_TABLES[code]), 2)
            for value, code in code_of.items()} if codes else {}


def _union(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:
    return {value: first.get(value, 0) | second.get(value, 0) for value in {*first, *second}}


def _facets(rows, first_rank: int, nbytes: int) -> dict[str, dict[str, int]]:
    """Facet -> value -> bitmap over ranks first_rank.. (rows in rank order)."""
    found: dict[str, dict[str, bytearray]] = {name: {} for name in FACETS}
    for offset, row in enumerate(rows):
        rank = first_rank + offset
        byte, bit = rank >> 3, 1 << (rank & 7)
        for name, value in (("sentra", row.sentra), ("group", row.group_slug),
                            ("price", row.price_band), ("category", row.category),
                            ("category", row.category_top)):
            bits = found[name].get(value)
            if bits is None:
                bits = found[name][value] = bytearray(nbytes)
            bits[byte] |= bit
    return {name: {value: int.from_bytes(bits, "little") for value, bits in values.items()}
            for name, values in found.items()}


@dataclass(frozen=True)
class _TailDoc:
    product_id: int
    static: int
    price: int
    created: int
    sentra: str
    group_slug: str
    price_band: str
    category: str
    category_top: str
    terms: frozenset[str]
    rating: int = 0


class PgSnapshot:
    """`search.evaluate.Documents` for one generation of `search_documents`."""

    def __init__(self, base: _Base, generation: int, tail: dict[int, _TailDoc],
                 deleted: int) -> None:
        self.base = base
        self.generation = generation
        self.tail_docs = sorted(tail.values(), key=lambda d: d.static)
        self._tail_by_id = tail
        self.base_deleted = deleted
        start = base.size
        self.size = start + len(self.tail_docs)
        self.nbytes = self.size // 8 + 1
        self.tail_mask = ((1 << len(self.tail_docs)) - 1) << start
        self.all = (base.all & ~deleted) | self.tail_mask
        self.facets = base.facets
        if self.tail_docs:
            tail_facets = _facets(self.tail_docs, start, self.nbytes)
            self.facets = {
                name: {value: base.facets[name].get(value, 0) | tail_facets[name].get(value, 0)
                       for value in {*base.facets[name], *tail_facets[name]}}
                for name in FACETS
            }
        self._tail_terms: dict[str, int] = {}
        self._near: dict[str, list[str]] = {}
        self.results: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    # --- loading and following ---------------------------------------------------------------
    @classmethod
    def load(cls, session) -> PgSnapshot:
        generation = current_generation(session)
        cursor = session.connection().connection.cursor()  # plain tuples: 500,000 rows
        try:
            cursor.execute(f"SELECT {_COLUMNS} FROM search_documents "  # noqa: S608
                           f"WHERE NOT hidden ORDER BY {_STATIC_ORDER}")
            rows = cursor.fetchall()
        finally:
            cursor.close()
        return cls(_Base(rows), generation, {}, 0)

    def following(self, session, generation: int) -> PgSnapshot:
        """This snapshot with the documents written since, or a fresh load when the tail
        would grow too big."""
        limit = max(TAIL_MIN, TAIL_SHARE * self.base.size)
        changed = session.scalar(text(
            "SELECT count(*) FROM search_documents WHERE generation > :have"),
            {"have": self.generation})
        if changed + len(self._tail_by_id) > limit:  # a rebuild, say: reading all is cheaper
            return PgSnapshot.load(session)
        rows = session.execute(text(
            f"SELECT {_COLUMNS}, hidden, generation, tsvector_to_array(terms) AS terms "  # noqa: S608
            "FROM search_documents WHERE generation > :have"),
            {"have": self.generation}).all()
        tail = dict(self._tail_by_id)
        deleted = self.base_deleted
        newest = generation
        changed_base = []
        for row in rows:
            newest = max(newest, row.generation)
            tail.pop(row.product_id, None)
            rank = self.base.rank_of.get(row.product_id)
            if rank is not None:
                changed_base.append(rank)
            if not row.hidden:
                tail[row.product_id] = _TailDoc(
                    row.product_id, static_key(row.boost, row.name_len, row.created,
                                               row.product_id),
                    row.price, row.created, row.sentra, row.group_slug, row.price_band,
                    row.category, row.category_top, frozenset(row.terms), row.rating)
        if len(tail) > limit:
            return PgSnapshot.load(session)
        if changed_base:
            deleted |= bitmap_of(changed_base, self.base.nbytes)
        return PgSnapshot(self.base, newest, tail, deleted)

    # --- the evaluator's questions -------------------------------------------------------------
    def term(self, term: str) -> int:
        found = self.base.term(term)
        if self.tail_docs:
            tail = self._tail_terms.get(term)
            if tail is None:
                start = self.base.size
                tail = self._tail_terms[term] = bitmap_of(
                    (start + i for i, doc in enumerate(self.tail_docs) if term in doc.terms),
                    self.nbytes)
            found |= tail
        return found

    def word_levels(self, word: str) -> tuple[int, ...]:
        levels, seen = [], 0
        for level in range(len(LEVEL_PREFIXES)):
            bitmap = 0
            for term in word_terms(word, level):
                bitmap |= self.term(term)
            levels.append(bitmap & ~seen)
            seen |= bitmap
        return tuple(levels)

    def near_words(self, word: str) -> list[str]:
        found = self._near.get(word)
        if found is None:
            found = self._near[word] = near_words(db.session, word)
        return found

    def static_key(self, rank: int) -> int:
        base = self.base
        return base.static[rank] if rank < base.size else self.tail_docs[rank - base.size].static

    def sentra_of(self, rank: int) -> str:
        base = self.base
        return base.sentra[rank] if rank < base.size else self.tail_docs[rank - base.size].sentra

    def product_id(self, rank: int) -> int:
        base = self.base
        return base.ids[rank] if rank < base.size \
            else self.tail_docs[rank - base.size].product_id

    def in_static_order(self, bitmap: int, skip: int, limit: int) -> list[int]:
        return static_page(bitmap, self.tail_mask, self.nbytes, skip, limit, self.static_key)

    def sorted_page(self, bitmap: int, sort: str, skip: int, limit: int) -> list[int]:
        base = self.base
        values = base.sort_values(sort)

        def key(rank: int):
            if rank < base.size:
                return values[rank], base.static[rank]
            doc = self.tail_docs[rank - base.size]
            value = {"price_asc": doc.price, "price_desc": -doc.price,
                     "newest": -doc.created, "rating": -doc.rating}[sort]
            return value, doc.static

        return sorted_page(bitmap, base.chunks(sort), values.__getitem__, self.tail_mask,
                           self.nbytes, skip, limit, key)

    def hits(self, ranks: list[int], stems: frozenset[str]) -> list[Hit]:
        ids = [self.product_id(rank) for rank in ranks]
        if not ids:
            return []
        rows = {row.product_id: row for row in db.session.execute(text(
            "SELECT product_id, slug, name, price, stock, group_slug, group_name, regency, "
            "cover_key, sentra_name, snippet, village, rating_sum, rating_count "
            "FROM search_documents "
            "WHERE product_id = ANY(:ids)"), {"ids": ids})}
        return [
            Hit(id=row.product_id, slug=row.slug, name=row.name, price=int(row.price),
                stock=int(row.stock), group_slug=row.group_slug, group_name=row.group_name,
                regency=row.regency, cover_key=row.cover_key, sentra_name=row.sentra_name,
                snippet=snippet(row.snippet, stems), village=row.village,
                rating_sum=row.rating_sum, rating_count=row.rating_count)
            for row in (rows.get(pid) for pid in ids) if row is not None
        ]
