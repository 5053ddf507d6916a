"""A product's stars as figures: the average shown and the key search sorts by (pure).

Products keep the sum and the number of their visible reviews' stars (`rating_sum`,
`rating_count`); everything shown or sorted is derived from those two integers here.
"""

from __future__ import annotations

MIN_STARS = 1
MAX_STARS = 5
_COUNT_BITS = 20  # reviews counted in the sort key; more still sort as this many


def average_tenths(rating_sum: int, rating_count: int) -> int:
    """The average in tenths of a star, rounded half up: 9 stars / 2 reviews -> 45."""
    if rating_count <= 0:
        return 0
    return (rating_sum * 20 + rating_count) // (rating_count * 2)


def average(rating_sum: int, rating_count: int) -> float | None:
    """The average to one decimal (4.5), None without reviews: for display only."""
    if rating_count <= 0:
        return None
    return average_tenths(rating_sum, rating_count) / 10


def rating_key(rating_sum: int, rating_count: int) -> int:
    """What "best rated first" sorts by, descending: the average (in thousandths of a
    star), then the number of reviews; a product without reviews is 0, after every rated
    one."""
    if rating_count <= 0:
        return 0
    thousandths = (rating_sum * 2000 + rating_count) // (rating_count * 2)
    return thousandths << _COUNT_BITS | min(rating_count, (1 << _COUNT_BITS) - 1)


def valid_stars(value: int) -> bool:
    return MIN_STARS <= value <= MAX_STARS
