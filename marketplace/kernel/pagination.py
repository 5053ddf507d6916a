"""Lenient page-number parsing and a small page object for listings."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from marketplace.kernel.inputs import parse_int

MAX_PAGE = 10_000


def parse_page(value: Any) -> int:
    """A page number from the query string: anything odd becomes page 1."""
    return parse_int(value, default=1, minimum=1, maximum=MAX_PAGE, clamp=True)


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)

    def window(self, radius: int = 2) -> list[int | None]:
        """Page numbers to show, with None where a gap is shown as an ellipsis."""
        shown = {1, self.pages} | set(range(self.page - radius, self.page + radius + 1))
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        result: list[int | None] = []
        for prev, current in zip([None, *numbers], numbers, strict=False):
            if prev is not None and current - prev > 1:
                result.append(None)
            result.append(current)
        return result
