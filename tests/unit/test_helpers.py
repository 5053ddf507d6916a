import pytest

from marketplace.kernel.config import normalise_database_url
from marketplace.kernel.pagination import MAX_PAGE, Page, parse_page
from marketplace.kernel.urls import safe_next


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3), ("abc", 1), ("-1", 1), ("0", 1), ("", 1), (None, 1), ("1e3", 1), (" 2 ", 2),
     ("99999999999999999999", MAX_PAGE)],
)
def test_parse_page_is_lenient(raw, expected):
    assert parse_page(raw) == expected


def test_page_window_shows_ends_and_neighbours_with_gaps():
    page = Page(items=[], page=10, per_page=10, total=200)
    assert page.window() == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert Page(items=[], page=1, per_page=10, total=0).window() == [1]


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "/\\evil.example", "javascript:alert(1)", "https://evil.example/x",
     "evil.example", "/\x00x", "\\\\evil", "", None, "http:/evil"],
)
def test_safe_next_refuses_anything_off_site(target):
    assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/", "/produk?page=2", "/toko/abc#x"])
def test_safe_next_keeps_local_paths(target):
    assert safe_next(target) == target


def test_database_urls_use_psycopg3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_link_builds_the_same_urls_as_url_for(tmp_path):
    from flask import url_for

    from marketplace import create_app
    from marketplace.site.templating import link, media_url

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "INSTANCE_PATH": str(tmp_path)})
    with app.test_request_context("/", base_url="http://localhost/toko-sub"):
        for slug in ["vas-bunga", "cangkir-kopi-2"]:
            assert link("catalog.product_detail", slug) == url_for(
                "catalog.product_detail", slug=slug)
        assert media_url("products/abc", thumb=True) == url_for(
            "site.media", filename="products/abc-thumb.jpg")
        assert link("catalog.storefront", "a b") == url_for("catalog.storefront", slug="a b")
