"""The bitmap evaluator against plain Whoosh, on every path it can take.

`snapshot.py` reads Whoosh's columns and postings through private attributes of the pinned
whoosh-reloaded, each with a slower public fallback, and keeps the expensive part of a
snapshot (the base) across commits. Each path is forced here and must give what plain
Whoosh gives: the same term sets (`searcher.docs_for_query`), facet sets, orders (computed
from the documents themselves) and, search by search, the same results as the fast path.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.matching import FilterMatcher
from whoosh.query import And, Or, Term
from whoosh.reading import SegmentReader

from marketplace.search.api import SearchRequest
from marketplace.search.bitmaps import set_bits
from marketplace.search.documents import price_band
from marketplace.search.evaluate import run_search
from marketplace.search.stemming import english_stem, indonesian_stem
from marketplace.search.whoosh import snapshot as snapshot_module
from marketplace.search.whoosh.index import live_path, live_writer, rebuild
from marketplace.search.whoosh.snapshot import Snapshot

NOUNS = ("Cincin", "Tas Anyaman", "Kain Batik Tulis", "Vas", "Piring Keramik", "Gelang")
MATERIALS = ("Perak", "Pandan", "Katun", "Terakota", "Rotan")
WORDS = ("cincin", "perak", "anyaman", "batik", "tulis", "keramik", "rotan", "17", "zzz")
FACET_FIELDS = {"sentra": ("sentra",), "group": ("group",), "price": ("price_band",),
                "category": ("category", "category_top")}
QUERIES = ("cincin", "perak cincin", "cincin vas", "", "cincn", "silver ring", "vas zzz")
SORTS = ("relevance", "price_asc", "price_desc", "newest", "rating")


def document(n: int, groups: int, name: str | None = None) -> dict:
    name = name or f"{NOUNS[n % 6]} {MATERIALS[n % 5]} {n}"
    price = 10_000 + (n * 1237) % 700_000
    return {
        "id": str(n), "slug": f"produk-{n}", "name": name, "name_stem": name,
        "text": f"{name} buatan tangan {MATERIALS[(n + 2) % 5]}", "text_en": f"{name} ring",
        "tags": MATERIALS[(n + 1) % 5], "place": name, "sentra": f"sentra-{n % 4}",
        "category": f"sub-{n % 7}",
        "category_top": f"top-{n % 3}", "group": f"kelompok-{n % groups}",
        "price_band": price_band(price), "price": price,
        "created": 1_700_000_000 + (n * 7919) % 100_000, "name_len": len(name),
        "rating": (n * 37) % 11,  # few values: ties fall back on the static order
        "stock": n % 4, "group_name": f"Kelompok {n % groups}", "sentra_name": "Sentra",
        "regency": "Malang", "snippet": f"{name} buatan tangan",
    }


class Catalogue:
    """An index built from known documents, with the documents it should hold."""

    def __init__(self, root: Path, groups: int, size: int = 300) -> None:
        self.root = root
        self.groups = groups
        self.live = {n: document(n, groups) for n in range(1, size + 1)}
        rebuild(root, list(self.live.values()))
        self.index = whoosh_index.open_dir(str(live_path(root)))

    def change(self, upsert: dict[int, str | None], delete: tuple[int, ...] = ()) -> None:
        """One commit in a new small segment (no merge): a tail, and deletions in the base."""
        with live_writer(self.root, timeout=5) as writer:
            for n, name in upsert.items():
                self.live[n] = document(n, self.groups, name)
                writer.update_document(**self.live[n])
            for n in delete:
                del self.live[n]
                writer.delete_by_term("id", str(n))
            writer.commit(merge=False)

    @contextmanager
    def searcher(self):
        searcher = self.index.searcher()
        try:
            yield searcher
        finally:
            searcher.close()


@pytest.fixture
def catalogue(tmp_path):
    return Catalogue(tmp_path / "search", groups=9)


@pytest.fixture
def changed(catalogue):
    """The catalogue after two saves: two tail segments, updates and deletions in the base."""
    catalogue.change({5: "Cincin Perak Ukir Bunga", 10: None, 301: None, 302: "Vas Rotan"},
                     delete=(20, 30))
    catalogue.change({303: "Gelang Perak", 11: "Tas Pandan Kecil"}, delete=(40,))
    return catalogue


# --- what plain Whoosh says ------------------------------------------------------------------
def _ids(searcher, query) -> set[int]:
    return {int(searcher.stored_fields(d)["id"]) for d in searcher.docs_for_query(query)}


def _word(word: str):
    return Or([Term("name", word), Term("name_stem", indonesian_stem(word)),
               Term("text", indonesian_stem(word)), Term("text_en", english_stem(word)),
               Term("tags", indonesian_stem(word)), Term("place", word)])


def _order(live: dict[int, dict], sort: str) -> list[int]:
    def static(n: int):
        return live[n]["name_len"], -live[n]["created"]

    key = {"static": lambda n: static(n),
           "price_asc": lambda n: (live[n]["price"], static(n)),
           "price_desc": lambda n: (-live[n]["price"], static(n)),
           "newest": lambda n: (-live[n]["created"], static(n)),
           "rating": lambda n: (-live[n]["rating"], static(n))}[sort]
    return sorted(live, key=key)


def plain(searcher, live: dict[int, dict]) -> dict:
    facets = {}
    for name, fields in FACET_FIELDS.items():
        values = {value.decode() for field in fields for value in searcher.lexicon(field)}
        found = {value: set().union(*(_ids(searcher, Term(f, value)) for f in fields))
                 for value in values}
        facets[name] = {value: ids for value, ids in found.items() if ids}
    return {
        "all": set(live),
        "terms": {(field, text): _ids(searcher, Term(field, text))
                  for word in WORDS
                  for field, text in (("name", word), ("name_stem", indonesian_stem(word)),
                                      ("text", indonesian_stem(word)),
                                      ("text_en", english_stem(word)),
                                      ("tags", indonesian_stem(word)), ("place", word))},
        "facets": facets,
        "orders": {sort: _order(live, sort) for sort in ("static", *SORTS[1:])},
        # all words when some product has them all, else any word (no product is both)
        "and": _ids(searcher, And([_word("cincin"), _word("perak")])),
        "or": _ids(searcher, Or([_word("cincin"), _word("vas")])),
    }


# --- what the bitmaps say --------------------------------------------------------------------
def observed(snapshot: Snapshot) -> dict:
    def ids(bitmap: int) -> set[int]:
        return set(ids_in_order(set_bits(bitmap & snapshot.all, snapshot.nbytes)))

    def ids_in_order(ranks: list[int]) -> list[int]:
        return [int(snapshot.searcher.stored_fields(snapshot.docnum(r))["id"]) for r in ranks]

    everything = snapshot.size

    def found(q: str, mode: str) -> set[int]:
        result = run_search(snapshot, SearchRequest(q=q, per_page=1000), cache_size=0)
        assert result.mode == mode
        return {hit.id for hit in result.hits}

    return {
        "all": ids(snapshot.all),
        "terms": {(field, text): ids(snapshot.term(field, text))
                  for word in WORDS
                  for field, text in (("name", word), ("name_stem", indonesian_stem(word)),
                                      ("text", indonesian_stem(word)),
                                      ("text_en", english_stem(word)),
                                      ("tags", indonesian_stem(word)), ("place", word))},
        "facets": {name: {value: ids(bitmap) for value, bitmap in values.items() if ids(bitmap)}
                   for name, values in snapshot.facets.items()},
        "orders": {"static": ids_in_order(snapshot.in_static_order(snapshot.all, 0, everything)),
                   **{sort: ids_in_order(snapshot.sorted_page(snapshot.all, sort, 0, everything))
                      for sort in SORTS[1:]}},
        "and": found("cincin perak", "and"),
        "or": found("cincin vas", "or"),
    }


def searches(snapshot: Snapshot) -> list:
    """Pages of results, as the results page asks for them."""
    requests = [SearchRequest(q=q, sort=sort, page=page, per_page=7)
                for q in QUERIES for sort in SORTS for page in (1, 3)]
    requests += [SearchRequest(q="perak", group="kelompok-4"),
                 SearchRequest(q="", category="top-1", price="under-50000", sort="price_asc")]
    return [run_search(snapshot, request, cache_size=0) for request in requests]


def assert_like_plain(catalogue: Catalogue, force=None, previous: Snapshot | None = None):
    """The snapshot of the latest commit, built and read with `force` applied, gives what
    plain Whoosh gives, and the same searches as the fast path. Returns it."""
    with catalogue.searcher() as searcher:
        expected = plain(searcher, catalogue.live)
        fast = searches(Snapshot(searcher))
        with force() if force else _nothing():
            snapshot = Snapshot(searcher, previous=previous)
            seen = observed(snapshot)
            results = searches(snapshot)
        assert seen["all"] == expected["all"]
        assert seen["terms"] == expected["terms"]
        assert seen["facets"] == expected["facets"]
        assert seen["orders"] == expected["orders"]
        assert seen["and"] == expected["and"]
        assert seen["or"] == expected["or"]
        assert results == fast
    return snapshot


@contextmanager
def _nothing():
    yield


# --- the paths -------------------------------------------------------------------------------
def test_the_fast_path_gives_what_plain_whoosh_gives(changed):
    snapshot = assert_like_plain(changed)
    assert snapshot.tail_docnums  # the saves are read as a tail, after the base
    with changed.searcher() as searcher:
        base_segment = searcher.reader().leaf_readers()[0][0]
        assert base_segment.has_deletions()
        assert isinstance(base_segment.postings("name", "cincin"), FilterMatcher)


def test_numbers_read_one_value_at_a_time(changed, monkeypatch):
    # A column without the private fixed-width layout: Whoosh's own column reader.
    def force():
        monkeypatch.setattr(snapshot_module, "_raw_numbers", lambda column, count: None)
        return _nothing()

    assert_like_plain(changed, force)


def test_facets_read_from_postings_when_the_value_codes_cannot_be_used(changed, monkeypatch):
    def force():
        monkeypatch.setattr(snapshot_module, "_value_codes", lambda *args: None)
        return _nothing()

    assert_like_plain(changed, force)


def test_more_than_255_facet_values_fall_back_to_postings(tmp_path):
    catalogue = Catalogue(tmp_path / "search", groups=300)
    with catalogue.searcher() as searcher:
        leaves = list(searcher.reader().leaf_readers())
        assert snapshot_module._value_codes(leaves, "group") is None  # too many for a byte
        assert snapshot_module._value_codes(leaves, "sentra") is not None
    assert_like_plain(catalogue)
    catalogue.change({301: None, 7: "Cincin Perak Baru"}, delete=(8,))
    assert_like_plain(catalogue)


class _PublicMatcher:
    """A postings matcher with only Whoosh's public interface."""

    def __init__(self, matcher) -> None:
        self._matcher = matcher

    def all_ids(self):
        return self._matcher.all_ids()


def test_postings_read_through_the_public_matcher(changed, monkeypatch):
    original = SegmentReader.postings

    @contextmanager
    def force():
        monkeypatch.setattr(SegmentReader, "postings", lambda self, fieldname, text, scorer=None:
                            _PublicMatcher(original(self, fieldname, text, scorer)))
        yield
        monkeypatch.setattr(SegmentReader, "postings", original)

    assert_like_plain(changed, force)


class _DeletedMethod:
    """A `deleted_docs_set` method: called for the set (and enough of a set for Whoosh)."""

    def __init__(self, docnums) -> None:
        self._docnums = frozenset(docnums)

    def __call__(self) -> frozenset[int]:
        return self._docnums

    def __contains__(self, docnum: int) -> bool:
        return docnum in self._docnums

    def __bool__(self) -> bool:
        return bool(self._docnums)


def test_deleted_documents_given_by_a_method(changed, monkeypatch):
    # Other Whoosh versions make `deleted_docs_set` a method rather than a cached set.
    def force():
        monkeypatch.setattr(SegmentReader, "deleted_docs_set",
                            property(lambda self: _DeletedMethod(self._perdoc.deleted_docs())))
        return _nothing()

    assert_like_plain(changed, force)


def test_a_base_kept_across_commits_answers_like_a_fresh_one(catalogue):
    with catalogue.searcher() as searcher:
        before = Snapshot(searcher)
        searches(before)  # term sets cached in the base, as a busy worker has them
        catalogue.change({5: "Cincin Perak Ukir Bunga", 301: None}, delete=(20,))
        carried = assert_like_plain(catalogue, previous=before)
    assert carried.base is before.base and not carried.rebuilt


def test_a_base_rebuilt_when_the_tail_grew_too_large(catalogue, monkeypatch):
    with catalogue.searcher() as searcher:
        before = Snapshot(searcher)
    catalogue.change({5: "Cincin Perak Ukir Bunga", 301: None}, delete=(20,))
    monkeypatch.setattr(snapshot_module, "TAIL_MIN", 0)
    monkeypatch.setattr(snapshot_module, "TAIL_SHARE", 0)
    rebuilt = assert_like_plain(catalogue, previous=before)
    assert rebuilt.rebuilt and rebuilt.base is not before.base
