"""Searching `search_documents`: the same matching, scores, facets, order and pages as Whoosh.

The rules are the Whoosh backend's (search/whoosh/query.py), written as SQL: each word
group becomes, per level, a tsquery of the terms that reach it (search/postgres/terms.py);
a document's score for the group is the first level it reaches (a CASE over `@@`), times
the group's weight; the GIN index on `terms` finds the candidates. One statement returns
the facet counts (GROUPING SETS, each facet counted under the other filters) and the
ranked window of results; the cards of the page are read by id. What needs no database
(bands, sentra taking turns) is the same Python as Whoosh's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from marketplace.search.api import FACETS, SORTS, Hit, SearchRequest, SearchResult
from marketplace.search.lexicon import (
    is_known_word,
    required_share,
    result_order,
    word_groups,
)
from marketplace.search.postgres.terms import LEVEL_PREFIXES, all_word_terms, word_terms
from marketplace.search.ranking import (
    DIVERSE_POOL,
    MatchGroup,
    level_score,
    take_turns,
    weight,
)
from marketplace.search.stemming import indonesian_stem
from marketplace.search.text import query_words, snippet

MAX_FUZZY_WORDS = 3
FUZZY_ALTERNATIVES = 3
TRIGRAM_THRESHOLD = 0.2
LEVELS = len(LEVEL_PREFIXES)


# --- tsqueries ---------------------------------------------------------------------------
def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _or(parts: list[str]) -> str:
    parts = [part for part in parts if part]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _and(parts: list[str]) -> str:
    if any(not part for part in parts):
        return ""
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def _reach(alternative: tuple[str, ...], level: int) -> str:
    """The alternative reaches `level` where each of its words reaches it or a better one."""
    return _and([
        _or([_quote(term) for upto in range(level + 1) for term in word_terms(word, upto)])
        for word in alternative
    ])


def _level_queries(group: MatchGroup) -> list[str]:
    """Per score level (2 per field: the buyer's words, then the rest), its tsquery."""
    found = []
    for level in range(LEVELS):
        for literal in (True, False):
            chosen = group.alternatives[:group.literal] if literal \
                else group.alternatives[group.literal:]
            found.append(_or([_reach(alternative, level) for alternative in chosen]))
    return found


def _any_query(group: MatchGroup) -> str:
    return _or([_reach(alternative, LEVELS - 1) for alternative in group.alternatives])


# --- the search ----------------------------------------------------------------------------
def run_search(session: Session, request: SearchRequest) -> SearchResult:
    typed = query_words(request.q)
    groups = [MatchGroup.of(group) for group in word_groups(typed)]
    size = _size(session)
    _estimate(session, groups)
    corrections: dict[str, str] = {}
    if not request.exact:
        budget = MAX_FUZZY_WORDS
        for group in groups:
            if budget and group.required and not group.df \
                    and group.alternatives == [(group.typed,)] \
                    and not is_known_word(group.typed):
                budget -= 1
                near = near_words(session, group.typed)
                if near:
                    corrections[group.typed] = near[0]
                    group.alternatives = [(word,) for word in near]
                    group.literal = len(near)
        if corrections:
            _estimate(session, [g for g in groups if g.typed in corrections])

    required = [group for group in groups if group.required]
    sort = request.sort if request.sort in SORTS else "relevance"
    if not typed:
        if request.q.strip() and not request.filters():
            return _empty(request, typed, "none", corrections)
        plan = _Plan("all", match=None, need=0, count_words=False)
    elif not required:
        order_only = result_order(groups) is not None
        match = None if order_only else _or([_any_query(g) for g in groups])
        plan = _Plan("and", match=match, need=0, count_words=False, fallback_all=True)
    else:
        need = required_share(len(required))
        if need == len(required):
            plan = _Plan("and", match=_and([_any_query(g) for g in required]), need=0,
                         count_words=False)
        else:
            plan = _Plan("share", match=_or([_any_query(g) for g in required]), need=need,
                         count_words=True)
    if sort == "relevance" and plan.mode not in ("and", "or", "share"):
        sort = "newest"

    found = _run(session, request, groups, required, plan, size, sort)
    if found is None and plan.mode in ("and", "share") and required:
        plan = _Plan("or", match=_or([_any_query(g) for g in required]), need=0,
                     count_words=True)
        found = _run(session, request, groups, required, plan, size, sort)
    if found is None and plan.fallback_all:
        plan = _Plan("and", match=None, need=0, count_words=False)
        found = _run(session, request, groups, required, plan, size, sort)
    if found is None:
        return _empty(request, typed, "none", corrections)
    facets, total, every, window = found
    mode = plan.mode
    if mode == "share":
        mode = "and" if every else "or"

    per_page = request.per_page
    pages = max(1, -(-total // per_page))
    page = min(max(request.page, 1), pages)
    skip = (page - 1) * per_page
    if sort == "relevance" and not result_order(groups):
        ids = _taking_turns(window, skip, per_page)
    else:
        ids = [row[0] for row in window[skip:skip + per_page]]
    stems = frozenset(indonesian_stem(word) for group in groups
                      for alternative in group.alternatives for word in alternative)
    hits = _cards(session, ids, stems)
    suggestion = " ".join(corrections.get(word, word) for word in typed) if corrections \
        else None
    return SearchResult(hits=hits, total=total, page=page, per_page=per_page, facets=facets,
                        words=typed, mode=mode, corrections=corrections, suggestion=suggestion)


@dataclass
class _Plan:
    mode: str  # all | and | share | or
    match: str | None  # the tsquery candidates must match; None: every document
    need: int  # share mode: required groups a document must reach
    count_words: bool  # +1000 per word found
    fallback_all: bool = False  # shopping words only: everything when nothing carries them


def _empty(request: SearchRequest, typed: list[str], mode: str,
           corrections: dict[str, str]) -> SearchResult:
    return SearchResult(hits=[], total=0, page=1, per_page=request.per_page,
                        facets={name: {} for name in FACETS}, words=typed, mode=mode,
                        corrections=corrections, suggestion=None)


def _size(session: Session) -> int:
    """How many documents there are (the planner's estimate, exact for small tables)."""
    estimate = session.scalar(text(
        "SELECT reltuples::bigint FROM pg_class WHERE oid = 'search_documents'::regclass"))
    if estimate is None or estimate < 10_000:
        return session.scalar(text("SELECT count(*) FROM search_documents")) or 0
    return int(estimate)


def _estimate(session: Session, groups: list[MatchGroup]) -> None:
    """Each group's document count, from the counted terms: the largest of its terms."""
    terms = {group.typed: [t for alternative in group.alternatives for w in alternative
                           for t in all_word_terms(w)] for group in groups}
    wanted = sorted({t for found in terms.values() for t in found})
    if not wanted:
        return
    counts = dict(session.execute(
        text("SELECT term, documents FROM search_terms WHERE term = ANY(:terms)"),
        {"terms": wanted}).all())
    for group in groups:
        group.df = max((counts.get(t, 0) for t in terms[group.typed]), default=0)


def near_words(session: Session, word: str) -> list[str]:
    """Name and place words within 1 (short words) or 2 edits, nearest and commonest first:
    only those at the nearest distance found, as the Whoosh backend."""
    maxdist = 1 if len(word) <= 5 else 2
    session.execute(text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"),
                    {"t": str(TRIGRAM_THRESHOLD)})
    rows = session.execute(text(
        "SELECT word, levenshtein(word, :w) AS distance FROM search_words "
        "WHERE word % :w AND left(word, 1) = left(:w, 1) AND word <> :w "
        "AND levenshtein(word, :w) <= :maxdist "
        "ORDER BY distance, documents DESC, word LIMIT 20"),
        {"w": word, "maxdist": maxdist}).all()
    if not rows:
        return []
    nearest = rows[0].distance
    return [row.word for row in rows if row.distance == nearest][:FUZZY_ALTERNATIVES]


def _filters(request: SearchRequest) -> tuple[dict[str, str], dict]:
    """Per facet, its SQL condition (TRUE when not filtered), and the parameters."""
    conditions, params = {}, {}
    for name, column in (("sentra", "sentra"), ("group", "group_slug"),
                         ("price", "price_band")):
        value = getattr(request, name)
        conditions[name] = f"{column} = :f_{name}" if value else "TRUE"
        if value:
            params[f"f_{name}"] = value
    if request.category:
        conditions["category"] = "(category = :f_category OR category_top = :f_category)"
        params["f_category"] = request.category
    else:
        conditions["category"] = "TRUE"
    return conditions, params


_STATIC = "boost DESC, name_len, created DESC, product_id"
_ORDERS = {"price_asc": "price, " + _STATIC, "price_desc": "price DESC, " + _STATIC,
           "newest": "created DESC, " + _STATIC}


def _run(session: Session, request: SearchRequest, groups: list[MatchGroup],
         required: list[MatchGroup], plan: _Plan, size: int, sort: str):
    """(facets, total, whether a document matched every required word, the ranked window
    of (id, score, sentra)), or None when nothing matches (before filters)."""
    params: dict = {}
    score_columns, score_terms, reached = [], [], []
    if sort == "relevance" or plan.need:
        for n, group in enumerate(groups):
            cases = []
            for level, query in enumerate(_level_queries(group)):
                if query:
                    params[f"q{n}_{level}"] = query
                    cases.append(f"WHEN d.terms @@ CAST(:q{n}_{level} AS tsquery) "
                                 f"THEN {level_score(level)}")
            column = f"(CASE {' '.join(cases)} ELSE 0 END)" if cases else "0"
            score_columns.append(f"{column} AS s{n}")
            step = weight(group, size, group.df)
            bonus = 1000 if plan.count_words and group.required else 0
            score_terms.append(f"s{n} * {step}" + (f" + (s{n} > 0)::int * {bonus}"
                                                     if bonus else ""))
            if group.required:
                reached.append(f"(s{n} > 0)::int")
    where = ""
    if plan.match is not None:
        params["match"] = plan.match
        where = "WHERE d.terms @@ CAST(:match AS tsquery)"
    nmatch = " + ".join(reached) if reached else "0"
    score = " + ".join(score_terms) if score_terms else "0"
    conditions, filter_params = _filters(request)
    params.update(filter_params)
    all_filters = " AND ".join(conditions.values())

    def others(name: str) -> str:
        return " AND ".join(c for facet, c in conditions.items() if facet != name)

    per_page = request.per_page
    window = max(1, request.page) * per_page + (DIVERSE_POOL if sort == "relevance" else 0)
    order = "score DESC, " + (_ORDERS[result_order(groups)] if result_order(groups)
                              else _STATIC) if sort == "relevance" else _ORDERS[sort]
    share = f"WHERE nmatch >= {plan.need}" if plan.need else ""
    sql = f"""
        WITH scored AS MATERIALIZED (
            SELECT d.product_id, d.sentra, d.category, d.category_top, d.group_slug,
                   d.price_band, d.price, d.created, d.name_len, d.boost
                   {''.join(', ' + c for c in score_columns)}
            FROM search_documents d {where}
        ), m AS (
            SELECT *, ({score}) AS score, ({nmatch}) AS nmatch FROM scored
        ), matched AS MATERIALIZED (
            SELECT * FROM m {share}
        ), facets AS (
            SELECT sentra, category, category_top, group_slug, price_band,
                   count(*) AS matched,
                   count(*) FILTER (WHERE {others('sentra')}) AS for_sentra,
                   count(*) FILTER (WHERE {others('category')}) AS for_category,
                   count(*) FILTER (WHERE {others('group')}) AS for_group,
                   count(*) FILTER (WHERE {others('price')}) AS for_price,
                   count(*) FILTER (WHERE {all_filters}) AS total,
                   max(nmatch) AS best
            FROM matched
            GROUP BY GROUPING SETS ((sentra), (category, category_top), (group_slug),
                                    (price_band), ())
        ), ranked AS (
            SELECT product_id, score, sentra FROM matched WHERE {all_filters}
            ORDER BY {order} LIMIT :window
        )
        SELECT (SELECT json_agg(facets) FROM facets) AS facets,
               (SELECT json_agg(json_build_array(product_id, score, sentra)) FROM ranked)
                   AS ranked
    """  # noqa: S608 - constants and bound parameters only
    params["window"] = window
    row = session.execute(text(sql), params).one()
    facet_rows = row.facets if isinstance(row.facets, list) else json.loads(row.facets or "[]")
    if not facet_rows:
        return None
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total, best, matched = 0, 0, 0
    for entry in facet_rows:
        if entry["sentra"] is not None:
            _add(facets["sentra"], entry["sentra"], entry["for_sentra"])
        elif entry["group_slug"] is not None:
            _add(facets["group"], entry["group_slug"], entry["for_group"])
        elif entry["price_band"] is not None:
            _add(facets["price"], entry["price_band"], entry["for_price"])
        elif entry["category"] is not None:
            _add(facets["category"], entry["category_top"], entry["for_category"])
            if entry["category"] != entry["category_top"]:
                _add(facets["category"], entry["category"], entry["for_category"])
        else:
            total, best, matched = entry["total"], entry["best"] or 0, entry["matched"]
    if not matched:
        return None
    ranked = row.ranked if isinstance(row.ranked, list) else json.loads(row.ranked or "[]")
    return facets, total, best == len(required), ranked or []


def _add(counts: dict[str, int], value: str, count: int) -> None:
    if count:
        counts[value] = counts.get(value, 0) + count


def _taking_turns(window: list, skip: int, limit: int) -> list[int]:
    """The page of a relevance-ordered window: in each score band, its first results taking
    turns between sentra (ranking.take_turns), the rest in order; as the Whoosh backend."""
    ordered: list[int] = []
    start = 0
    need = skip + limit
    while start < len(window) and len(ordered) < need:
        score = window[start][1]
        end = start
        while end < len(window) and window[end][1] == score:
            end += 1
        band = window[start:end]
        queues: dict[str, list[int]] = {}
        for product_id, _score, sentra in band[:DIVERSE_POOL]:
            queues.setdefault(sentra, []).append(product_id)
        if len(queues) <= 1:
            ordered += [row[0] for row in band]
        else:
            top = take_turns(list(queues.values()))
            taken = set(top)
            ordered += top + [row[0] for row in band if row[0] not in taken]
        start = end
    return ordered[skip:need]


def _cards(session: Session, ids: list[int], stems: frozenset[str]) -> list[Hit]:
    if not ids:
        return []
    rows = {row.product_id: row for row in session.execute(text(
        "SELECT product_id, slug, name, price, stock, group_slug, group_name, regency, "
        "cover_key, sentra_name, snippet, village FROM search_documents "
        "WHERE product_id = ANY(:ids)"), {"ids": ids})}
    return [
        Hit(id=row.product_id, slug=row.slug, name=row.name, price=int(row.price),
            stock=int(row.stock), group_slug=row.group_slug, group_name=row.group_name,
            regency=row.regency, cover_key=row.cover_key, sentra_name=row.sentra_name,
            snippet=snippet(row.snippet, stems), village=row.village)
        for row in (rows.get(pid) for pid in ids) if row is not None
    ]
