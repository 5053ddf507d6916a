"""The search index's analysers: Indonesian and English stems, folded accents and case."""

import pickle

import pytest

from marketplace.search.api import clean_query
from marketplace.search.synonyms import translations
from marketplace.search.whoosh.analysis import (
    SnowballFilter,
    english_analyzer,
    english_stem,
    indonesian_analyzer,
    indonesian_stem,
    words,
)
from marketplace.search.whoosh.query import query_words


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
