"""Random ledger scenarios for the money properties (tests/integration/test_ledger_properties.py).

A scenario is plain data: sentra, groups, commission rules and orders to build, and the
actions (refunds, cancellations, deliveries, payouts, reversals) to run over the following
weeks. `scenarios()` draws one; CLAWBACK_CYCLE and REVERSAL_CYCLE are fixed ones the random
search rarely assembles.
"""

from __future__ import annotations

from hypothesis import strategies as st

from marketplace.ledger import commission

RATES = st.integers(min_value=0, max_value=commission.MAX_RATE_BP)
ACTION_DAYS = 30  # refunds, cancellations, deliveries and payouts happen in the last 30 days


@st.composite
def scenarios(draw):
    """Plain data describing one example: ids are indexes into what the example builds."""
    n_sentra = draw(st.integers(1, 3))
    n_groups = draw(st.integers(1, 4))
    group_sentra = [draw(st.integers(0, n_sentra - 1)) for _ in range(n_groups)]
    rules, seen = [], set()
    for _ in range(draw(st.integers(0, 6))):
        scope = draw(st.sampled_from(["default", "sentra", "group"]))
        target = {"default": 0, "sentra": draw(st.integers(0, n_sentra - 1)),
                  "group": draw(st.integers(0, n_groups - 1))}[scope]
        days_ago = draw(st.integers(0, 90))
        if (scope, target, days_ago) not in seen:  # one rule per target and day
            seen.add((scope, target, days_ago))
            rules.append((scope, target, draw(RATES), days_ago))
    orders = draw(st.lists(st.fixed_dictionaries({
        "parts": st.lists(st.tuples(st.integers(0, n_groups - 1),
                                    st.integers(1, 10_000_000)),
                          min_size=1, max_size=n_groups, unique_by=lambda part: part[0]),
        "shipping": st.sampled_from([0, 9_000, 15_000, 27_500]),
        "days_ago": st.integers(ACTION_DAYS + 1, 60),  # paid before anything else happens
        # any minute of the WIB day, midnight included: the rate is that of the WIB day
        "minute": st.integers(0, 24 * 60 - 1),
        "paid": st.integers(0, 5).map(bool),
    }), min_size=1, max_size=5))
    index = st.integers(0, 20)  # an order, then one of its sub-orders (modulo their number)
    refund = st.tuples(st.just("refund"), index, index,
                       st.sampled_from(["part", "all", "over"]), st.integers(1, 100))
    deliver = st.tuples(st.just("deliver"), index, index)
    payout = st.tuples(st.just("payout"), index, index, st.integers(0, 3).map(bool))
    settle = st.tuples(st.just("settle"), index, index)  # deliver one parcel, pay its group
    month_end = st.tuples(st.just("month_end"))  # every group with money owed is paid
    drop_draft = st.tuples(st.just("drop_draft"), index)  # a draft payout is cancelled
    reverse = st.tuples(st.just("reverse"), index,  # Midtrans takes a payment back
                        st.sampled_from(["deny", "cancel", "chargeback"]))
    actions = draw(st.lists(st.tuples(
        st.integers(0, 40 * 60),  # minutes since the previous action
        st.one_of(refund, refund, deliver, deliver, payout, settle, month_end, drop_draft,
                  st.tuples(st.just("cancel"), index, index, st.booleans()), reverse),
    ), max_size=16))
    return {"group_sentra": group_sentra, "n_sentra": n_sentra, "rules": rules,
            "orders": orders, "actions": actions}


# A month-end cycle the random search rarely assembles: a paid payout, a refund of a
# parcel in it (claw-back), a refund refused while its parcel sits in a draft payout, a
# cancellation after packing, the draft cancelled, the refund made, and a next payout
# that takes the claw-back back.
CLAWBACK_CYCLE = {
    "group_sentra": [0, 1], "n_sentra": 2,
    "rules": [("default", 0, 1000, 90), ("sentra", 1, 800, 45), ("group", 0, 1250, 40)],
    "orders": [
        {"parts": [(0, 100_005), (1, 250_000)], "shipping": 15_000, "days_ago": 50,
         "minute": 0, "paid": True},
        {"parts": [(0, 99_999)], "shipping": 9_000, "days_ago": 40, "minute": 1439,
         "paid": True},
        {"parts": [(1, 77_777)], "shipping": 0, "days_ago": 35, "minute": 600, "paid": True},
        {"parts": [(0, 12_345)], "shipping": 27_500, "days_ago": 33, "minute": 30,
         "paid": False},
    ],
    "actions": [(minutes, action) for minutes, action in [
        (60, ("deliver", 0, 0)), (3 * 1440, ("month_end",)),
        (2 * 1440, ("refund", 0, 0, "part", 40)), (60, ("refund", 0, 1, "part", 10)),
        (1440, ("deliver", 1, 0)), (120, ("payout", 1, 0, False)),
        (60, ("refund", 1, 0, "part", 50)), (180, ("cancel", 2, 0, True)),
        (1440, ("refund", 2, 0, "all", 1)), (10, ("refund", 3, 0, "part", 50)),
        (10, ("refund", 0, 0, "over", 1)), (1440, ("drop_draft", 0)),
        (60, ("refund", 1, 0, "part", 50)), (2 * 1440, ("month_end",)),
    ]],
}


# Payments taken back at every stage: a parcel paid out then charged back (claw-back), one
# in a draft payout (the draft is cancelled), one cancelled by its group, one new, one
# partly refunded, and a replay of a reversal.
REVERSAL_CYCLE = {
    "group_sentra": [0, 0], "n_sentra": 1,
    "rules": [("default", 0, 1000, 90), ("group", 1, 1500, 60)],
    "orders": [
        {"parts": [(0, 100_000), (1, 250_000)], "shipping": 15_000, "days_ago": 50,
         "minute": 0, "paid": True},
        {"parts": [(0, 99_999), (1, 12_345)], "shipping": 9_000, "days_ago": 40,
         "minute": 700, "paid": True},
        {"parts": [(1, 77_777)], "shipping": 0, "days_ago": 35, "minute": 60, "paid": True},
        {"parts": [(0, 55_555)], "shipping": 27_500, "days_ago": 33, "minute": 10,
         "paid": True},
    ],
    "actions": [(minutes, action) for minutes, action in [
        (60, ("deliver", 0, 0)), (1440, ("month_end",)), (60, ("deliver", 2, 0)),
        (60, ("payout", 2, 0, False)), (60, ("cancel", 1, 1, True)),
        (60, ("refund", 3, 0, "part", 30)), (1440, ("reverse", 0, "chargeback")),
        (60, ("reverse", 2, "deny")), (60, ("reverse", 1, "cancel")),
        (60, ("reverse", 3, "chargeback")), (60, ("reverse", 3, "chargeback")),
        (60, ("refund", 3, 0, "all", 1)), (1440, ("month_end",)),
    ]],
}
