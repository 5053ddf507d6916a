"""Fixtures shared by several functional test modules (the suite-wide ones are in
tests/conftest.py)."""

import pytest

from tests.factories import make_rule


@pytest.fixture
def ten_percent(app):
    """The default commission rule: 10 % everywhere."""
    make_rule(1000)
