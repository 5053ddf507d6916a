"""The demo history after the sale: delivered parcels completed (the buyer confirms receipt,
or the auto-complete command does it AUTO_COMPLETE_DAYS after shipping), one complaint still
waiting for the association and one refunded in part through the refund flow.

Planned on the history's timeline with the real services (orders.receipt,
orders.complaint_services, ledger.complaint_refunds), each at its own moment. It draws from
a random generator of its own, so the rest of the history is the same with or without it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.ledger.complaint_refunds import refund_for_complaint
from marketplace.ledger.models import RefundMethod
from marketplace.orders import complaint_services as complaints
from marketplace.orders import receipt
from marketplace.orders.models import SubOrder

SEED_OFFSET = 15  # the after-sale generator's seed: the history's plus this


def plan_after_sale(history) -> None:
    """Plan completions and the two complaints on `history` (demo.history._History), whose
    `delivered` lists the planned deliveries and `refunded` the parcels its refunds take."""
    cfg, now = history.cfg, history.now
    rng = random.Random(cfg.seed + SEED_OFFSET)  # noqa: S311 - demo data, deterministic
    limit = now - timedelta(minutes=10)
    delivered = sorted(history.delivered, key=lambda pair: (pair[0], pair[1].id))
    free = [(moment, sub) for moment, sub in delivered if sub.id not in history.refunded]
    held: set[int] = set()  # parcels under complaint: their buyers confirm nothing
    if cfg.open_complaint:
        fresh = [(d, s) for d, s in free if d + timedelta(hours=6) < limit]
        if fresh:
            moment, sub = fresh[-1]  # the latest delivery: still waiting, as it should be
            held.add(sub.id)
            _plan_complaint(history, sub, moment + timedelta(hours=rng.uniform(2, 5)),
                            cfg.open_complaint, rng)
    if cfg.resolved_complaint:
        older = [(d, s) for d, s in free if s.id not in held and d < now - timedelta(days=20)
                 and (len(s.lines) > 1 or s.lines[0].quantity > 1)]
        if older:
            moment, sub = rng.choice(older)
            held.add(sub.id)  # completed by the auto-complete command once decided
            _plan_complaint(history, sub, moment + timedelta(hours=rng.uniform(18, 30)),
                            cfg.resolved_complaint, rng)
    auto = timedelta(days=current_app.config["AUTO_COMPLETE_DAYS"])
    for moment, sub in delivered:
        confirm = moment + timedelta(hours=rng.uniform(3, 40))
        if rng.randrange(100) < cfg.confirmed_receipts_percent and confirm < limit \
                and sub.id not in held:
            history.timeline.add(confirm, lambda s=sub: _confirm(history, s))
        # the nightly cron: the first run after the parcel is due
        cron = moment + auto + timedelta(hours=rng.uniform(1, 20))
        if cron < limit:
            history.timeline.add(cron, lambda s=sub: _auto_complete(history, s))


def _plan_complaint(history, sub: SubOrder, opened: datetime, texts: tuple[str, ...],
                    rng: random.Random) -> None:
    """Opened by the buyer, answered by the group, and decided (a partial refund) when the
    texts give the association's note; each step once its moment has come."""
    limit = history.now - timedelta(minutes=10)
    reason, description, answer = texts[0], texts[1], texts[2]
    history.timeline.add(opened, _quietly(lambda: _open(history, sub, reason, description)))
    answered = opened + timedelta(hours=rng.uniform(3, 12))
    if answered < limit:
        history.timeline.add(answered, _quietly(lambda: _answer(sub, answer)))
    if len(texts) > 3:
        decided = answered + timedelta(hours=rng.uniform(12, 30))
        if decided < limit:
            history.timeline.add(decided,
                                 _quietly(lambda: _refund_part(history, sub, texts[3])))


def _quietly(action):
    """The step, emailing no one: the demo sends no e-mail."""
    def run() -> None:
        with complaints.without_emails():
            action()
    return run


def _open(history, sub: SubOrder, reason: str, description: str) -> None:
    order = sub.order
    if complaints.refusal(order, sub) is not None:  # never expected: a refund came first
        return
    complaints.open_complaint(order, sub, reason, description, [], user_id=order.user_id)
    history.counts["complaints"] += 1


def _answer(sub: SubOrder, text: str) -> None:
    complaint = _waiting(sub)
    if complaint is None:
        return
    member = db.session.scalar(
        select(User).join(GroupMembership, GroupMembership.user_id == User.id)
        .where(GroupMembership.group_id == sub.group_id).order_by(User.id).limit(1))
    complaints.answer(complaint, text, member)


def _refund_part(history, sub: SubOrder, note: str) -> None:
    complaint = _waiting(sub)
    if complaint is None:
        return
    line = sub.lines[0]
    refund_for_complaint(sub.order, complaint, False, line.unit_price,
                         RefundMethod.BANK_TRANSFER, f"BCA KMP{sub.id:06d}", note,
                         actor=history.admin)
    history.counts["refunds"] += 1


def _waiting(sub: SubOrder):
    return next((c for c in complaints.complaints_of_parcel(sub) if c.is_open), None)


def _confirm(history, sub: SubOrder) -> None:
    if receipt.confirm_receipt(sub.order, sub.id):
        history.counts["parcels received"] += 1


def _auto_complete(history, sub: SubOrder) -> None:
    if receipt.complete_due_parcel(sub.id, history.timeline.moment):
        history.counts["parcels completed"] += 1
