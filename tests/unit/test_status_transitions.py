"""Every status transition, allowed and refused, for every transition table.

The expected tables below are written out by hand from DOMAIN.md: for each table, every
(from, to) pair of its statuses is checked, so a move added to or dropped from a table in
the code fails here until the table here says the same.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from marketplace.catalog.status import (
    GROUP_TRANSITIONS,
    PRODUCT_TRANSITIONS,
    GroupStatus,
    ProductStatus,
)
from marketplace.kernel.outbox.models import OUTBOX_TRANSITIONS, OutboxState
from marketplace.kernel.statemachine import IllegalTransitionError, check_transition, transition
from marketplace.ledger.models import (
    PAYOUT_TRANSITIONS,
    REFUND_TRANSITIONS,
    PayoutStatus,
    RefundState,
)
from marketplace.orders.attempts import ATTEMPT_TRANSITIONS, AttemptState
from marketplace.orders.complaint_status import COMPLAINT_TRANSITIONS, ComplaintStatus
from marketplace.orders.status import (
    ORDER_TRANSITIONS,
    SUB_ORDER_TRANSITIONS,
    OrderStatus,
    SubOrderStatus,
)

# name: (status enum, the table in the code, {from: the statuses it may move to})
TABLES = {
    "order": (OrderStatus, ORDER_TRANSITIONS, {
        "pending_payment": {"paid", "cancelled", "expired"},
        "paid": {"refunded", "payment_reversed"},
        "expired": {"paid"},  # a late settlement, once an admin re-reserves the stock
        "cancelled": {"paid"},
        "refunded": set(),
        "payment_reversed": set(),
    }),
    "sub_order": (SubOrderStatus, SUB_ORDER_TRANSITIONS, {
        "awaiting_payment": {"new", "cancelled"},
        "new": {"processing", "cancelled_by_group", "on_hold"},
        "processing": {"shipped", "cancelled_by_group", "on_hold"},
        "shipped": {"delivered", "completed"},  # received, or auto-completed
        "delivered": {"completed"},
        "completed": set(),
        "cancelled_by_group": set(),
        "cancelled": {"new"},  # the order revived by a late settlement
        "on_hold": set(),
    }),
    "complaint": (ComplaintStatus, COMPLAINT_TRANSITIONS, {
        "open": {"answered", "rejected", "refunded_partly", "refunded_fully"},
        "answered": {"rejected", "refunded_partly", "refunded_fully"},
        "rejected": set(),
        "refunded_partly": set(),
        "refunded_fully": set(),
    }),
    "payment_attempt": (AttemptState, ATTEMPT_TRANSITIONS, {
        "created": {"redirected", "failed"},
        "redirected": set(),
        "failed": set(),
    }),
    "refund": (RefundState, REFUND_TRANSITIONS, {
        "requested": {"succeeded", "failed"},
        "succeeded": set(),
        "failed": set(),
    }),
    "payout": (PayoutStatus, PAYOUT_TRANSITIONS, {
        "draft": {"paid", "cancelled"},
        "paid": set(),
        "cancelled": set(),
    }),
    "outbox": (OutboxState, OUTBOX_TRANSITIONS, {
        "queued": {"sent", "failed"},
        "failed": {"queued"},
        "sent": set(),
    }),
    "group": (GroupStatus, GROUP_TRANSITIONS, {
        "pending": {"approved", "rejected"},
        "approved": {"suspended"},
        "suspended": {"approved"},
        "rejected": {"pending"},
    }),
    "product": (ProductStatus, PRODUCT_TRANSITIONS, {
        "draft": {"active", "archived"},
        "active": {"draft", "archived"},
        "archived": {"draft", "active"},
    }),
}


def _pairs():
    for name, (enum, _table, allowed) in TABLES.items():
        for current in enum:
            for new in enum:
                yield pytest.param(name, current, new, new in allowed[current],
                                   id=f"{name}:{current}->{new}")


@pytest.mark.parametrize(("name", "current", "new", "allowed"), list(_pairs()))
def test_a_transition_is_made_exactly_when_the_table_allows_it(name, current, new, allowed):
    _enum, table, _expected = TABLES[name]
    row = SimpleNamespace(status=current)
    if allowed:
        check_transition(table, current, new)
        transition(row, table, new)
        assert row.status == new
    else:
        with pytest.raises(IllegalTransitionError, match=f"{current} -> {new} is not allowed"):
            check_transition(table, current, new)
        with pytest.raises(IllegalTransitionError):
            transition(row, table, new)
        assert row.status == current  # a refused move changes nothing


@pytest.mark.parametrize("name", TABLES)
def test_every_status_has_a_row_and_the_rows_are_the_expected_ones(name):
    enum, table, expected = TABLES[name]
    assert set(expected) == {status.value for status in enum}  # this file covers them all
    assert {str(k): {str(v) for v in vs} for k, vs in table.items()} == expected


def test_no_status_moves_to_itself():
    for _enum, table, _expected in TABLES.values():
        for current, targets in table.items():
            assert current not in targets
