"""A product's stars as figures: the average shown and the key "best rated" sorts by."""

from marketplace.catalog.ratings import average, average_tenths, rating_key, valid_stars


def test_average_is_rounded_half_up_to_one_decimal():
    assert average_tenths(9, 2) == 45 and average_tenths(13, 3) == 43
    assert average_tenths(14, 3) == 47 and average_tenths(1, 8) == 1  # 0.125 -> 0.1
    assert average_tenths(0, 0) == 0 and average(0, 0) is None and average(9, 2) == 4.5


def test_rating_key_orders_by_average_then_count_unrated_last():
    assert rating_key(0, 0) == 0 < rating_key(1, 1)
    assert rating_key(9, 2) > rating_key(12, 3) > rating_key(4, 1) > rating_key(7, 2)
    assert rating_key(5 * 10**7, 10**7) > rating_key(5, 1)  # a huge count still sorts
    assert rating_key(5 * 10**7, 10**7) < 2**63  # fits the engines' 64-bit columns


def test_stars_are_one_to_five():
    assert [n for n in range(-1, 8) if valid_stars(n)] == [1, 2, 3, 4, 5]
