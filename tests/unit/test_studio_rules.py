"""Studio rules: what artisans type becomes whole numbers, safe SKUs and masked accounts."""

import pytest

from marketplace.kernel.csvout import guard_formula, unguard_formula
from marketplace.studio.rules import (
    NumberFormatError,
    copy_name,
    copy_sku,
    mask_account_number,
    parse_whole_number,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("125000", 125_000), ("125.000", 125_000), ("125,000", 125_000), ("Rp 125.000", 125_000),
     ("Rp125.000", 125_000), ("IDR 1,250,000", 1_250_000), (" 7 ", 7), ("0", 0), ("", None),
     ("   ", None), ("1 250 000", 1_250_000), ("00012", 12), ("9" * 40, 10**18)],
)
def test_whole_numbers_are_read_the_way_people_type_them(typed, expected):
    assert parse_whole_number(typed, currency=True) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("12,5", "decimal"), ("12.50", "decimal"), ("125.000,00", "decimal"), ("0.5", "decimal"),
     ("-5000", "negative"), ("-1", "negative"), ("abc", "invalid"), ("1e5", "invalid"),
     ("12.3.4", "decimal"), ("١٢٣", "invalid"), ("NaN", "invalid"), ("1.0000", "decimal")],
)
def test_decimals_negatives_and_words_are_refused(typed, reason):
    with pytest.raises(NumberFormatError) as raised:
        parse_whole_number(typed, currency=True)
    assert raised.value.reason == reason


def test_currency_prefix_is_only_allowed_for_money():
    with pytest.raises(NumberFormatError):
        parse_whole_number("Rp 5")
    assert isinstance(parse_whole_number("Rp 5", currency=True), int)


def test_copies_get_a_free_sku_and_name():
    assert copy_sku("VAS-1", {"VAS-1"}) == "VAS-1-COPY"
    assert copy_sku("VAS-1", {"VAS-1", "VAS-1-COPY"}) == "VAS-1-COPY2"
    assert len(copy_sku("X" * 40, set())) == 40
    assert copy_name("Vas", " (copy)", {"vas"}) == "Vas (copy)"
    assert copy_name("Vas", " (copy)", {"vas", "vas (copy)"}) == "Vas (copy) 2"
    assert len(copy_name("N" * 120, " (copy)", set())) == 120


def test_account_numbers_are_masked_to_their_last_four_digits():
    assert mask_account_number("0123456789") == "•••• •••• 6789"
    assert mask_account_number("") == ""
    assert "0123" not in mask_account_number("0123456789")


@pytest.mark.parametrize("text", ["=1+1", "+62", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_are_quoted_and_read_back(text):
    guarded = guard_formula(text)
    assert guarded == "'" + text
    assert unguard_formula(guarded) == text


def test_plain_text_is_left_alone():
    assert guard_formula("Vas 'antik'") == "Vas 'antik'"
    assert unguard_formula("'kutip") == "'kutip"
