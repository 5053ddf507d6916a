"""Each catalogue page runs a fixed number of SQL statements, however many products it shows."""

import pytest

from marketplace.kernel.extensions import db
from tests.factories import make_category, make_group, make_product


def _fill(count: int):
    category = make_category()
    group = make_group()
    products = [
        make_product(group=group, category=category, images=3, is_featured=True)
        for _ in range(count)
    ]
    db.session.commit()
    return category, group, products


def _page_urls(category, group, products):
    return {
        "home": "/",
        "browse": "/produk",
        "category": f"/kategori/{category.slug}",
        "storefront": f"/toko/{group.slug}",
        "sentra": f"/sentra/{group.sentra.slug}",
        "product": f"/produk/{products[0].slug}",
        "sentra_list": "/sentra",
    }


@pytest.mark.parametrize(
    "page", ["home", "browse", "category", "storefront", "sentra", "product", "sentra_list"]
)
def test_query_count_does_not_grow_with_products_shown(app, client, count_queries, page):
    few = _page_urls(*_fill(2))[page]
    with count_queries() as small:
        assert client.get(few).status_code == 200
    many = _page_urls(*_fill(24))[page]
    with count_queries() as large:
        assert client.get(many).status_code == 200
    assert len(large) == len(small), large.statements
    assert len(large) <= 7, large.statements
