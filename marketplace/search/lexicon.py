"""What the shop understands of a buyer's words, whichever engine searches: no engine here.

Both backends turn the query's plain words into `WordGroup`s with `word_groups`, and both
ask `is_known_word` before correcting a word. The rules, in the order they apply:

1. **Shopping words** (`murah`, `asli`, `baru`, `besar`, `hadiah`, `grosir`, their English
   twins…) describe what the buyer wants rather than name a product. They are never
   required and never corrected: a product that carries one ranks higher, and some set the
   order of equally relevant results (`murah`: cheapest first; `baru`: newest first). A
   query of shopping words only lists everything in that order.
2. **English words** are looked up (by English stem) in `synonyms.ENGLISH_TO_INDONESIAN`.
3. **The shop's own broad words** (`perhiasan`, `kerajinan`, `oleh-oleh`…) stand for the
   products they cover (`CONCEPTS`): `perhiasan` finds rings, earrings, necklaces,
   bracelets and brooches, not the vases its Snowball stem `hias` would.
4. **Correction** happens only to a word that matches nothing and is not a known
   Indonesian or English word (`is_known_word`): `murah` is never searched as `merah`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from spellchecker import SpellChecker

from marketplace.search.stemming import STEM_EXCEPTIONS
from marketplace.search.synonyms import ENGLISH_TO_INDONESIAN, is_material, translations

ENGLISH_MIN_FREQUENCY = 300  # pyspellchecker's list holds subtitle noise below this


@dataclass(frozen=True)
class ShoppingWord:
    order: str | None = None  # how to order equally relevant results: a SORTS key
    boosts: tuple[str, ...] = ()  # words that, found in a product, rank it higher


_CHEAP = ShoppingWord("price_asc")
_NEW = ShoppingWord("newest", ("baru",))
_GENUINE = ShoppingWord(None, ("asli", "tangan", "tulis", "alami", "alam"))
_TYPICAL = ShoppingWord(None, ("khas",))
_GOOD = ShoppingWord(None, ("premium", "halus"))
_BIG = ShoppingWord(None, ("besar", "jumbo"))
_SMALL = ShoppingWord(None, ("kecil", "mini"))
_GIFT = ShoppingWord(None, ("hadiah", "kado", "suvenir", "paket", "set", "oleh", "miniatur"))
_WHOLESALE = ShoppingWord(None, ("grosir", "paket", "isi", "set"))

SHOPPING_WORDS: dict[str, ShoppingWord] = {
    **dict.fromkeys(("murah", "termurah", "hemat", "diskon", "promo", "obral", "cheap",
                     "cheapest", "affordable", "budget"), _CHEAP),
    **dict.fromkeys(("baru", "terbaru", "new", "newest", "latest"), _NEW),
    **dict.fromkeys(("asli", "ori", "original", "genuine", "authentic", "handmade", "buatan",
                     "tangan", "alami", "natural"), _GENUINE),
    **dict.fromkeys(("khas", "typical", "traditional", "tradisional"), _TYPICAL),
    **dict.fromkeys(("bagus", "terbaik", "berkualitas", "premium", "unik", "cantik", "indah",
                     "keren", "best", "quality", "beautiful", "unique", "nice"), _GOOD),
    **dict.fromkeys(("besar", "jumbo", "big", "large", "huge"), _BIG),
    **dict.fromkeys(("kecil", "mini", "small", "little", "tiny"), _SMALL),
    **dict.fromkeys(("hadiah", "kado", "bingkisan", "parsel", "gift", "gifts", "present"), _GIFT),
    **dict.fromkeys(("grosir", "borongan", "lusin", "eceran", "wholesale", "bulk"), _WHOLESALE),
}

# The shop's broad words -> the words of the products they stand for (one-way: searching
# "cincin" does not bring every piece of jewellery).
_CRAFTS = ("kerajinan", "keramik", "gerabah", "perak", "logam", "batik", "tekstil", "anyaman",
           "kayu", "topeng", "ukir", "tenun")
_FOOD = ("makanan", "olahan", "camilan", "keripik", "dodol", "minuman")
CONCEPTS: dict[str, tuple[str, ...]] = {
    "perhiasan": ("perhiasan", "cincin", "anting", "kalung", "gelang", "bros", "liontin"),
    "kerajinan": _CRAFTS,
    "kriya": _CRAFTS,
    "handicraft": _CRAFTS,
    "craft": _CRAFTS,
    "crafts": _CRAFTS,
    "oleh": ("oleh", *_FOOD),
    "cenderamata": ("suvenir", "miniatur", "oleh", "cenderamata"),
    "cinderamata": ("suvenir", "miniatur", "oleh", "cenderamata"),
    "suvenir": ("suvenir", "miniatur", "oleh"),
    "souvenir": ("suvenir", "miniatur", "oleh"),
    "makanan": _FOOD,
    "camilan": ("camilan", "keripik", "peyek", "dodol"),
    "cemilan": ("camilan", "keripik", "peyek", "dodol"),
    "jajanan": ("camilan", "keripik", "peyek", "dodol"),
    "kripik": ("keripik",),
    "krupuk": ("kerupuk",),
    "pakaian": ("busana", "kemeja", "blus", "outer", "kebaya", "baju", "pakaian"),
    "baju": ("busana", "kemeja", "blus", "outer", "kebaya", "baju"),
    "busana": ("busana", "kemeja", "blus", "outer", "kebaya"),
    "dekorasi": ("hiasan", "hias", "vas", "guci", "relief", "lampu", "dekorasi"),
    "hiasan": ("hiasan", "hias", "vas", "guci", "relief", "lampu"),
    "dapur": ("cobek", "kendil", "anglo", "piring", "mangkuk", "dapur", "tungku"),
    "coklat": ("cokelat",),
}


def _words_of(name: str) -> frozenset[str]:
    text = resources.files("marketplace.search").joinpath(f"data/{name}").read_text(
        encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() for word in line.split("#", 1)[0].split()
    )


@cache
def indonesian_words() -> frozenset[str]:
    """Known Indonesian words: the reviewed list and every word the rules above name."""
    named = {*SHOPPING_WORDS, *CONCEPTS, *STEM_EXCEPTIONS, *STEM_EXCEPTIONS.values()}
    for words in (*CONCEPTS.values(), *ENGLISH_TO_INDONESIAN.values(),
                  *(w.boosts for w in SHOPPING_WORDS.values())):
        named.update(words)
    return _words_of("kata-umum.txt") | frozenset(named)


@cache
def english_words() -> frozenset[str]:
    """Known English words: pyspellchecker's list above a frequency floor, and ours."""
    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    known = {word for word, count in counts.items() if count >= ENGLISH_MIN_FREQUENCY}
    for phrase in ENGLISH_TO_INDONESIAN:
        known.update(phrase.split())
    return frozenset(known)


def is_known_word(word: str) -> bool:
    """Whether `word` (lower case, unaccented) is an Indonesian or English word we know."""
    return word in indonesian_words() or word in english_words()


@dataclass
class WordGroup:
    """One query word (or dictionary phrase): the alternatives any of which may match it.

    `shopping` is set for a shopping word: optional, never corrected (rule 1). `material`
    for what a thing is made of (`perak`, `wooden`): it narrows, so it weighs half.
    """

    typed: str
    alternatives: list[tuple[str, ...]]
    shopping: ShoppingWord | None = None
    material: bool = False
    translated: bool = False  # an English word or phrase (its translations follow it)
    broad: bool = False  # one of the shop's broad words (CONCEPTS)
    head: bool = False  # the word naming the thing wanted: it weighs more (see below)

    @property
    def required(self) -> bool:
        return self.shopping is None


def _expanded(alternatives: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The alternatives with each broad word's products added (rule 3), without repeats."""
    found: dict[tuple[str, ...], None] = {}
    for alternative in alternatives:
        found.setdefault(alternative, None)
        if len(alternative) == 1 and alternative[0] in CONCEPTS:
            for word in CONCEPTS[alternative[0]]:
                found.setdefault((word,), None)
    return list(found)


def word_groups(query_words: list[str]) -> list[WordGroup]:
    """The query's words as groups: shopping words, dictionary phrases, broad words."""
    groups: list[WordGroup] = []
    i = 0
    while i < len(query_words):
        word = query_words[i]
        shopping = SHOPPING_WORDS.get(word)
        if shopping is not None:
            groups.append(WordGroup(word, [(w,) for w in (word, *shopping.boosts)], shopping))
            i += 1
            continue
        found = translations(query_words, i)
        if found:
            length, indonesian = found
            phrase = tuple(query_words[i:i + length])
            typed = " ".join(phrase)
            groups.append(WordGroup(typed, _expanded([phrase, *((w,) for w in indonesian)]),
                                    material=is_material(typed), translated=True,
                                    broad=any(w in CONCEPTS for w in indonesian)))
            i += length
        else:
            groups.append(WordGroup(word, _expanded([(word,)]), material=is_material(word),
                                    broad=word in CONCEPTS))
            i += 1
    _mark_head(groups)
    return groups


def _mark_head(groups: list[WordGroup]) -> None:
    """Of two or more required words, the one naming the thing: the first in Indonesian
    ("cangkir kopi": a cup), the last in English ("coffee cup"); never a material, a
    broad word or a shopping word."""
    required = [group for group in groups if group.required]
    things = [group for group in required if not (group.material or group.broad)]
    if len(required) < 2 or not things:
        return
    english = all(group.translated for group in things)
    (things[-1] if english else things[0]).head = True


def result_order(groups: list[WordGroup]) -> str | None:
    """The order a shopping word asks for (the first one that asks), or None."""
    for group in groups:
        if group.shopping is not None and group.shopping.order:
            return group.shopping.order
    return None


def required_share(required: int) -> int:
    """How many of `required` word groups a product must match: all of one or two; of
    three or more, all but a quarter (rounded up), at least two, so one generic word
    (`perajin keramik dinoyo`) cannot empty the results."""
    if required <= 2:
        return required
    return max(2, required - -(-required // 4))
