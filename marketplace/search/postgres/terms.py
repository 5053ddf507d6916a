"""A document's terms and a query word's terms, for the PostgreSQL backend.

Both backends analyse with the same Python code (search/text.py, search/stemming.py), so
the reviewed stem exceptions, the ke-/pe- guard, the synonyms and the shopping words mean
the same on both. PostgreSQL's `indonesian` and `english` configurations run the same
Snowball algorithms, but a configuration cannot take a reviewed exception list without
dictionary files on the database server, which a migration cannot ship: so the stems are
made here and PostgreSQL gets them as ready lexemes (`array_to_tsvector`), each prefixed
by the field it comes from, with the field's weight:

    A  n:word  a word of the name            s:stem  an Indonesian stem of one
    B  t:stem  a material or category stem   e:stem  an English stem of name and labels
    C  p:word  a group, sentra or place word
    D  d:stem  a stem of the description

A query word's level is the first of n, s, t|e, p, d its terms reach, as in Whoosh
(search/whoosh/snapshot.py `word_levels`).
"""

from __future__ import annotations

from marketplace.search.stemming import english_stem, indonesian_stem
from marketplace.search.text import words

# Per level (see snapshot.LEVELS): the term prefixes that reach it.
LEVEL_PREFIXES = (("n",), ("s",), ("t", "e"), ("p",), ("d",))
MAX_TERM = 60


def _unique(items) -> list[str]:
    return list(dict.fromkeys(item for item in items if len(item) <= MAX_TERM))


def document_terms(document: dict) -> dict[str, list[str]]:
    """Weight ("A"-"D") -> the document's terms of that weight."""
    name = words(document["name"])
    return {
        "A": _unique([*(f"n:{w}" for w in name),
                      *(f"s:{indonesian_stem(w)}" for w in name)]),
        "B": _unique([*(f"t:{indonesian_stem(w)}" for w in words(document["tags"])),
                      *(f"e:{english_stem(w)}" for w in words(document["text_en"]))]),
        "C": _unique(f"p:{w}" for w in words(document["place"])),
        "D": _unique(f"d:{indonesian_stem(w)}" for w in words(document["text"])),
    }


def vocabulary(document: dict) -> list[str]:
    """The unstemmed words a misspelling may be corrected to: names and places."""
    return _unique([*words(document["name"]), *words(document["place"])])


def word_terms(word: str, level: int) -> list[str]:
    """The terms through which `word` (a plain query word) reaches exactly `level`."""
    stems = {"n": word, "s": indonesian_stem(word), "t": indonesian_stem(word),
             "e": english_stem(word), "p": word, "d": indonesian_stem(word)}
    return [f"{prefix}:{stems[prefix]}" for prefix in LEVEL_PREFIXES[level]]

