"""Small pure helpers behind the admin pages."""

from marketplace.admin.services import (
    changed,
    like_pattern,
    mask_account,
    parse_group_status,
    pretty_json,
)
from marketplace.catalog.status import GroupStatus


def test_account_numbers_show_only_their_last_four_digits():
    assert mask_account("0012345678901") == "•••••••••8901"
    assert mask_account(" 123456 ") == "••3456"
    assert mask_account("1234") == "••••"
    assert mask_account("") == ""


def test_like_pattern_treats_wildcards_as_plain_text():
    assert like_pattern("Rina") == "%rina%"
    assert like_pattern("100%_\\") == "%100\\%\\_\\\\%"


def test_changed_keeps_only_the_fields_that_differ():
    before = {"name": "Logam", "position": 0, "slug": "logam"}
    after = {"name": "Perak", "position": 0, "slug": "logam"}
    assert changed(before, after) == ({"name": "Logam"}, {"name": "Perak"})
    assert changed({}, {"name": "Baru"}) == ({"name": None}, {"name": "Baru"})


def test_pretty_json_indents_and_survives_bad_input():
    assert pretty_json('{"b": 1, "a": "é"}') == '{\n  "a": "é",\n  "b": 1\n}'
    assert pretty_json("not json") == "not json"
    assert pretty_json(None) == ""


def test_group_status_filter_ignores_unknown_values():
    assert parse_group_status("pending") == GroupStatus.PENDING
    assert parse_group_status("evil") is None
    assert parse_group_status(None) is None
