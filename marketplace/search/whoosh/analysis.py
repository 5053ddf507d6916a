"""Text analysis for the Whoosh index: tokens, case and accent folding, Snowball stemming.

Whoosh pickles analyzers into the index, so the filters live here, in an importable module
of ours, and pickle only their language name (never a stemmer object). Indexes built
before this module moved here name `marketplace.search.analysis.SnowballFilter`, which
that module still provides.
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.support.charset import accent_map

from marketplace.search.stemming import english_stem, indonesian_stem, stem

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
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=MIN_WORD, maxsize=MAX_WORD)
    )


def indonesian_analyzer():
    """The plain form, then the Snowball Indonesian stemmer ("ukiran", "diukir" -> "ukir")."""
    return plain_analyzer() | SnowballFilter("indonesian")


def english_analyzer():
    """The plain form, then the Snowball English stemmer ("rings" -> "ring")."""
    return plain_analyzer() | SnowballFilter("english")


_plain = plain_analyzer()


def fold(word: str) -> str:
    """Lower case without accents, as the analyzers fold a token."""
    return word.lower().translate(accent_map)


def words(text: str) -> list[str]:
    """The plain words of `text`, as the index sees them before stemming."""
    return [token.text for token in _plain(text)]


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
