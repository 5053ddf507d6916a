import pytest

# Helper modules whose asserts are the tests' own checks: rewritten like a test module's,
# so a failing check reports its values.
pytest.register_assert_rewrite("tests.ledger_checks", "tests.ledger_example")
