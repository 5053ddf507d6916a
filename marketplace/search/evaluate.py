"""Searching one snapshot of the documents: match, facets, order and pages, for both engines.

A *snapshot* (the `Documents` protocol below) gives each live document a rank in a static
order and answers which documents hold a word's terms, as sets: Python ints used as
bitmaps over the ranks. The Whoosh backend's snapshot reads its sets from Whoosh's
postings (search/whoosh/snapshot.py); the PostgreSQL backend's from the `search_documents`
table through its GIN index (search/postgres/snapshot.py). Everything after that is here,
so both rank alike.

Query text is never handed to a query parser: it is reduced to plain words, so quotes,
`*`, `:`, `NOT` and friends are just words (or nothing). `lexicon.word_groups` turns the
words into groups of alternatives (English translations, the shop's broad words); a word
the index has never seen and that is no known word gets its nearest index words instead
(unless the buyer asked for the exact words). Groups are matched as document sets (see
snapshot.py): all required groups of one or two; of three or more, `required_share` of
them; any one group if that finds nothing. Shopping words (`murah`, `asli`…) are never
required: they only rank up the products that carry them, and may set the order.

Relevance is a small integer per document. For each required word: the level where it
matched (10 a word of the name, 8 its stem, 6 a material or category, 4 a group or place
name, 2 the description; one less where a translation or what a broad word stands for
matched rather than the buyer's own word), times 20-80 for rarer words; half that for a
material (a "wooden mask" is a mask first), one and a half times for the word naming the
thing ("cangkir kopi" is a cup). +1000 per word found when not every word must match;
+ the level of each shopping word found. So the matches split into a few score bands, and
within a band the static order (in stock, featured, well-selling, short name, new) is the
bitmap's own bit order: the top of a page is read off the lowest set bits. A band's first
results take turns between sentra; a shopping word's order (`murah`: cheapest first)
replaces the static order in a band.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol

from marketplace.search.api import FACETS, SORTS, Hit, SearchRequest, SearchResult
from marketplace.search.lexicon import (
    is_known_word,
    required_share,
    result_order,
    word_groups,
)
from marketplace.search.ranking import (
    DIVERSE_POOL,
    FIELD_LEVELS,
    MatchGroup,
    level_score,
    take_turns,
    weight,
)
from marketplace.search.stemming import indonesian_stem
from marketplace.search.text import query_words

MAX_FUZZY_WORDS = 3
RESULT_CACHE = 256
LEVELS = FIELD_LEVELS


class Documents(Protocol):
    """One generation of a backend's documents, as the evaluator reads it."""

    all: int  # the live documents
    size: int  # ranks in use (live or not)
    facets: dict[str, dict[str, int]]  # facet -> value -> documents
    lock: object  # guards `results`
    results: OrderedDict  # SearchRequest -> SearchResult, for this generation

    def word_levels(self, word: str) -> tuple[int, ...]:
        """Per field level (name, stem, tags, place, description), the documents where the
        word first reaches it."""

    def near_words(self, word: str) -> list[str]:
        """Name and place words near a misspelt word, best first."""

    def in_static_order(self, bitmap: int, skip: int, limit: int) -> list[int]: ...

    def sorted_page(self, bitmap: int, sort: str, skip: int, limit: int) -> list[int]: ...

    def sentra_of(self, rank: int) -> str: ...

    def hits(self, ranks: list[int], stems: frozenset[str]) -> list[Hit]:
        """The result cards of these ranks, in order, their snippets marked for `stems`."""


# --- matching ----------------------------------------------------------------------------
def _groups(query_words: list[str]) -> list[MatchGroup]:
    return [MatchGroup.of(group) for group in word_groups(query_words)]


def _alternative_levels(snapshot: Documents, alternative: tuple[str, ...]) -> tuple[int, ...]:
    """Levels of a several-word alternative: a level holds where every word reaches it."""
    per_word = [snapshot.word_levels(word) for word in alternative]
    if len(per_word) == 1:
        return per_word[0]
    levels, seen = [], 0
    reach = [snapshot.all] * LEVELS
    for word_levels in per_word:
        upto = 0
        for i, bitmap in enumerate(word_levels):
            upto |= bitmap
            reach[i] &= upto
    for bitmap in reach:
        levels.append(bitmap & ~seen)
        seen |= bitmap
    return tuple(levels)


def _resolve(snapshot: Documents, group: MatchGroup) -> None:
    merged = [0] * (2 * LEVELS)
    for n, alternative in enumerate(group.alternatives):
        shift = 0 if n < group.literal else 1
        for i, bitmap in enumerate(_alternative_levels(snapshot, alternative)):
            merged[2 * i + shift] |= bitmap
    seen = ~snapshot.all  # term sets may still hold deleted documents
    levels = []
    for bitmap in merged:
        levels.append(bitmap & ~seen)
        seen |= bitmap
    group.levels = tuple(levels)


def _score_bands(snapshot: Documents, groups: list[MatchGroup], matches: int,
                 count_words: bool) -> list[int]:
    """`matches` split into bitmaps of equal score, best first."""
    bands: dict[int, int] = {0: matches}
    for group in groups:
        step = weight(group, snapshot.size, group.any.bit_count())
        # a word that matches counts 1000 when not all must: more words found wins
        bonus = 1000 if count_words and group.required else 0
        new: dict[int, int] = {}
        for score, bitmap in bands.items():
            rest = bitmap
            for i, part in enumerate(group.levels):
                hit = rest & part
                if hit:
                    key = score + bonus + level_score(i) * step
                    new[key] = new.get(key, 0) | hit
                    rest &= ~part
            if rest:
                new[score] = new.get(score, 0) | rest
        bands = new
    return [bands[score] for score in sorted(bands, reverse=True)]


def _at_least(groups: list[MatchGroup], need: int, everything: int) -> int:
    """Documents matching at least `need` of the groups."""
    reach = [everything] + [0] * need  # reach[j]: documents matching j or more so far
    for group in groups:
        found = group.any
        for j in range(need, 0, -1):
            reach[j] |= reach[j - 1] & found
    return reach[need]


# --- order and pages -----------------------------------------------------------------------
def _relevance_page(snapshot: Documents, bands: list[int], skip: int, limit: int,
                    order: str | None = None) -> list[int]:
    """One page in score order; within a score band, `order` (a sort) or the static order."""
    page: list[int] = []
    for band in bands:
        count = band.bit_count()
        if skip >= count:
            skip -= count
            continue
        if order:
            page += snapshot.sorted_page(band, order, skip, limit - len(page))
        else:
            page += _taking_turns(snapshot, band, skip, limit - len(page))
        skip = 0
        if len(page) >= limit:
            break
    return page


def _taking_turns(snapshot: Documents, band: int, skip: int, limit: int) -> list[int]:
    """A page of one band: its top taking turns between sentra, then the static order."""
    pool = snapshot.in_static_order(band, 0, DIVERSE_POOL)
    queues: dict[str, list[int]] = {}
    for rank in pool:
        queues.setdefault(snapshot.sentra_of(rank), []).append(rank)
    if len(queues) <= 1:
        return snapshot.in_static_order(band, skip, limit)
    top = take_turns(list(queues.values()))
    if skip + limit <= len(top):
        return top[skip:skip + limit]
    taken = set(top)
    rest = [rank for rank in snapshot.in_static_order(band, 0, skip + limit + len(top))
            if rank not in taken]
    return (top + rest)[skip:skip + limit]


# --- the search ----------------------------------------------------------------------------
def run_search(snapshot: Documents, request: SearchRequest,
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


def _search(snapshot: Documents, request: SearchRequest) -> SearchResult:
    typed = query_words(request.q)
    corrections: dict[str, str] = {}
    groups = _groups(typed)
    fuzzy_budget = 0 if request.exact else MAX_FUZZY_WORDS
    for group in groups:
        _resolve(snapshot, group)
        if not group.any and fuzzy_budget and group.required \
                and group.alternatives == [(group.typed,)] and not is_known_word(group.typed):
            # A word the index has never seen and no dictionary knows: a typo, most
            # likely. Search its nearest index words instead, and say so on the page.
            fuzzy_budget -= 1
            near = snapshot.near_words(group.typed)
            if near:
                corrections[group.typed] = near[0]
                group.alternatives = [(word,) for word in near]
                group.literal = len(near)
                _resolve(snapshot, group)

    required = [group for group in groups if group.required]
    count_words = False
    if not typed:
        mode, matches = ("all", snapshot.all) if not request.q.strip() or request.filters() \
            else ("none", 0)
    elif not required:
        # Shopping words only ("murah", "hadiah"): what carries them, or everything when
        # they ask only for an order (or nothing carries them).
        matches = 0
        if not result_order(groups):
            for group in groups:
                matches |= group.any
        mode, matches = "and", matches or snapshot.all
    else:
        every = snapshot.all
        for group in required:
            every &= group.any
        need = required_share(len(required))
        matches = every if need == len(required) else _at_least(required, need, snapshot.all)
        count_words = need < len(required)
        mode = "and" if every else "or"
        if not matches:
            for group in required:
                matches |= group.any
            count_words = True
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
        bands = _score_bands(snapshot, groups, filtered, count_words=count_words)
        ranks = _relevance_page(snapshot, bands, skip, per_page, result_order(groups))
    else:
        ranks = snapshot.sorted_page(filtered, sort, skip, per_page)

    stems = frozenset(
        indonesian_stem(word)
        for group in groups
        for alternative in group.alternatives
        for word in alternative
    )
    hits = snapshot.hits(ranks, stems)
    suggestion = None
    if corrections:
        suggestion = " ".join(corrections.get(word, word) for word in typed)
    return SearchResult(
        hits=hits, total=total, page=page, per_page=per_page, facets=facets, words=typed,
        mode=mode, corrections=corrections, suggestion=suggestion,
    )


__all__ = ["RESULT_CACHE", "Documents", "run_search"]
