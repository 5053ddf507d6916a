"""The demo history's reviews: only of completed lines, once each, counted in the ratings,
some answered by their group."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from marketplace.catalog.models import Product
from marketplace.demo import seed_demo, seed_history
from marketplace.kernel.extensions import db
from marketplace.orders.models import OrderLine, SubOrder
from marketplace.orders.status import SubOrderStatus
from marketplace.reviews.models import Review


@pytest.fixture
def history(app):
    seed_demo(with_images=False)
    db.session.commit()
    created = seed_history(now=datetime(2026, 5, 20, 4, 30, tzinfo=UTC))
    db.session.commit()
    return created


def test_demo_reviews_are_of_completed_lines_and_make_the_ratings(history):
    reviews = db.session.scalars(select(Review)).all()
    assert history["reviews"] == len(reviews) >= 10
    statuses = {db.session.scalar(select(SubOrder.status).join(OrderLine.sub_order)
                                  .where(OrderLine.id == r.order_line_id)) for r in reviews}
    assert statuses == {SubOrderStatus.COMPLETED}
    assert len({r.order_line_id for r in reviews}) == len(reviews)
    assert {r.rating for r in reviews} <= {1, 2, 3, 4, 5} and len({r.rating for r in reviews}) > 1
    assert any(r.reply for r in reviews) and any(not r.reply for r in reviews)
    # every product's figures are its visible reviews'
    expected = dict(db.session.execute(
        select(Review.product_id, func.sum(Review.rating)).where(Review.hidden.is_(False))
        .group_by(Review.product_id)).all())
    counted = dict(db.session.execute(
        select(Product.id, Product.rating_sum).where(Product.rating_count > 0)).all())
    assert counted == expected
    # some completed lines are left for the buyer to review (the demo's review form)
    unreviewed = db.session.scalar(
        select(func.count(OrderLine.id)).join(OrderLine.sub_order)
        .where(SubOrder.status == SubOrderStatus.COMPLETED,
               OrderLine.id.not_in(select(Review.order_line_id))))
    assert unreviewed > 0
