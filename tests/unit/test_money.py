import pytest

from marketplace.kernel.money import basis_points_of, format_rupiah, round_half_up_div


def test_format_rupiah_indonesian_uses_dots_and_rp():
    assert format_rupiah(125_000, "id") == "Rp\xa0125.000"


def test_format_rupiah_english_uses_commas_and_idr():
    assert format_rupiah(125_000, "en") == "IDR\xa0125,000"


def test_format_rupiah_handles_zero_negative_and_large():
    assert format_rupiah(0, "id") == "Rp\xa00"
    assert format_rupiah(-5_000, "id") == "-Rp\xa05.000"
    assert format_rupiah(2_500_000_000, "en") == "IDR\xa02,500,000,000"


@pytest.mark.parametrize("bad", [12.5, "100", None, True])
def test_format_rupiah_refuses_anything_but_int(bad):
    with pytest.raises(TypeError):
        format_rupiah(bad, "id")


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 10, 1), (4, 10, 0), (15, 10, 2), (25, 10, 3), (-5, 10, -1), (-4, 10, 0), (0, 7, 0)],
)
def test_round_half_up_div_rounds_halves_away_from_zero(numerator, denominator, expected):
    assert round_half_up_div(numerator, denominator) == expected


def test_basis_points_of_rounds_half_up_to_whole_rupiah():
    # 10 % of 12,345 is 1,234.5 -> 1,235
    assert basis_points_of(12_345, 1_000) == 1_235
    assert basis_points_of(12_344, 1_000) == 1_234
    assert basis_points_of(125_000, 750) == 9_375


def test_round_half_up_div_refuses_floats_and_bad_denominators():
    with pytest.raises(TypeError):
        round_half_up_div(1.5, 10)
    with pytest.raises(ValueError):
        round_half_up_div(1, 0)
