from types import SimpleNamespace

import pytest

from marketplace.catalog.status import (
    GROUP_TRANSITIONS,
    PRODUCT_TRANSITIONS,
    GroupStatus,
    IllegalTransitionError,
    ProductStatus,
    transition,
)


def test_pending_group_can_be_approved():
    group = SimpleNamespace(status=GroupStatus.PENDING)
    transition(group, GROUP_TRANSITIONS, GroupStatus.APPROVED)
    assert group.status == GroupStatus.APPROVED


def test_suspended_group_can_be_reinstated_but_not_rejected():
    group = SimpleNamespace(status=GroupStatus.SUSPENDED)
    with pytest.raises(IllegalTransitionError):
        transition(group, GROUP_TRANSITIONS, GroupStatus.REJECTED)
    assert group.status == GroupStatus.SUSPENDED
    transition(group, GROUP_TRANSITIONS, GroupStatus.APPROVED)
    assert group.status == GroupStatus.APPROVED


def test_pending_group_cannot_be_suspended():
    with pytest.raises(IllegalTransitionError):
        transition(SimpleNamespace(status=GroupStatus.PENDING), GROUP_TRANSITIONS,
                   GroupStatus.SUSPENDED)


def test_every_status_has_a_transition_row():
    assert set(GROUP_TRANSITIONS) == set(GroupStatus)
    assert set(PRODUCT_TRANSITIONS) == set(ProductStatus)


def test_product_cannot_move_to_its_own_status():
    for status in ProductStatus:
        with pytest.raises(IllegalTransitionError):
            transition(SimpleNamespace(status=status), PRODUCT_TRANSITIONS, status)


def test_a_reversed_payment_ends_the_order_and_holds_only_unshipped_parcels():
    from marketplace.orders.status import (
        ORDER_TRANSITIONS,
        SUB_ORDER_TRANSITIONS,
        OrderStatus,
        SubOrderStatus,
    )

    # only a paid order is reversed, and a reversed one goes nowhere after
    order = SimpleNamespace(status=OrderStatus.PAID)
    transition(order, ORDER_TRANSITIONS, OrderStatus.PAYMENT_REVERSED)
    for status in OrderStatus:
        with pytest.raises(IllegalTransitionError):
            transition(order, ORDER_TRANSITIONS, status)
    with pytest.raises(IllegalTransitionError):
        transition(SimpleNamespace(status=OrderStatus.REFUNDED), ORDER_TRANSITIONS,
                   OrderStatus.PAYMENT_REVERSED)
    # new and packing parcels go on hold; a parcel on its way or on hold stays as it is
    for status in (SubOrderStatus.NEW, SubOrderStatus.PROCESSING):
        sub = SimpleNamespace(status=status)
        transition(sub, SUB_ORDER_TRANSITIONS, SubOrderStatus.ON_HOLD)
    for status in (SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED, SubOrderStatus.ON_HOLD):
        with pytest.raises(IllegalTransitionError):
            transition(SimpleNamespace(status=status), SUB_ORDER_TRANSITIONS,
                       SubOrderStatus.ON_HOLD)
    assert SUB_ORDER_TRANSITIONS[SubOrderStatus.ON_HOLD] == frozenset()
    assert set(ORDER_TRANSITIONS) == set(OrderStatus)
    assert set(SUB_ORDER_TRANSITIONS) == set(SubOrderStatus)
