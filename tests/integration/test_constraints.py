"""The database itself refuses rows that break the catalogue's rules."""

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from marketplace.kernel.extensions import db
from tests.factories import make_group, make_product


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", 0), ("price", -1), ("stock", -1), ("weight_grams", 0)],
)
def test_product_rules_are_enforced_by_the_database(app, field, value):
    product = make_product()
    db.session.commit()
    setattr(product, field, value)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_product_slugs_are_unique(app):
    make_product(slug="cangkir")
    with pytest.raises(IntegrityError):
        make_product(slug="cangkir")
    db.session.rollback()


def test_sku_is_unique_within_a_group_only(app):
    group = make_group()
    make_product(group=group, sku="A-1")
    make_product(sku="A-1")  # another group may reuse it
    with pytest.raises(IntegrityError):
        make_product(group=group, sku="A-1")
    db.session.rollback()


def test_unknown_status_value_is_refused(app):
    product = make_product()
    product.status = "sold"
    with pytest.raises((StatementError, LookupError)):
        db.session.commit()
    db.session.rollback()


def test_negative_shipping_fee_is_refused(app):
    group = make_group()
    db.session.commit()
    group.shipping_fee = -1000
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_price_is_a_big_integer(app):
    product = make_product(price=25_000_000_000)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(type(product), product.id).price == 25_000_000_000
