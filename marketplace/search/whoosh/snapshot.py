"""What a search needs from one index generation, built once: positions and document sets.

Whoosh scores every matching document, so its cost grows with the number of matches. The
results page needs more than the top hits anyway (exact facet counts over all matches), so
matching is done on document *sets*, kept per index generation (one searcher):

- every live document gets a position ("rank") in a static order: in stock, featured and
  well-selling first (documents.rank_boost), then shorter names, then the newest;
- a set of documents is a Python int used as a bitmap over those positions, so AND, OR and
  counting (`int.bit_count`) run in C: microseconds for 50,000 documents;
- one bitmap per facet value, built with the generation from the facet fields' reference
  columns; one per (field, term), read from Whoosh's postings on first use and cached;
- price, date and rating orders are ~64 bitmaps of consecutive slices of the sorted positions,
  built on first use: a sorted page ANDs slices in order until it has enough members.

A commit (one saved product) adds a small segment and marks the old version deleted in the
big one. Rebuilding everything for that would cost ~100 ms at 50,000 products, so the
expensive part (the *base*: the segments of the last full build, their positions, facet
sets, term sets and orders) is kept while those segments stay as they are; each
generation only recomputes the *tail* (documents of newer segments: positions after the
base's, merged back into the static order when a page is read) and the deletions.

The readers of Whoosh's columns and postings here use a few private attributes of the
pinned whoosh-reloaded 2.7.5 (each with a slower public fallback): Whoosh reads columns
one value at a time and postings one id at a time, both ~20x slower. The fallbacks:
numbers read value by value (`_raw_numbers` gives up), facet sets from one postings list
per value (`_value_codes` gives up: over 255 values, or no byte-coded reference column),
postings through the public matcher, deletions given by a method; and a new base when the
old one no longer fits. tests/unit/test_search_bitmaps.py forces each one and compares it
with plain Whoosh.
"""

from __future__ import annotations

import sys
import threading
from array import array
from collections import OrderedDict

from whoosh.matching import FilterMatcher
from whoosh.reading import TermNotFound

from marketplace.search.api import Hit
from marketplace.search.bitmaps import (
    DIGIT_TABLES,
    bitmap_of,
    set_bits,
    sorted_page,
    static_page,
)
from marketplace.search.text import snippet
from marketplace.search.whoosh.analysis import english_stem, indonesian_stem

TERM_CACHE = 4096
# Where a word matched, best first: a word of the name, a stem of one, a material or
# category (or an English stem of the name and labels), a group, sentra or place name,
# the description. search/evaluate.py scores them (ranking.level_score).
LEVELS = ("name", "name_stem", "tags", "place", "text")
# The unstemmed fields a misspelt word is corrected from.
VOCABULARY = ("name", "place")
FUZZY_ALTERNATIVES = 3
# A new base is built when the tail grows past this share of the base (or a merge touched it).
TAIL_SHARE = 0.05
TAIL_MIN = 2000
ORDER_CHUNK_MIN = 256
MAX_BOOST = 63
_INT32 = 1 << 31  # Whoosh stores a signed 32-bit NUMERIC column as value + 2**31
_NEWEST_FIRST = (1 << 64) - 1  # ... and a 64-bit one as value + 2**63: 0 <= raw < 2**64


def static_keys(boost: list[int], name_len: list[int], created: list[int]) -> list[int]:
    """Per document (from the raw column values), its place in the static order, ascending:
    the higher rank boost first, then the shorter name, then the newest."""
    return [(MAX_BOOST - max(0, min(b - _INT32, MAX_BOOST))) << 72
            | max(0, min(n - _INT32, 255)) << 64 | (_NEWEST_FIRST - c)
            for b, n, c in zip(boost, name_len, created, strict=True)]


def _leaves(reader) -> list[tuple]:
    return list(reader.leaf_readers())


def _large_leading(leaves) -> list[tuple]:
    """The leading segments worth keeping as a base: the full build's big segment (and any
    other large one), not the small segments single saves add and Whoosh keeps merging."""
    total = sum(segment.doc_count_all() for segment, _ in leaves)
    chosen = leaves[:1]
    for segment, offset in leaves[1:]:
        if segment.doc_count_all() < max(TAIL_MIN, total // 10):
            break
        chosen.append((segment, offset))
    return chosen


def _segment_key(leaves) -> tuple:
    return tuple((segment.segment().segment_id(), offset, segment.doc_count_all())
                 for segment, offset in leaves)


class _Base:
    """The expensive part of a snapshot: the segments of a full build, as they were then.

    Ranks 0..size-1 are its live documents in static order. Term sets are read from these
    segments only, so they stay valid as long as the segments exist unchanged (postings of
    a segment never change; deletions are applied per generation).
    """

    def __init__(self, leaves) -> None:
        self.key = _segment_key(leaves)
        self.doc_count = sum(segment.doc_count_all() for segment, _ in leaves)
        name_len = _column(leaves, "name_len")
        created = _column(leaves, "created")
        price = _column(leaves, "price")
        rating = _column(leaves, "rating")
        static_key = static_keys(_column(leaves, "boost"), name_len, created)
        order = sorted(_live_docnums(leaves), key=static_key.__getitem__)
        self.size = len(order)
        self.nbytes = self.size // 8 + 1
        self.all = (1 << self.size) - 1
        self.docnum_at = order
        rank_of = [-1] * self.doc_count
        for rank, docnum in enumerate(order):
            rank_of[docnum] = rank
        self.rank_of = rank_of
        self.static_at = list(map(static_key.__getitem__, order))
        self.price_at = list(map(price.__getitem__, order))
        self.created_at = list(map(created.__getitem__, order))
        self.rating_at = list(map(rating.__getitem__, order))
        self.deleted_at_build = self.doc_count - self.size
        self.facets = _facet_bitmaps(leaves, order, self.size)
        self._terms: OrderedDict = OrderedDict()
        self._sentra_at: list[str] | None = None
        self._chunks: dict[str, list[int]] = {}
        self._values: dict[str, list[int]] = {}
        self.lock = threading.Lock()

    def fits(self, leaves) -> bool:
        """Whether `leaves` still start with this base's segments, and the tail is small."""
        key = _segment_key(leaves[:len(self.key)])
        if key != self.key:
            return False
        tail = sum(segment.doc_count_all() for segment, _ in leaves[len(self.key):])
        return tail <= max(TAIL_MIN, TAIL_SHARE * self.size)

    def term(self, leaves, fieldname: str, text: str) -> int:
        """The base documents holding the term; `leaves`: the base segments' current readers."""
        key = (fieldname, text)
        with self.lock:
            bitmap = self._terms.get(key)
            if bitmap is not None:
                self._terms.move_to_end(key)
                return bitmap
        bitmap = _term_bitmap(leaves, fieldname, text, self.rank_of, self.nbytes)
        with self.lock:
            self._terms[key] = bitmap
            while len(self._terms) > TERM_CACHE:
                self._terms.popitem(last=False)
        return bitmap

    def sentra_at(self) -> list[str]:
        """Per rank, the document's sentra (built on first use: one pass per sentra)."""
        found = self._sentra_at
        if found is None:
            found = [""] * self.size
            for value, bitmap in self.facets["sentra"].items():
                for rank in set_bits(bitmap, self.nbytes):
                    found[rank] = value
            self._sentra_at = found
        return found

    def sort_values(self, sort: str) -> list[int]:
        """Per rank, the value a listing sorts by, ascending (negated for descending)."""
        values = self._values.get(sort)
        if values is None:
            values = self._values[sort] = {
                "price_asc": self.price_at,
                "price_desc": [-p for p in self.price_at],
                "newest": [-c for c in self.created_at],
                "rating": [-r for r in self.rating_at],
            }[sort]
        return values

    def chunks(self, sort: str) -> list[int]:
        """The base's ranks sorted by price, date or rating, cut into ~64 consecutive slices, each
        as a bitmap: a page is found by ANDing slices in order, not by walking ranks."""
        found = self._chunks.get(sort)
        if found is None:
            order = sorted(range(self.size), key=self.sort_values(sort).__getitem__)
            step = max(ORDER_CHUNK_MIN, self.size // 64)
            found = [bitmap_of(order[start:start + step], self.nbytes)
                     for start in range(0, self.size, step)]
            self._chunks[sort] = found
        return found


class Snapshot:
    """Everything one searcher (one index generation) needs, for every search of it.

    Ranks below `base.size` are the base's; the tail (newer segments) follows. `all` holds
    the live documents; every other set is an int bitmap over the same ranks and may still
    hold deleted documents, so searches intersect with `all`.
    """

    def __init__(self, searcher, previous: Snapshot | None = None) -> None:
        self.searcher = searcher
        self.reader = reader = searcher.reader()
        leaves = _leaves(reader)
        if previous is not None and previous.base.fits(leaves):
            base = previous.base
        else:
            base = _Base(_large_leading(leaves))
        self.base = base
        self.rebuilt = previous is None or base is not previous.base
        base_leaves = leaves[:len(base.key)]
        tail_leaves = leaves[len(base.key):]

        # Deleted since the base was built (updated or removed products).
        deleted = 0
        if sum(segment.doc_count_all() - segment.doc_count() for segment, _ in base_leaves) \
                > base.deleted_at_build:
            bits = bytearray(base.nbytes)
            rank_of = base.rank_of
            for segment, offset in base_leaves:
                for docnum in _deleted_docnums(segment):
                    rank = rank_of[offset + docnum]
                    if rank >= 0:
                        bits[rank >> 3] |= 1 << (rank & 7)
            deleted = int.from_bytes(bits, "little")

        # The tail: newer documents, ranked after the base in their own static order.
        start = base.doc_count
        name_len = _column(tail_leaves, "name_len", start)
        created = _column(tail_leaves, "created", start)
        price = _column(tail_leaves, "price", start)
        rating = _column(tail_leaves, "rating", start)
        static_key = static_keys(_column(tail_leaves, "boost", start), name_len, created)
        tail = sorted(_live_docnums(tail_leaves), key=lambda d: static_key[d - start])
        self.tail_docnums = tail
        self.tail_rank = {docnum: base.size + i for i, docnum in enumerate(tail)}
        self.tail_static = [static_key[d - start] for d in tail]
        self.tail_price = [price[d - start] for d in tail]
        self.tail_created = [created[d - start] for d in tail]
        self.tail_rating = [rating[d - start] for d in tail]
        self.size = base.size + len(tail)
        self.nbytes = self.size // 8 + 1
        tail_all = ((1 << len(tail)) - 1) << base.size
        self.all = (base.all & ~deleted) | tail_all
        self.tail_mask = tail_all
        self.facets = base.facets
        if tail:
            tail_facets = _facet_bitmaps(tail_leaves, tail, len(tail), first_docnum=start)
            self.facets = {
                name: {value: base.facets[name].get(value, 0)
                       | (tail_facets[name].get(value, 0) << base.size)
                       for value in {*base.facets[name], *tail_facets[name]}}
                for name in base.facets
            }
        self._base_leaves = base_leaves
        self._tail_leaves = tail_leaves
        self._tail_terms: dict = {}
        self._tail_sentra: dict[int, str] | None = None
        self._fuzzy: dict = {}
        self.results: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    # per rank
    def docnum(self, rank: int) -> int:
        base = self.base
        return base.docnum_at[rank] if rank < base.size else self.tail_docnums[rank - base.size]

    def static_key(self, rank: int) -> int:
        base = self.base
        return base.static_at[rank] if rank < base.size else self.tail_static[rank - base.size]

    def price(self, rank: int) -> int:
        base = self.base
        return base.price_at[rank] if rank < base.size else self.tail_price[rank - base.size]

    def created(self, rank: int) -> int:
        base = self.base
        return base.created_at[rank] if rank < base.size else self.tail_created[rank - base.size]

    def rating(self, rank: int) -> int:
        base = self.base
        return base.rating_at[rank] if rank < base.size else self.tail_rating[rank - base.size]

    def sentra_of(self, rank: int) -> str:
        """The sentra of the document at `rank`."""
        base = self.base
        if rank < base.size:
            return base.sentra_at()[rank]
        tail = self._tail_sentra
        if tail is None:
            tail = self._tail_sentra = {}
            for value, bitmap in self.facets["sentra"].items():
                for member in set_bits(bitmap & self.tail_mask, self.nbytes):
                    tail[member] = value
        return tail.get(rank, "")

    def sort_key(self, sort: str):
        """(price, date or rating, static key): the order of a sorted listing, ties in
        static order."""
        if sort == "price_asc":
            return lambda r: (self.price(r), self.static_key(r))
        if sort == "price_desc":
            return lambda r: (-self.price(r), self.static_key(r))
        if sort == "rating":
            return lambda r: (-self.rating(r), self.static_key(r))
        return lambda r: (-self.created(r), self.static_key(r))

    def sorted_page(self, bitmap: int, sort: str, skip: int, limit: int) -> list[int]:
        """Members of `bitmap` by price or date, paged (ties in the static order).

        The base's members come slice by slice of its sorted order (each slice's members
        sorted with a C-level key); the tail's few members are merged in by the full key.
        """
        return sorted_page(bitmap, self.base.chunks(sort), self.base.sort_values(sort).__getitem__,
                           self.tail_mask, self.nbytes, skip, limit, self.sort_key(sort))

    def in_static_order(self, bitmap: int, skip: int, limit: int) -> list[int]:
        """Members of `bitmap` in static order, paged (tail members merged in by key)."""
        return static_page(bitmap, self.tail_mask, self.nbytes, skip, limit, self.static_key)

    def hits(self, ranks: list[int], stems: frozenset[str]) -> list[Hit]:
        """The result cards of these ranks, from the stored fields."""
        found = []
        for rank in ranks:
            stored = self.searcher.stored_fields(self.docnum(rank))
            found.append(Hit(
                id=int(stored["id"]), slug=stored["slug"], name=stored["name"],
                price=int(stored["price"]), stock=int(stored.get("stock") or 0),
                group_slug=stored.get("group", ""), group_name=stored.get("group_name", ""),
                regency=stored.get("regency", ""), cover_key=stored.get("cover_key"),
                sentra_name=stored.get("sentra_name", ""), village=stored.get("village", ""),
                snippet=snippet(stored.get("snippet", ""), stems),
                rating_sum=int(stored.get("rating_sum") or 0),
                rating_count=int(stored.get("rating_count") or 0),
            ))
        return found

    # sets
    def term(self, fieldname: str, text: str) -> int:
        """The documents whose `fieldname` holds the (analysed) term `text`."""
        bitmap = self.base.term(self._base_leaves, fieldname, text)
        if self.tail_docnums:
            key = (fieldname, text)
            tail = self._tail_terms.get(key)
            if tail is None:
                tail = self._tail_terms[key] = _term_bitmap(
                    self._tail_leaves, fieldname, text, self.tail_rank, self.nbytes)
            bitmap |= tail
        return bitmap

    def near_words(self, word: str) -> list[str]:
        """Words of names and places (unstemmed) within 1 (short words) or 2 (long words)
        edits, best first: nearer, then in more documents."""
        found = self._fuzzy.get(word)
        if found is None:
            reader = self.reader
            maxdist = 1 if len(word) <= 5 else 2
            scored: dict[str, tuple[int, int]] = {}
            for distance in range(1, maxdist + 1):
                for fieldname in VOCABULARY:
                    for candidate in reader.terms_within(fieldname, word, distance, prefix=1):
                        if candidate == word:
                            continue
                        best = scored.get(candidate, (distance, 0))
                        scored[candidate] = (
                            best[0], best[1] - reader.doc_frequency(fieldname, candidate))
                if scored:
                    break
            found = sorted(scored, key=lambda w: (*scored[w], w))[:FUZZY_ALTERNATIVES]
            if len(self._fuzzy) > TERM_CACHE:
                self._fuzzy.clear()
            self._fuzzy[word] = found
        return found

    # what one word matches, by level, best first (see LEVELS): each set without the
    # documents of the levels before it
    def word_levels(self, word: str) -> tuple[int, ...]:
        id_stem = indonesian_stem(word)
        found = (
            self.term("name", word),
            self.term("name_stem", id_stem),
            self.term("tags", id_stem) | self.term("text_en", english_stem(word)),
            self.term("place", word),
            self.term("text", id_stem),
        )
        levels, seen = [], 0
        for bitmap in found:
            levels.append(bitmap & ~seen)
            seen |= bitmap
        return tuple(levels)


def _term_bitmap(leaves, fieldname: str, text: str, rank_of, nbytes: int) -> int:
    """Bitmap of the documents of `leaves` holding the term. `rank_of` maps a docnum to its
    rank: a list (-1: no rank, deleted) or a dict (absent: no rank)."""
    bits = bytearray(nbytes)
    if isinstance(rank_of, dict):
        get = rank_of.get
        for block in _posting_ids(leaves, fieldname, text):
            for docnum in block:
                rank = get(docnum)
                if rank is not None:
                    bits[rank >> 3] |= 1 << (rank & 7)
    else:
        for block in _posting_ids(leaves, fieldname, text):
            for docnum in block:
                rank = rank_of[docnum]
                if rank >= 0:
                    bits[rank >> 3] |= 1 << (rank & 7)
    return int.from_bytes(bits, "little")


def _facet_bitmaps(leaves, docnums: list[int], size: int, first_docnum: int = 0) -> dict:
    """Facet name -> value -> bitmap over positions 0..size-1 (`docnums` in rank order)."""
    nbytes = size // 8 + 1
    rank_of = {docnum: rank for rank, docnum in enumerate(docnums)} if first_docnum else None

    def field(fieldname: str) -> dict[str, int]:
        coded = _value_codes(leaves, fieldname, first_docnum)
        if coded is None:
            # More values than a byte holds: one postings list per value.
            ranks = rank_of if rank_of is not None else _rank_list(docnums, leaves)
            result = {}
            for segment, _offset in leaves:
                for value in segment.field_terms(fieldname):
                    if value not in result:
                        result[value] = _term_bitmap(leaves, fieldname, value, ranks, nbytes)
            return {value: bitmap for value, bitmap in result.items() if bitmap}
        values, codes = coded
        # Each document's value code in rank order, then per value a '0'/'1' digit string
        # (bytes.translate) read as a base-2 int: all C loops, ~1 ms per value at 50,000.
        by_rank = bytes(codes[d - first_docnum] for d in docnums)[::-1] if first_docnum \
            else bytes(map(codes.__getitem__, docnums))[::-1]
        result = {}
        for code, value in enumerate(values, 1):
            bitmap = int(by_rank.translate(DIGIT_TABLES[code]), 2) if by_rank else 0
            if bitmap:
                result[value] = bitmap
        return result

    own, top = field("category"), field("category_top")
    return {
        "sentra": field("sentra"),
        "group": field("group"),
        "price": field("price_band"),
        # A top-level category covers its subcategories' products too.
        "category": {value: own.get(value, 0) | top.get(value, 0) for value in {*own, *top}},
    }


def _rank_list(docnums: list[int], leaves) -> list[int]:
    count = sum(segment.doc_count_all() for segment, _ in leaves)
    ranks = [-1] * count
    for rank, docnum in enumerate(docnums):
        ranks[docnum] = rank
    return ranks


def _column(leaves, fieldname: str, start: int = 0) -> list[int]:
    """A sortable numeric column as one int per docnum from `start` (the sortable form:
    same order as the values).

    Whoosh reads columns one value at a time (~20 µs each); the column is a fixed-width
    big-endian array on disk, so each segment's part is read in one piece when possible.
    """
    values: list[int] = []
    for segment, offset in leaves:
        count = segment.doc_count_all()
        if len(values) < offset - start:
            values += [0] * (offset - start - len(values))
        try:
            column = segment.column_reader(fieldname, translate=False)
        except KeyError:  # an index built before the field existed: 0s until reindexed
            values += [0] * count
            continue
        part = _raw_numbers(column, count)
        values += part if part is not None else [int(v or 0) for v in column]
    return values


def _raw_numbers(column, count: int) -> list[int] | None:
    try:
        typecode, width = column._typecode, column._fixedlen
        stored = column._count
        data = column._dbfile.get(column._basepos, stored * width)
        default = column._default
    except AttributeError:
        return None  # not a plain numeric column (e.g. a segment without it)
    numbers = array(typecode)
    if numbers.itemsize != width:
        return None
    numbers.frombytes(data)
    if sys.byteorder == "little":
        numbers.byteswap()
    return numbers.tolist() + [default] * (count - stored)


def _posting_ids(leaves, fieldname: str, text: str):
    """The docnums of a term's postings, a block at a time where Whoosh allows it."""
    for segment, offset in leaves:
        try:
            matcher = segment.postings(fieldname, text)
        except TermNotFound:
            continue
        # Deleted documents are filtered out by the rank map, not one by one here.
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
            while matcher.is_active():
                if matcher._ids is None:
                    matcher._read_ids()
                ids = matcher._ids[matcher._i:]
                yield [docnum + offset for docnum in ids] if offset else ids
                matcher._i = matcher._blocklength
                matcher._next_block()
        else:
            yield [docnum + offset for docnum in matcher.all_ids()]


def _deleted_docnums(segment) -> frozenset[int]:
    if not segment.has_deletions():
        return frozenset()
    deleted = segment.deleted_docs_set
    return frozenset(deleted() if callable(deleted) else deleted)


def _live_docnums(leaves) -> list[int]:
    live: list[int] = []
    for segment, offset in leaves:
        count = segment.doc_count_all()
        deleted = _deleted_docnums(segment)
        if deleted:
            live += [offset + d for d in range(count) if d not in deleted]
        else:
            live += range(offset, offset + count)
    return live


def _value_codes(leaves, fieldname: str, start: int = 0) -> tuple[list[str], bytes] | None:
    """(values, one byte per docnum from `start`: 1 + the index of its value, 0 for none),
    read from the field's reference column; None when a code does not fit in a byte."""
    values: list[str] = []
    code_of: dict[bytes, int] = {}
    parts: list[bytes] = []
    for segment, offset in leaves:
        count = segment.doc_count_all()
        if sum(map(len, parts)) != offset - start:
            return None
        if not segment.has_column(fieldname):
            parts.append(bytes(count))
            continue
        column = segment.column_reader(fieldname, translate=False)
        try:
            if column._typecode != "B":
                return None
            refs = column._dbfile.get(column._basepos, count)
            uniques = column._uniques
        except AttributeError:
            return None
        table = bytearray(256)
        for ref, raw in enumerate(uniques):
            if not raw:
                continue
            code = code_of.get(raw)
            if code is None:
                code = code_of[raw] = len(values) + 1
                values.append(raw.decode("utf-8"))
                if code > 255:
                    return None
            table[ref] = code
        parts.append(bytes(refs).translate(bytes(table)))
    return values, b"".join(parts)

