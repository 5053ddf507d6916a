"""What both backends rank by, whichever engine matched: word groups, weights, turns.

The matching itself is the engine's (document sets in Whoosh, SQL in PostgreSQL); what a
match is worth and the order of equal ones is here, so the two cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from marketplace.search.lexicon import ShoppingWord, WordGroup

# The first DIVERSE_TOP results of a score band take turns between sentra (each in its own
# order), drawn from the band's first DIVERSE_POOL: a broad word shows every sentra's
# best, not one sentra's whole range. The rest follow in order.
DIVERSE_TOP = 48
DIVERSE_POOL = 192
FIELD_LEVELS = 5  # name word, name stem, material or category, place, description


@dataclass
class MatchGroup:
    """A query word group as an engine matches it: its alternatives (the first `literal`
    of them the buyer's own words), what it matched (`levels`: per field level, the
    buyer's words then the rest; Whoosh bitmaps) or how many documents hold it (`df`)."""

    typed: str
    alternatives: list[tuple[str, ...]]
    shopping: ShoppingWord | None = None
    material: bool = False
    head: bool = False
    literal: int = 1
    levels: tuple[int, ...] = (0,) * (2 * FIELD_LEVELS)
    df: int = 0

    @classmethod
    def of(cls, group: WordGroup) -> MatchGroup:
        return cls(group.typed, group.alternatives, group.shopping, group.material, group.head,
                   literal=len(group.alternatives) if group.shopping else 1)

    @property
    def required(self) -> bool:
        return self.shopping is None

    @property
    def any(self) -> int:
        found = 0
        for bitmap in self.levels:
            found |= bitmap
        return found


def rarity(size: int, df: int) -> int:
    """10-40: rarer words count for more (an inverse document frequency, in tenths)."""
    if not df:
        return 10
    return max(10, min(40, round(10 * (1 + math.log10(max(size, 1) / df)))))


def weight(group: MatchGroup, size: int, df: int) -> int:
    """What one level step of this group is worth: shopping words 1; a material half, the
    word naming the thing one and a half times an ordinary word (2 x rarity)."""
    if not group.required:
        return 1
    return (1 if group.material else 3 if group.head else 2) * rarity(size, df)


def level_score(level: int) -> int:
    """Level 0 (a word of the name, the buyer's own) scores 10 ... level 9 scores 1."""
    return 2 * FIELD_LEVELS - level


def take_turns(lines: list[list[int]], limit: int = DIVERSE_TOP) -> list[int]:
    """Round robin over `lines` (each already in order): one from each, then again."""
    top: list[int] = []
    turn = 0
    while len(top) < limit and lines:
        lines = [line for line in lines if len(line) > turn]
        top += [line[turn] for line in lines][:limit - len(top)]
        turn += 1
    return top
