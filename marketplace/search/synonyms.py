"""A small English -> Indonesian dictionary, so "silver ring" finds "cincin perak".

Keys are English words or two-word phrases; they are looked up by their English stem, so
"rings", "ring" and "ringed" all find "cincin". Values are alternatives (any one may match),
plain Indonesian words as the catalogue writes them.
"""

from __future__ import annotations

from marketplace.search.stemming import english_stem

ENGLISH_MATERIALS: dict[str, tuple[str, ...]] = {
    "silver": ("perak",),
    "silverware": ("perak",),
    "metal": ("logam",),
    "gold": ("emas",),
    "ceramic": ("keramik",),
    "ceramics": ("keramik",),
    "porcelain": ("keramik",),
    "stoneware": ("keramik",),
    "clay": ("liat", "gerabah"),
    "terracotta": ("terakota", "gerabah"),
    "pottery": ("gerabah", "keramik"),
    "earthenware": ("gerabah",),
    "glaze": ("glasir",),
    "glazed": ("glasir",),
    "wood": ("kayu",),
    "wooden": ("kayu",),
    "carving": ("ukir",),
    "carved": ("ukir",),
    "bamboo": ("bambu",),
    "pandan": ("pandan",),
    "woven": ("anyaman", "anyam"),
    "weave": ("anyaman", "anyam"),
    "weaving": ("anyaman", "anyam"),
    "rattan": ("rotan",),
    "cloth": ("kain",),
    "fabric": ("kain",),
    "textile": ("tekstil", "kain"),
    "silk": ("sutra",),
    "cotton": ("katun",),
    "indigo": ("indigo",),
    "natural dye": ("alam",),
    "hand drawn": ("tulis",),
    "handdrawn": ("tulis",),
    "stamped": ("cap",),
    "stamp": ("cap",),
    "filigree": ("filigri",),
}
ENGLISH_TO_INDONESIAN: dict[str, tuple[str, ...]] = {
    **ENGLISH_MATERIALS,
    # things
    "ring": ("cincin",),
    "wedding ring": ("kawin",),
    "necklace": ("kalung",),
    "pendant": ("liontin",),
    "bracelet": ("gelang",),
    "bangle": ("gelang",),
    "earring": ("anting",),
    "brooch": ("bros",),
    "hairpin": ("konde",),
    "jewelry": ("perhiasan",),
    "jewellery": ("perhiasan",),
    "cup": ("cangkir",),
    "mug": ("mug", "cangkir"),
    "glass": ("gelas",),
    "teapot": ("teko",),
    "bowl": ("mangkuk",),
    "plate": ("piring",),
    "dish": ("piring",),
    "vase": ("vas",),
    "pot": ("pot",),
    "jar": ("toples", "kendi"),
    "jug": ("kendi",),
    "mortar": ("cobek",),
    "basket": ("keranjang",),
    "tray": ("tampah",),
    "mat": ("tikar",),
    "lamp": ("lampu",),
    "coaster": ("tatakan",),
    "mask": ("topeng",),
    "relief": ("relief",),
    "bag": ("tas",),
    "wallet": ("dompet",),
    "purse": ("dompet",),
    "shirt": ("kemeja",),
    "blouse": ("blus",),
    "scarf": ("syal", "selendang"),
    "shawl": ("selendang",),
    "sarong": ("sarung",),
    "headband": ("udeng",),
    "tablecloth": ("taplak",),
    "piggy bank": ("celengan",),
    "stove": ("tungku", "anglo"),
    "souvenir": ("suvenir",),
    # food and drink
    "chips": ("keripik",),
    "chip": ("keripik",),
    "crisps": ("keripik",),
    "crackers": ("peyek", "keripik"),
    "snack": ("camilan", "keripik"),
    "spicy": ("pedas",),
    "hot": ("pedas",),
    "sweet": ("manis",),
    "salty": ("asin",),
    "cheese": ("keju",),
    "chocolate": ("cokelat",),
    "garlic": ("bawang",),
    "seaweed": ("rumput",),
    "soy": ("kedelai",),
    "soybean": ("kedelai",),
    "tempeh": ("tempe",),
    "coffee": ("kopi",),
    "ginger": ("jahe",),
    "tea": ("teh",),
    "apple": ("apel",),
    "jackfruit": ("nangka",),
    "banana": ("pisang",),
    "juice": ("sari",),
    "sauce": ("sambal",),
    "chili": ("sambal", "pedas"),
    "flour": ("tepung",),
    "frozen": ("beku",),
    "food": ("makanan",),
    "drink": ("minuman",),
    # people and colours
    "men": ("pria",),
    "man": ("pria",),
    "women": ("wanita",),
    "woman": ("wanita",),
    "child": ("anak",),
    "kids": ("anak",),
    "blue": ("biru",),
    "white": ("putih",),
    "red": ("merah",),
    "green": ("hijau",),
    "brown": ("cokelat",),
    "black": ("hitam",),
    "flower": ("bunga",),
    "small": ("kecil", "mini"),
    "mini": ("mini",),
    "large": ("besar",),
    "big": ("besar",),
}


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(english_stem(word) for word in phrase.lower().split())


# (stem, ...) -> Indonesian words; built once at import.
SYNONYMS: dict[tuple[str, ...], tuple[str, ...]] = {
    _key(phrase): words for phrase, words in ENGLISH_TO_INDONESIAN.items()
}
LONGEST = max(len(key) for key in SYNONYMS)


# What a thing is made of, in both languages: in "wooden mask" or "topeng kayu" the buyer
# wants a mask; the material only narrows it, so it weighs less (lexicon.WordGroup).
MATERIAL_STEMS = frozenset(_key(phrase) for phrase in ENGLISH_MATERIALS)
INDONESIAN_MATERIALS = frozenset(
    word for words in ENGLISH_MATERIALS.values() for word in words
) | {"logam", "tanah", "liat", "kain", "kulit", "batu", "porselen", "kuningan", "tembaga"}


def is_material(phrase: str) -> bool:
    return _key(phrase) in MATERIAL_STEMS or phrase in INDONESIAN_MATERIALS


def translations(words: list[str], start: int) -> tuple[int, tuple[str, ...]] | None:
    """The longest dictionary phrase starting at `words[start]`: (its length, Indonesian)."""
    for length in range(min(LONGEST, len(words) - start), 0, -1):
        found = SYNONYMS.get(_key(" ".join(words[start:start + length])))
        if found:
            return length, found
    return None
