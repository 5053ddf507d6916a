"""The search index's analysers: Indonesian and English stems, folded accents and case."""

import pickle

import pytest

from marketplace.search.api import clean_query
from marketplace.search.lexicon import is_known_word, required_share, result_order, word_groups
from marketplace.search.stemming import STEM_EXCEPTIONS
from marketplace.search.synonyms import translations
from marketplace.search.text import query_words, words
from marketplace.search.whoosh.analysis import (
    SnowballFilter,
    english_analyzer,
    english_stem,
    indonesian_analyzer,
    indonesian_stem,
    plain_analyzer,
)


def _tokens(analyzer, text):
    return [token.text for token in analyzer(text)]


@pytest.mark.parametrize(
    "forms, stem",
    [
        (["anyaman", "menganyam", "dianyam"], "anyam"),
        (["ukiran", "diukir", "mengukir", "ukir"], "ukir"),
        (["pembelian", "membeli", "dibeli"], "beli"),
    ],
)
def test_indonesian_affixed_forms_share_one_stem(forms, stem):
    assert {indonesian_stem(form) for form in forms} == {stem}


def test_indonesian_analyzer_stems_lowercases_and_drops_common_words():
    tokens = _tokens(indonesian_analyzer(), "Tas ANYAMAN dan Ukiran dari Bali")
    assert tokens == ["tas", "anyam", "ukir", indonesian_stem("bali")]


@pytest.mark.parametrize(
    "word, stem", [("rings", "ring"), ("ring", "ring"), ("earrings", "earring"),
                   ("bracelets", "bracelet"), ("carving", "carv"), ("carved", "carv")]
)
def test_english_stems_match_singular_and_plural(word, stem):
    assert english_stem(word) == stem


def test_english_analyzer_reduces_plurals():
    assert _tokens(english_analyzer(), "Silver Rings") == ["silver", "ring"]


def test_accents_and_case_are_folded():
    assert words("Café KERÁMIK Ñusantara") == ["cafe", "keramik", "nusantara"]
    assert _tokens(indonesian_analyzer(), "Kerámik") == _tokens(indonesian_analyzer(), "keramik")


def test_filters_pickle_without_their_stemmer():
    # Whoosh pickles analyzers into the index: only the language name may go in.
    restored = pickle.loads(pickle.dumps(indonesian_analyzer()))  # noqa: S301 - our own bytes
    assert _tokens(restored, "menganyam") == ["anyam"]
    english = pickle.loads(pickle.dumps(SnowballFilter("english")))  # noqa: S301
    assert english == SnowballFilter("english")


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("  cangkir   keramik ", "cangkir keramik"),
        ("batik\x00tulis\x1b", "batik tulis"),
        ("perak\u200bcincin", "perak cincin"),
        ("x" * 10_000, "x" * 200),
        (None, ""),
    ],
)
def test_queries_are_cleaned_and_length_limited(raw, cleaned):
    assert clean_query(raw) == cleaned


@pytest.mark.parametrize(
    "query, expected",
    [
        ('NOT "cincin* perak:', ["not", "cincin", "perak"]),
        ("title:(batik OR tulis) AND -kain", ["title", "batik", "tulis", "kain"]),
        ("*", []),
        ("\ufffd\ufffd", []),
        ("cincin cincin perak", ["cincin", "perak"]),
    ],
)
def test_query_syntax_is_reduced_to_plain_words(query, expected):
    assert query_words(clean_query(query)) == expected


def test_english_phrases_translate_longest_first():
    assert translations(["hand", "drawn", "batik"], 0) == (2, ("tulis",))
    assert translations(["silver", "rings"], 1) == (1, ("cincin",))
    assert translations(["keramik"], 0) is None


def test_indexes_built_before_the_move_still_find_their_stemming_filter():
    # Whoosh pickled `marketplace.search.analysis.SnowballFilter` into older indexes.
    old = pickle.dumps(SnowballFilter("indonesian"), protocol=0).replace(
        b"marketplace.search.whoosh.analysis", b"marketplace.search.analysis")
    assert b"marketplace.search.analysis\n" in old
    assert pickle.loads(old) == SnowballFilter("indonesian")  # noqa: S301 - our own bytes


# --- stems that keep their meaning -------------------------------------------------------------
def test_every_reviewed_exception_gives_its_stem():
    for word, stem in STEM_EXCEPTIONS.items():
        assert indonesian_stem(word) == stem, word
    assert len(STEM_EXCEPTIONS) >= 40


@pytest.mark.parametrize("word, stem", [
    ("keranjang", "keranjang"), ("kemeja", "kemeja"), ("kepala", "kepala"),
    ("pesanan", "pesan"), ("pengemasan", "kemas"), ("keripiknya", "keripik"),
    ("perhiasan", "perhiasan"), ("kerajinan", "kerajinan"), ("perajin", "kerajinan"),
    ("pembatiknya", "batik"), ("pewarna", "warna"), ("terakota", "terakota"),
    ("selendang", "selendang"), ("menganyam", "anyam"), ("berlian", "berlian"),
    ("dinoyo", "dinoyo"), ("masakan", "masak"),
])
def test_prefix_cuts_that_would_change_the_meaning_are_not_made(word, stem):
    assert indonesian_stem(word) == stem


@pytest.mark.parametrize("text", [
    "Tas ANYAMAN dan Ukiran dari Bali", "Kerámik Dinoyo — glasir biru, Ø 20 cm",
    "Cincin perak_925 & emas; x a bb", "Straße Æther œuvre naïve café", "",
    "keripik-tempe 250g (isi 4)",
])
def test_python_words_are_what_the_whoosh_analyzer_indexes(text):
    assert words(text) == _tokens(plain_analyzer(), text)


# --- what the shop understands ---------------------------------------------------------------
@pytest.mark.parametrize("word, known", [
    ("murah", True), ("asli", True), ("kursi", True), ("sepeda", True), ("beautiful", True),
    ("bicycle", True), ("keramk", False), ("batk", False), ("cincn", False),
    ("keripk", False),
])
def test_known_words(word, known):
    assert is_known_word(word) is known


@pytest.mark.parametrize("required, need", [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (8, 6)])
def test_a_share_of_three_or_more_words_must_match(required, need):
    assert required_share(required) == need


def test_shopping_words_are_optional_and_may_set_the_order():
    batik, murah = word_groups(["batik", "murah"])
    assert batik.required and not murah.required
    assert murah.shopping.order == "price_asc"
    assert result_order([batik, murah]) == "price_asc"
    assert result_order(word_groups(["batik", "asli"])) is None


def test_broad_words_stand_for_their_products():
    (group,) = word_groups(["perhiasan"])
    assert {("cincin",), ("anting",), ("kalung",), ("gelang",), ("bros",)} \
        <= set(group.alternatives)
    assert group.broad


def test_the_word_naming_the_thing_weighs_more():
    cup, coffee = word_groups(["cangkir", "kopi"])
    assert cup.head and not coffee.head
    wooden, mask = word_groups(["wooden", "mask"])
    assert wooden.material and mask.head and not wooden.head
    assert ("topeng",) in mask.alternatives
