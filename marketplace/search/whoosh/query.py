"""Searching: the buyer's words against one index generation, with facets, order and pages.

Query text is never handed to a query parser: it is reduced to plain words, so quotes,
`*`, `:`, `NOT` and friends are just words (or nothing). Each word becomes a group of
alternatives (its English->Indonesian translations; its nearest index words if the index
has never seen it), matched as document sets (see snapshot.py): all groups first, any
group if that finds nothing.

Relevance is a small integer per document: for each query word 3 if it is a word of the
product's name, 2 if a stem of it is, 1 if it is found elsewhere, times 1-3 for rare
words (and +100 per word found, when not all words matched). So the matches split into a
few score bands, and within a band the static order is the bitmap's own bit order: the
top of a page is read off the lowest set bits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from marketplace.search.api import FACETS, SORTS, Hit, SearchRequest, SearchResult
from marketplace.search.synonyms import translations
from marketplace.search.whoosh.analysis import MIN_WORD, WORD_PATTERN, fold, indonesian_stem, words
from marketplace.search.whoosh.snapshot import Snapshot

MAX_WORDS = 8
MAX_FUZZY_WORDS = 3
RESULT_CACHE = 256


# --- matching ----------------------------------------------------------------------------
@dataclass
class _Group:
    """One query word (or dictionary phrase): its alternatives and what they match."""

    typed: str
    alternatives: list[tuple[str, ...]]
    levels: tuple[int, int, int] = (0, 0, 0)

    @property
    def any(self) -> int:
        return self.levels[0] | self.levels[1] | self.levels[2]


def _groups(query_words: list[str]) -> list[_Group]:
    """Query words with their English->Indonesian alternatives (longest phrase first)."""
    groups, i = [], 0
    while i < len(query_words):
        found = translations(query_words, i)
        if found:
            length, indonesian = found
            phrase = tuple(query_words[i:i + length])
            groups.append(_Group(" ".join(phrase), [phrase, *((w,) for w in indonesian)]))
            i += length
        else:
            groups.append(_Group(query_words[i], [(query_words[i],)]))
            i += 1
    return groups


def _alternative_levels(snapshot: Snapshot, alternative: tuple[str, ...]) -> tuple[int, int, int]:
    """Levels of a several-word alternative: a level holds where every word reaches it."""
    per_word = [snapshot.word_levels(word) for word in alternative]
    if len(per_word) == 1:
        return per_word[0]
    all_name = all_stem = every = snapshot.all
    for name, stem, elsewhere in per_word:
        all_name &= name
        all_stem &= name | stem
        every &= name | stem | elsewhere
    return all_name, all_stem & ~all_name, every & ~all_stem


def _resolve(snapshot: Snapshot, group: _Group) -> None:
    name = stem = elsewhere = 0
    for alternative in group.alternatives:
        a_name, a_stem, a_else = _alternative_levels(snapshot, alternative)
        name |= a_name
        stem |= a_stem
        elsewhere |= a_else
    live = snapshot.all  # term sets may still hold deleted documents
    name &= live
    stem &= live & ~name
    elsewhere &= live & ~(name | stem)
    group.levels = (name, stem, elsewhere)


def _weight(snapshot: Snapshot, bitmap: int) -> int:
    """1-3: rarer words count for more (a coarse inverse document frequency)."""
    df = bitmap.bit_count()
    if not df:
        return 1
    return max(1, min(3, 1 + int(math.log10(max(snapshot.size, 1) / df))))


def _score_bands(snapshot: Snapshot, groups: list[_Group], matches: int,
                 count_words: bool) -> list[int]:
    """`matches` split into bitmaps of equal score, best first."""
    bands: dict[int, int] = {0: matches}
    for group in groups:
        weight = _weight(snapshot, group.any)
        name, stem, elsewhere = group.levels
        # a word that matches counts 100 in OR mode: more words found always wins
        bonus = 100 if count_words else 0
        new: dict[int, int] = {}
        for score, bitmap in bands.items():
            rest = bitmap
            for level, part in ((3, name), (2, stem), (1, elsewhere)):
                hit = rest & part
                if hit:
                    key = score + bonus + level * weight
                    new[key] = new.get(key, 0) | hit
                    rest &= ~part
            if rest:
                new[score] = new.get(score, 0) | rest
        bands = new
    return [bands[score] for score in sorted(bands, reverse=True)]


# --- order and pages -----------------------------------------------------------------------
def _relevance_page(snapshot: Snapshot, bands: list[int], skip: int, limit: int) -> list[int]:
    """One page in score order; within a score band, the static order."""
    page: list[int] = []
    for band in bands:
        count = band.bit_count()
        if skip >= count:
            skip -= count
            continue
        page += snapshot.in_static_order(band, skip, limit - len(page))
        skip = 0
        if len(page) >= limit:
            break
    return page


# --- snippets ----------------------------------------------------------------------------
_WORD = re.compile(WORD_PATTERN)
_MARK = Markup("<mark>{}</mark>")


@lru_cache(maxsize=100_000)
def _stem_of(raw: str) -> str:
    word = fold(raw)
    return indonesian_stem(word) if len(word) >= MIN_WORD else ""


def snippet(text: str, stems: frozenset[str]) -> Markup:
    """The stored description excerpt with the query's words marked; always safe HTML.

    Each word of the excerpt is folded and stemmed as the index does (the stems are
    cached), so "diukir" is marked for the query "ukiran". Everything else is escaped.
    """
    if not text:
        return Markup("")
    if not stems:
        return escape(text)
    parts: list[Markup] = []
    last = 0
    for match in _WORD.finditer(text):
        if _stem_of(match.group()) in stems:
            parts.append(escape(text[last:match.start()]))
            parts.append(_MARK.format(match.group()))
            last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


# --- the search ----------------------------------------------------------------------------
def query_words(q: str) -> list[str]:
    """The plain words of a cleaned query, at most MAX_WORDS, without repeats."""
    seen: dict[str, None] = {}
    for word in words(q):
        seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


def run_search(snapshot: Snapshot, request: SearchRequest,
               cache_size: int = RESULT_CACHE) -> SearchResult:
    """Match, filter, count facets, order and page: one search against one generation.

    Results are kept per generation (the last `cache_size` requests): a repeated search
    costs a dict lookup, and any index commit starts a new generation with an empty cache.
    """
    if cache_size <= 0:
        return _search(snapshot, request)
    key = request
    with snapshot.lock:
        cached = snapshot.results.get(key)
        if cached is not None:
            snapshot.results.move_to_end(key)
            return cached
    result = _search(snapshot, request)
    with snapshot.lock:
        snapshot.results[key] = result
        while len(snapshot.results) > cache_size:
            snapshot.results.popitem(last=False)
    return result


def _search(snapshot: Snapshot, request: SearchRequest) -> SearchResult:
    typed = query_words(request.q)
    corrections: dict[str, str] = {}
    groups = _groups(typed)
    fuzzy_budget = MAX_FUZZY_WORDS
    for group in groups:
        _resolve(snapshot, group)
        if not group.any and fuzzy_budget and len(group.alternatives) == 1 \
                and len(group.alternatives[0]) == 1:
            # A word the index has never seen: a typo, most likely. Search its nearest
            # index words instead, and offer the best one as "did you mean".
            fuzzy_budget -= 1
            near = snapshot.near_words(group.typed)
            if near:
                corrections[group.typed] = near[0]
                group.alternatives = [(word,) for word in near]
                _resolve(snapshot, group)

    if not typed:
        mode, matches = ("all", snapshot.all) if not request.q.strip() or request.filters() \
            else ("none", 0)
    else:
        matches = snapshot.all
        for group in groups:
            matches &= group.any
        mode = "and"
        if not matches:
            mode = "or"
            for group in groups:
                matches |= group.any
        if not matches:
            mode = "none"

    filters = {name: snapshot.facets[name].get(value, 0)
               for name, value in request.filters().items()}
    filtered = matches
    for bitmap in filters.values():
        filtered &= bitmap
    total = filtered.bit_count()

    facets: dict[str, dict[str, int]] = {}
    for name in FACETS:
        base = matches
        for other, bitmap in filters.items():
            if other != name:
                base &= bitmap
        counts = {}
        if base:
            for value, bitmap in snapshot.facets[name].items():
                count = (base & bitmap).bit_count()
                if count:
                    counts[value] = count
        facets[name] = counts

    per_page = request.per_page
    pages = max(1, -(-total // per_page))
    page = min(max(request.page, 1), pages)
    skip = (page - 1) * per_page
    sort = request.sort if request.sort in SORTS else "relevance"
    if sort == "relevance" and mode not in ("and", "or"):
        sort = "newest"
    if not filtered:
        ranks: list[int] = []
    elif sort == "relevance":
        bands = _score_bands(snapshot, groups, filtered, count_words=mode == "or")
        ranks = _relevance_page(snapshot, bands, skip, per_page)
    else:
        ranks = snapshot.sorted_page(filtered, sort, skip, per_page)

    stems = frozenset(
        indonesian_stem(word)
        for group in groups
        for alternative in group.alternatives
        for word in alternative
    )
    hits = [_hit(snapshot, rank, stems) for rank in ranks]
    suggestion = None
    if corrections:
        suggestion = " ".join(corrections.get(word, word) for word in typed)
    return SearchResult(
        hits=hits, total=total, page=page, per_page=per_page, facets=facets, words=typed,
        mode=mode, corrections=corrections, suggestion=suggestion,
    )


def _hit(snapshot: Snapshot, rank: int, stems: frozenset[str]) -> Hit:
    stored = snapshot.searcher.stored_fields(snapshot.docnum(rank))
    return Hit(
        id=int(stored["id"]),
        slug=stored["slug"],
        name=stored["name"],
        price=int(stored["price"]),
        stock=int(stored.get("stock") or 0),
        group_slug=stored.get("group", ""),
        group_name=stored.get("group_name", ""),
        regency=stored.get("regency", ""),
        cover_key=stored.get("cover_key"),
        sentra_name=stored.get("sentra_name", ""),
        snippet=snippet(stored.get("snippet", ""), stems),
    )


__all__ = ["RESULT_CACHE", "Snapshot", "query_words", "run_search", "snippet"]
