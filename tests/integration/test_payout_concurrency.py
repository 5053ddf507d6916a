"""A sub-order is in at most one payout: the database enforces it, also under concurrency.

Each racer is a thread with its own request context, session and connection, released
together by a barrier, as two admins pressing "Create draft payout" at the same moment.
"""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.catalog.models import ProducerGroup
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts
from marketplace.ledger.models import Payout, PayoutLine, PayoutStatus
from tests.factories import deliver, make_group, make_order, make_rule, pay

RACERS = 4
ROUNDS = 3


def _delivered_parcels(group, count: int) -> list[int]:
    when = utcnow() - timedelta(days=2)
    ids = []
    for n in range(count):
        order = pay(make_order([(group, 100_000 + n * 1_000)], at=when), at=when)
        ids.append(deliver(order.sub_orders[0], at=when).id)
    return ids


def _race(app, count: int, action) -> list[str]:
    """Run `action()` in `count` threads at once, each in its own context; their outcomes."""
    barrier, outcomes, lock = threading.Barrier(count), [], threading.Lock()

    def run():
        with app.test_request_context():
            try:
                barrier.wait(timeout=30)
                begin_write()
                action()
                db.session.commit()
                outcome = "created"
            except payouts.PayoutError:
                db.session.rollback()
                outcome = "nothing owed"
            except IntegrityError:
                db.session.rollback()
                outcome = "refused by the database"
            except Exception as error:  # noqa: BLE001 - reported as the test's failure
                db.session.rollback()
                outcome = f"error: {error.__class__.__name__}: {error}"
            finally:
                db.session.remove()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.parametrize("round_no", range(ROUNDS))
def test_payout_race_for_one_group_leaves_its_parcels_in_exactly_one_payout(app, round_no):
    # given a group with three delivered parcels
    make_rule(1000)
    group = make_group()
    sub_ids = _delivered_parcels(group, 3)
    group_id, cutoff = group.id, jakarta_date(utcnow())
    db.session.commit()

    def create():
        payouts.create_payout(db.session.get(ProducerGroup, group_id), cutoff)

    # when four admins create its payout at the same moment
    outcomes = _race(app, RACERS, create)
    # then one payout was created and every other admin was refused, by the check or the
    # database's unique claim (on PostgreSQL both may read before either writes)
    assert outcomes.count("created") == 1, outcomes
    assert set(outcomes) <= {"created", "nothing owed", "refused by the database"}, outcomes
    db.session.commit()
    assert db.session.scalar(select(func.count(Payout.id))) == 1
    claimed = db.session.scalars(select(PayoutLine.sub_order_id)).all()
    assert sorted(claimed) == sorted(sub_ids)
    payout = db.session.scalar(select(Payout))
    assert payout.amount == sum(line.net_amount for line in payout.lines)


def test_two_direct_inserts_of_one_sub_order_at_once_leave_one_line(app):
    # given one delivered parcel and two draft payouts, bypassing the service's checks
    group = make_group()
    (sub_id,) = _delivered_parcels(group, 1)
    drafts = [Payout(group_id=group.id, status=PayoutStatus.DRAFT,
                     cutoff=jakarta_date(utcnow()), amount=1) for _ in range(2)]
    db.session.add_all(drafts)
    db.session.commit()
    payout_ids = iter([draft.id for draft in drafts])
    take = threading.Lock()

    def insert_line():
        with take:
            payout_id = next(payout_ids)
        db.session.add(PayoutLine(payout_id=payout_id, sub_order_id=sub_id, goods_amount=1,
                                  shipping_amount=0, commission_amount=0, refunded_amount=0,
                                  net_amount=1))
        db.session.flush()

    # when both inserts race
    outcomes = _race(app, 2, insert_line)
    # then the database kept one and refused the other
    assert sorted(outcomes) == ["created", "refused by the database"], outcomes
    db.session.commit()
    assert db.session.scalar(select(func.count(PayoutLine.id))
                             .where(PayoutLine.sub_order_id == sub_id)) == 1


def test_a_second_line_for_a_paid_out_sub_order_is_refused(app):
    # given a sub-order in a payout
    group = make_group()
    (sub_id,) = _delivered_parcels(group, 1)
    first = payouts.create_payout(group, jakarta_date(utcnow()))
    payouts.mark_paid(first, "TRF-1", jakarta_date(utcnow()))
    other = Payout(group_id=group.id, status=PayoutStatus.DRAFT, cutoff=first.cutoff, amount=1)
    db.session.add(other)
    db.session.commit()
    # when a second line for it is inserted directly
    db.session.add(PayoutLine(payout_id=other.id, sub_order_id=sub_id, goods_amount=1,
                              shipping_amount=0, commission_amount=0, refunded_amount=0,
                              net_amount=1))
    # then the database refuses it
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalars(select(PayoutLine.payout_id)
                              .where(PayoutLine.sub_order_id == sub_id)).all() == [first.id]
