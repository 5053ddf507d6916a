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
