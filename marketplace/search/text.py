"""Words of a text as every backend sees them: tokens, case and accent folding, snippets.

The Whoosh analyzers (search/whoosh/analysis.py) are built from the same pattern, fold
table and stop words, so `words(text)` is exactly what Whoosh indexes before stemming; the
PostgreSQL backend analyses with these functions alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

from marketplace.search.stemming import indonesian_stem

# Words so common in both languages that requiring them would only lose matches.
STOP_WORDS = frozenset(
    # Indonesian
    "dan di ke dari yang untuk dengan atau ini itu pada juga per "
    # English
    "a an the and or of for with in on to by at is are".split()
)
WORD_PATTERN = r"\w+"
MIN_WORD = 2
MAX_WORD = 40
MAX_QUERY_WORDS = 8
_WORD = re.compile(WORD_PATTERN)


def _fold_table() -> dict[int, str]:
    """Accented Latin letters -> their plain letters ("é" -> "e"), for str.translate."""
    table: dict[int, str] = {}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        plain = "".join(c for c in unicodedata.normalize("NFKD", char)
                        if not unicodedata.combining(c))
        if plain and plain != char:
            table[code] = plain
    table.update({ord("ß"): "ss", ord("æ"): "ae", ord("Æ"): "AE", ord("ø"): "o",
                  ord("Ø"): "O", ord("đ"): "d", ord("Đ"): "D", ord("ł"): "l", ord("Ł"): "L"})
    return table


FOLD_TABLE = _fold_table()


def fold(word: str) -> str:
    """Lower case without accents, as every backend folds a token."""
    return word.lower().translate(FOLD_TABLE)


def words(text: str) -> list[str]:
    """The plain words of `text` (folded, no stop words, 2-40 characters), in order."""
    found = []
    for match in _WORD.finditer(text or ""):
        word = fold(match.group())
        if MIN_WORD <= len(word) <= MAX_WORD and word not in STOP_WORDS:
            found.append(word)
    return found


def query_words(q: str) -> list[str]:
    """The plain words of a cleaned query, at most MAX_QUERY_WORDS, without repeats."""
    seen: dict[str, None] = {}
    for word in words(q):
        seen.setdefault(word, None)
    return list(seen)[:MAX_QUERY_WORDS]


@lru_cache(maxsize=100_000)
def _stem_of(raw: str) -> str:
    word = fold(raw)
    return indonesian_stem(word) if len(word) >= MIN_WORD else ""


_MARK = Markup("<mark>{}</mark>")


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
