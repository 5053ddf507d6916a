"""Snowball stems of single words, per language: no search engine involved.

The synonyms look English words up by their stem; the Whoosh analyzers stem every token
with the same functions, so both agree on what a word's stem is.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

_local = threading.local()


def _stemmer(language: str):
    """One Snowball stemmer per thread and language (they keep state while stemming)."""
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = snowballstemmer.stemmer(language)
    return stemmer


@lru_cache(maxsize=200_000)
def stem(language: str, word: str) -> str:
    """`word` (lower case) stemmed by the Snowball algorithm for `language`."""
    return _stemmer(language).stemWord(word)


def indonesian_stem(word: str) -> str:
    return stem("indonesian", word)


def english_stem(word: str) -> str:
    return stem("english", word)
