"""Search sorted by rating ("Highest rated"), on both engines: the best average first,
then more reviews, unrated products last; a new or hidden review reaches the index."""

import pytest

from marketplace.catalog.ratings import rating_key
from marketplace.kernel.extensions import db
from marketplace.reviews import services as reviews
from marketplace.search import api
from marketplace.search.api import SearchRequest
from marketplace.search.documents import visible_documents
from marketplace.search.sync import rebuild_index, sync_pending
from tests.factories import make_group, make_product
from tests.reviews_helpers import review


@pytest.fixture(params=["whoosh", "postgres"])
def engine(request) -> str:
    return request.param


@pytest.fixture
def backend(engine) -> str:
    return "sqlite" if engine == "whoosh" else "postgresql"


@pytest.fixture
def app_config(engine, tmp_path) -> dict:
    if engine == "postgres":
        return {"SEARCH_BACKEND": "postgres"}
    return {"SEARCH_DIR": str(tmp_path / "search"), "SEARCH_WRITE_TIMEOUT": 2}


def by_rating(q: str = "", **kw) -> list[tuple[str, int, int]]:
    sync_pending()  # Whoosh: what the request would drain after its response
    result = api.search(SearchRequest(q=q, sort="rating", per_page=50, **kw))
    return [(hit.name, hit.rating_sum, hit.rating_count) for hit in result.hits]


@pytest.fixture
def vases(app):
    group = make_group()
    made = {name: make_product(group=group, name=f"Vas {name}") for name in
            ("Satu", "Dua", "Tiga", "Empat")}
    db.session.commit()
    rebuild_index()
    return made


def test_highest_rated_first_then_more_reviews_then_the_unrated(app, vases):
    review(vases["Satu"], 4)  # 4.0 from one review
    for stars in (5, 4):  # 4.5 from two
        review(vases["Dua"], stars)
    for stars in (4, 4, 4):  # 4.0 from three: before "Satu"
        review(vases["Tiga"], stars)
    db.session.commit()
    assert by_rating() == [("Vas Dua", 9, 2), ("Vas Tiga", 12, 3), ("Vas Satu", 4, 1),
                           ("Vas Empat", 0, 0)]
    assert [name for name, *_ in by_rating("vas")][:1] == ["Vas Dua"]  # with words too


def test_a_new_review_and_a_hidden_one_reach_the_index(app, vases):
    fresh = review(vases["Empat"], 5)
    db.session.commit()
    assert by_rating()[0] == ("Vas Empat", 5, 1)
    reviews.hide_review(fresh, "Iklan", admin_id=None)
    db.session.commit()
    assert ("Vas Empat", 0, 0) in by_rating()
    assert by_rating()[0][2] == 0


def test_the_document_version_changes_with_the_rating(app, vases):
    product = vases["Satu"]
    before = visible_documents([product.id])[product.id]["version"]
    review(product, 3)
    db.session.commit()
    after = visible_documents([product.id])[product.id]
    assert after["version"] != before and after["rating"] == rating_key(3, 1)


def test_the_results_page_offers_and_applies_the_rating_order(app, vases):
    review(vases["Tiga"], 5)
    db.session.commit()
    sync_pending()
    client = app.test_client()
    client.set_cookie("lang", "en")
    page = client.get("/cari?q=vas&sort=rating").text
    assert '<option value="rating" selected>Highest rated</option>' in page
    cards = page[page.find("search-hits"):]
    assert cards.find("Vas Tiga") < cards.find("Vas Satu")
    assert "(1 review)" in cards  # the cards show the stars from the index
