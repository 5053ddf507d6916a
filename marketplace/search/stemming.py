"""Stems of single words, per language, that keep a word's meaning: no search engine involved.

Both backends and the synonyms stem every word with these functions, so they all agree on
what a word's stem is.

Snowball's Indonesian algorithm strips prefixes as well as suffixes, and on the nouns of a
shop many of its prefix cuts land on another word: `keranjang` (basket) -> `ranjang`
(bed), `kemeja` (shirt) -> `meja` (table), `perhiasan` (jewellery) -> `hias` (decorate),
`pengemasan` (packing) -> `emas` (gold), `pesanan` (order) -> `sanan` (the tempe village).
So `indonesian_stem` is Snowball with two guards:

1. a reviewed exception list (`STEM_EXCEPTIONS`, in marketplace/search/data/stem-exceptions.txt)
   names the stem of words whose meaning a cut would change, or says "keep as is";
2. a word beginning `ke-`, `pe-`, `se-` or `te-` keeps its prefix (only suffixes go), because
   nearly every such word a buyer types is itself a root (`keripik`, `kendi`, `kelapa`,
   `terakota`, `selendang`, `perak`); the derived words worth joining (`pewarna` and
   `warna`, `pembatik` and `batik`) are listed in the exceptions.
`me-`, `di-` and `ber-` words (verbs: `menganyam`, `diukir`, `berukir`) are cut as Snowball
cuts them.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources

import snowballstemmer

_local = threading.local()
_GUARDED_PREFIXES = ("ke", "pe", "se", "te")
# Suffixes a guarded word may still lose (particles and possessives, then -kan/-an/-i).
_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")


def _load_exceptions() -> dict[str, str]:
    """word -> stem, from the reviewed list: `word stem` per line, or `word` alone (kept)."""
    text = resources.files("marketplace.search").joinpath("data/stem-exceptions.txt").read_text(
        encoding="utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        found[parts[0]] = parts[1] if len(parts) > 1 else parts[0]
    return found


STEM_EXCEPTIONS: dict[str, str] = _load_exceptions()


def _stemmer(language: str):
    """One Snowball stemmer per thread and language (they keep state while stemming)."""
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = snowballstemmer.stemmer(language)
    return stemmer


def _strip_suffixes(word: str) -> str:
    """Particles and possessives only: `keripiknya` -> `keripik`, `kendilah` -> `kendi`."""
    for group in (_PARTICLES, _POSSESSIVES):
        for suffix in group:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
    return word


@lru_cache(maxsize=200_000)
def stem(language: str, word: str) -> str:
    """`word` (lower case) stemmed for `language`, with the guards above for Indonesian."""
    if language != "indonesian":
        return _stemmer(language).stemWord(word)
    known = STEM_EXCEPTIONS.get(word)
    if known is not None:
        return known
    if word.startswith(_GUARDED_PREFIXES):
        bare = _strip_suffixes(word)
        return STEM_EXCEPTIONS.get(bare, bare)
    return _stemmer(language).stemWord(word)


def indonesian_stem(word: str) -> str:
    return stem("indonesian", word)


def english_stem(word: str) -> str:
    return stem("english", word)
