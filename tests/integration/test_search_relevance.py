"""Searching the demo catalogue: relevance, both languages, typos, facets that match SQL."""

import pytest
from sqlalchemy import select

from marketplace.catalog.models import Category, ProducerGroup, Product, Sentra
from marketplace.catalog.services import visible_products
from marketplace.kernel.extensions import db
from marketplace.search.documents import PRICE_BANDS


def visible_rows():
    """Every visible product with its sentra, category, parent category and group."""
    return db.session.execute(
        visible_products()
        .join(ProducerGroup.sentra)
        .join(Product.category)
        .with_only_columns(Product.id, Product.name, Product.price, Product.created_at,
                           Sentra.slug.label("sentra"), ProducerGroup.slug.label("group"),
                           Category.slug.label("category"), Category.parent_id)
    ).all()


def category_slugs(row) -> set[str]:
    parent = db.session.scalar(select(Category.slug).where(Category.id == row.parent_id)) \
        if row.parent_id else None
    return {row.category} | ({parent} if parent else set())


def band_of(price: int) -> str:
    return next(b.key for b in PRICE_BANDS
                if price >= b.low and (b.high is None or price < b.high))


def ids(result) -> set[int]:
    return {hit.id for hit in result.hits}


# --- relevance -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    ["Cincin Perak Tekstur Palu", "Kain Batik Tulis Koro Renteng",
     "Keripik Tempe Pedas Balado 250 g", "Topeng Malangan Klana Sewandana",
     "Mangkuk Sup Keramik Biru Putih 15 cm"],
)
def test_an_exact_product_name_ranks_first(demo_search, name):
    assert demo_search(name).hits[0].name == name


def test_a_sentra_name_finds_that_sentras_products(demo_search):
    celuk = {row.id for row in visible_rows() if row.sentra == "perak-celuk"}
    result = demo_search("celuk")
    assert ids(result) == celuk
    result = demo_search("Sentra IKM Perak Celuk")
    assert ids(result) >= celuk
    assert {hit.id for hit in result.hits[:len(celuk)]} == celuk


def test_a_village_or_regency_finds_its_products(demo_search):
    mojokerto = {row.id for row in visible_rows() if row.sentra == "batik-mojokerto"}
    assert ids(demo_search("mojokerto")) >= mojokerto
    assert demo_search("batik tulis mojokerto").hits[0].regency == "Kota Mojokerto"


# --- Indonesian and English ------------------------------------------------------------
@pytest.mark.parametrize(
    "query, expected",
    [
        ("menganyam", "Kap Lampu Anyaman Bambu 40 cm"),
        ("anyaman", "Kap Lampu Anyaman Bambu 40 cm"),
        ("ukiran", "Relief Kayu Ukir Candi Singosari 40 x 30 cm"),
        ("diukir", "Bokor Perak Ukir Patra 10 cm"),
        ("KERAMIK", "Mangkuk Ramen Keramik 18 cm"),
        ("kerámik", "Mangkuk Ramen Keramik 18 cm"),
    ],
)
def test_indonesian_affixes_accents_and_case_still_match(demo_search, query, expected):
    assert expected in {hit.name for hit in demo_search(query).hits}


@pytest.mark.parametrize(
    "query, word",
    [("silver ring", "Cincin Perak"), ("silver rings", "Cincin Perak"),
     ("earrings", "Anting"), ("bracelet", "Gelang"), ("ceramic cup", "Cangkir"),
     ("spicy tempe chips", "Keripik Tempe Pedas"), ("wooden mask", "Topeng"),
     ("hand-drawn batik", "Batik Tulis"), ("coffee", "Kopi"), ("bamboo basket", "Keranjang")],
)
def test_english_queries_find_the_indonesian_products(demo_search, query, word):
    hits = demo_search(query).hits
    assert hits and word in hits[0].name, [hit.name for hit in hits[:3]]


@pytest.mark.parametrize(
    "typo, correction, word",
    [("keramick", "keramik", "Keramik"), ("batk", "batik", "Batik"),
     ("cincn perak", "cincin perak", "Cincin"), ("keripk tempe", "keripik tempe", "Keripik")],
)
def test_misspelled_words_still_find_products_and_suggest_the_right_word(
        demo_search, typo, correction, word):
    result = demo_search(typo)
    assert result.total and word in result.hits[0].name
    assert result.suggestion == correction


def test_no_match_at_all_gives_an_empty_result_not_an_error(demo_search):
    result = demo_search("qwxzv")
    assert (result.total, result.hits, result.mode) == (0, [], "none")


def test_all_words_first_then_any_word(demo_search):
    both = demo_search("cincin perak")
    assert both.mode == "and"
    assert all("Cincin" in hit.name for hit in both.hits)
    some = demo_search("cincin xylofon")
    assert some.mode == "or" and some.total


# --- facets ----------------------------------------------------------------------------
def test_facet_counts_equal_the_databases_counts(demo_search):
    rows = visible_rows()
    result = demo_search("")
    assert result.total == len(rows)
    expected = {"sentra": {}, "group": {}, "category": {}, "price": {}}
    for row in rows:
        for name, value in (("sentra", row.sentra), ("group", row.group),
                            ("price", band_of(row.price))):
            expected[name][value] = expected[name].get(value, 0) + 1
        for slug in category_slugs(row):
            expected["category"][slug] = expected["category"].get(slug, 0) + 1
    assert result.facets == expected


def test_facet_counts_of_a_query_count_its_matches(demo_search):
    result = demo_search("perak")
    by_group = {}
    for hit in result.hits:
        by_group[hit.group_slug] = by_group.get(hit.group_slug, 0) + 1
    assert result.facets["group"] == by_group
    assert sum(result.facets["price"].values()) == result.total


def test_every_facet_value_filters_exactly_its_products(demo_search):
    rows = visible_rows()
    facets = demo_search("").facets
    checked = 0
    for name, values in facets.items():
        for value in values:
            if name == "category":
                expected = {row.id for row in rows if value in category_slugs(row)}
            elif name == "price":
                expected = {row.id for row in rows if band_of(row.price) == value}
            else:
                expected = {row.id for row in rows if getattr(row, name) == value}
            result = demo_search("", **{name: value})
            assert ids(result) == expected, (name, value)
            assert result.total == facets[name][value] == len(expected)
            checked += 1
    # "Perak & Logam", "Batik & Tekstil": names a keyword field would have split
    assert {"perak-logam", "batik-tekstil", "keripik-camilan"} <= set(facets["category"])
    assert checked >= 40


def test_filters_combine(demo_search):
    rows = visible_rows()
    result = demo_search("", sentra="kendedes-singosari", category="makanan-olahan",
                         price="under-50000")
    expected = {row.id for row in rows if row.sentra == "kendedes-singosari"
                and "makanan-olahan" in category_slugs(row) and row.price < 50_000}
    assert expected and ids(result) == expected
    # each facet counts under the *other* filters, so a buyer can switch a value
    assert result.facets["price"]["under-50000"] == len(expected)
    assert sum(result.facets["price"].values()) > len(expected)


def test_an_unknown_filter_value_matches_nothing(demo_search):
    assert demo_search("batik", sentra="tidak-ada").total == 0


# --- order and pages ---------------------------------------------------------------------
@pytest.mark.parametrize("sort", ["price_asc", "price_desc", "newest"])
def test_sorting(demo_search, sort):
    rows = {row.id: row for row in visible_rows()}
    hits = demo_search("keramik", sort=sort).hits
    assert len(hits) > 5
    keys = {"price_asc": lambda h: rows[h.id].price, "price_desc": lambda h: -rows[h.id].price,
            "newest": lambda h: -rows[h.id].created_at.timestamp()}[sort]
    assert [keys(h) for h in hits] == sorted(keys(h) for h in hits)


def test_pages_split_the_results_without_gaps_or_repeats(demo_search):
    everything = demo_search("keramik")
    last = -(-everything.total // 7)
    assert last >= 3
    pages = [demo_search("keramik", page=n, per_page=7) for n in range(1, last + 1)]
    seen = [hit.id for page in pages for hit in page.hits]
    assert seen == [hit.id for hit in everything.hits]
    past_the_end = demo_search("keramik", page=999, per_page=7)
    assert past_the_end.page == last and past_the_end.hits == pages[-1].hits


# --- what is never shown ---------------------------------------------------------------
@pytest.mark.parametrize("query", ["", "pot", "draf", "diarsipkan", "tanah merah", "kendi"])
def test_hidden_products_never_appear(demo_search, query):
    hidden = set(db.session.scalars(
        select(Product.id).where(Product.id.not_in(visible_products().with_only_columns(
            Product.id)))))
    assert len(hidden) >= 3  # a draft, an archived listing, a pending group's listing
    assert not ids(demo_search(query)) & hidden


def test_snippets_mark_the_words_searched_and_escape_the_rest(demo_search):
    hit = demo_search("glasir").hits[0]
    assert "<mark>" in hit.snippet
    assert "<script" not in hit.snippet
