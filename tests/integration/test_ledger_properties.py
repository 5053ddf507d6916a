"""Money properties of the ledger against a real database (hypothesis, both backends).

Each example builds sentra, groups, rules and paid orders, then runs random refunds, group
cancellations, deliveries, payouts and payments Midtrans takes back (deny, cancel,
chargeback) through the real services over the following weeks
(the clock frozen at each action's moment), and checks the money rules with direct SQL
sums and the reconciliation figures up to several days. Every example runs inside a
savepoint that is rolled back afterwards (commission entries cannot be deleted), and
nothing in it commits.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings

from marketplace.kernel.extensions import db
from tests.ledger_example import Example
from tests.ledger_scenarios import CLAWBACK_CYCLE, REVERSAL_CYCLE, scenarios


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(scenario=scenarios())
@example(scenario=CLAWBACK_CYCLE)
@example(scenario=REVERSAL_CYCLE)
def test_ledger_money_adds_up_for_random_orders_refunds_cancellations_and_payouts(
        app, scenario):
    savepoint = db.session.begin_nested()  # rolled back below: examples share the database
    try:
        example = Example(scenario)
        example.run()
        example.check()
    finally:
        savepoint.rollback()

