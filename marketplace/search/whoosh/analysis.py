"""Text analysis for the Whoosh index: tokens, case and accent folding, Snowball stemming.

Whoosh pickles analyzers into the index, so the filters live here, in an importable module
of ours, and pickle only their language name (never a stemmer object). Indexes built
before this module moved here name `marketplace.search.analysis.SnowballFilter`, which
that module still provides.
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StopFilter

from marketplace.search.stemming import english_stem, indonesian_stem, stem
from marketplace.search.text import (
    FOLD_TABLE,
    MAX_WORD,
    MIN_WORD,
    STOP_WORDS,
    WORD_PATTERN,
    fold,
    words,
)


class SnowballFilter(Filter):
    """Replaces each token by its Snowball stem ("menganyam" -> "anyam", "rings" -> "ring")."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __getstate__(self):
        return {"language": self.language}

    def __setstate__(self, state) -> None:
        self.language = state["language"]

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.language == self.language

    def __call__(self, tokens):
        language = self.language
        for token in tokens:
            if not token.stopped:
                token.text = stem(language, token.text)
            yield token


def plain_analyzer():
    """Words, lower case, accents folded, common words dropped: the unstemmed form."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(FOLD_TABLE)
        | StopFilter(stoplist=STOP_WORDS, minsize=MIN_WORD, maxsize=MAX_WORD)
    )


def indonesian_analyzer():
    """The plain form, then the Snowball Indonesian stemmer ("ukiran", "diukir" -> "ukir")."""
    return plain_analyzer() | SnowballFilter("indonesian")


def english_analyzer():
    """The plain form, then the Snowball English stemmer ("rings" -> "ring")."""
    return plain_analyzer() | SnowballFilter("english")


__all__ = [
    "MAX_WORD",
    "MIN_WORD",
    "STOP_WORDS",
    "WORD_PATTERN",
    "SnowballFilter",
    "english_analyzer",
    "english_stem",
    "fold",
    "indonesian_analyzer",
    "indonesian_stem",
    "plain_analyzer",
    "words",
]
