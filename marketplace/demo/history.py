"""Months of demo trade for `flask seed-demo`: paid, shipped, delivered, completed, cancelled
and refunded orders, complaints (demo/after_sale.py), commission rules and the groups'
payouts, so the reconciliation page and its chart show something real on a fresh machine.

Everything goes through the real services (payment, studio, refunds, payouts) in time
order, with the one clock set to the moment each event happened, so the ledger entries are
written once with their true dates and never touched again. The demo history reserves no
stock: its products' stock is what the catalogue says. So that the stock history still adds
up (`flask orders check`), each unit its orders keep is recorded as made for that order
and then reserved by it. Its knobs are in data/history.toml. Deterministic (a seeded
random) for a given "now"; a second run finds its first order and adds nothing.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog import stock
from marketplace.catalog.models import ProducerGroup, Product, Sentra
from marketplace.catalog.pricing import Item, ShippingTerms, split_into_parcels, totals
from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.demo.after_sale import plan_after_sale
from marketplace.demo.loader import load
from marketplace.demo.records import History
from marketplace.demo.reviews import plan_reviews
from marketplace.demo.timeline import Timeline, after_payout, wib
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import JAKARTA, jakarta_date, jakarta_day_start, utcnow
from marketplace.ledger import payouts, refunds
from marketplace.ledger.models import CommissionRule, RefundMethod
from marketplace.ledger.parcels import cancel_parcel
from marketplace.orders import fulfilment
from marketplace.orders import services as orders
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.models import Order, OrderLine, SubOrder
from marketplace.orders.status import OrderStatus, holds_units
from marketplace.payments.outcomes import mark_order_paid

CHECKOUT_KEY_PREFIX = "demo-history-"  # marks the demo's orders: seeded once


def already_seeded() -> bool:
    return db.session.scalar(
        select(Order.id).where(Order.checkout_key.like(f"{CHECKOUT_KEY_PREFIX}%")).limit(1)
    ) is not None


def seed_history(now: datetime | None = None) -> dict[str, int]:
    """Add the demo history once (after `seed_demo`); returns what it created, by kind."""
    now = now or utcnow()
    if already_seeded():
        return {}
    demo = load()
    buyer = db.session.scalar(select(User).where(User.email == demo.logins.buyer.email))
    admin = db.session.scalar(select(User).where(User.email == demo.logins.admin.email))
    products = list(db.session.scalars(
        select(Product).join(ProducerGroup, ProducerGroup.id == Product.group_id)
        .where(Product.status == ProductStatus.ACTIVE,
               ProducerGroup.status == GroupStatus.APPROVED)
        .order_by(Product.sku)
    ))
    if buyer is None or not products:
        return {}
    counts: Counter[str] = Counter()
    counts["commission rules"] = _ensure_rules(demo.history, now, admin)
    rng = random.Random(demo.history.seed)  # noqa: S311 - demo data, deterministic on purpose
    history = _History(demo.history, rng, now, buyer, admin, products, counts)
    history.plan()
    history.timeline.run()
    db.session.flush()
    _record_stock_history()
    return {kind: n for kind, n in counts.items() if n}


def _record_stock_history() -> None:
    """Each unit the history's orders keep out of stock: made for its order (an edit of +n)
    and reserved by it (-n), both when the order was placed, so the stock stays as the
    catalogue says and the history matches every order's state. Units of orders that were
    never paid, or of parcels their group cancelled, were never taken: nothing to record."""
    history = db.session.scalars(
        select(Order).where(Order.checkout_key.like(f"{CHECKOUT_KEY_PREFIX}%"))
        .order_by(Order.id)
    )
    rows = []
    for order in history:
        for sub in order.sub_orders:
            if not holds_units(order.status, sub.status):
                continue
            for line in sub.lines:
                rows.append(stock.movement(line.product_id, line.quantity,
                                           stock.StockReason.EDIT, at=order.created_at,
                                           variant_id=line.variant_id))
                rows.append(stock.movement(
                    line.product_id, -line.quantity, stock.StockReason.RESERVE,
                    order_id=order.id, sub_order_id=sub.id, user_id=order.user_id,
                    at=order.created_at, variant_id=line.variant_id))
    stock.record(rows)


def _ensure_rules(settings: History, now: datetime, admin: User | None) -> int:
    today = jakarta_date(now)
    wanted: list[tuple[str, int | None, int | None, int, date, str]] = []
    for rule in settings.commission_rules:
        day = rule.effective_from or (today - timedelta(days=rule.days_before_now)).replace(
            day=1)
        sentra_id = group_id = None
        if rule.scope == "sentra":
            sentra_id = db.session.scalar(select(Sentra.id).where(Sentra.slug == rule.target))
            if sentra_id is None:
                continue
        elif rule.scope == "group":
            group_id = db.session.scalar(select(ProducerGroup.id).where(
                ProducerGroup.slug == rule.target))
            if group_id is None:
                continue
        wanted.append((rule.scope, sentra_id, group_id, rule.rate_bp, day, rule.note))
    created = 0
    for scope, sentra_id, group_id, rate_bp, day, note in wanted:
        key = {"default": "default", "sentra": f"sentra:{sentra_id}",
               "group": f"group:{group_id}"}[scope]
        exists = db.session.scalar(select(CommissionRule.id).where(
            CommissionRule.target_key == key, CommissionRule.effective_from == day))
        if exists is None:
            db.session.add(CommissionRule(
                scope=scope, sentra_id=sentra_id, group_id=group_id, target_key=key,
                rate_bp=rate_bp, effective_from=day, note=note,
                created_at=min(now, jakarta_day_start(day) - timedelta(days=3)),
                created_by_id=admin.id if admin else None))
            created += 1
    db.session.flush()
    return created


class _History:
    """Plans every order's life on a timeline, then lets the timeline play it."""

    def __init__(self, settings: History, rng: random.Random, now: datetime, buyer: User,
                 admin: User | None, products: list[Product], counts: Counter) -> None:
        self.cfg, self.rng, self.now, self.buyer, self.admin = settings, rng, now, buyer, admin
        self.counts = counts
        self.timeline = Timeline()
        self.by_group: dict[int, list[Product]] = {}
        for product in products:
            self.by_group.setdefault(product.group_id, []).append(product)
        self.groups = {p.group_id: p.group for p in products}
        self.skus = {p.id: p.sku for p in products}
        self.variants = {v.id: v for p in products for v in p.variants}
        self.delivered: list[tuple[datetime, SubOrder]] = []  # planned deliveries
        self.refunded: set[int] = set()  # parcels the planned refunds take from

    # --- planning ----------------------------------------------------------------------
    def plan(self) -> None:
        cfg = self.cfg
        start = self.now - timedelta(days=cfg.days)
        recent = self.now - timedelta(days=5)
        moments = sorted([self._moment(start) for _ in range(cfg.orders - cfg.recent_orders)]
                         + [self._moment(recent) for _ in range(cfg.recent_orders)])
        old = [i for i, m in enumerate(moments) if m < self.now - timedelta(days=20)]
        expired, abandoned = cfg.expired_orders, cfg.expired_orders + cfg.abandoned_orders
        picked = self.rng.sample(old, abandoned + cfg.group_cancellations)
        unpaid = dict.fromkeys(picked[:expired], OrderStatus.EXPIRED) | dict.fromkeys(
            picked[expired:abandoned], OrderStatus.CANCELLED)
        cancelled = picked[abandoned:]  # paid, then one parcel cancelled by its group
        for index, created in enumerate(moments):
            order = self._new_order(index, created)
            if index in unpaid:
                self._plan_unpaid(order, unpaid[index])
                continue
            paid_at = created + timedelta(minutes=self.rng.randint(3, 90))
            self.timeline.add(paid_at, lambda o=order: self._pay(o))
            for position, sub in enumerate(order.sub_orders):
                if index in cancelled and position == 0:
                    self._plan_group_cancel(order, sub, paid_at)
                else:
                    self._plan_fulfilment(sub, paid_at)
        self._plan_refunds()
        plan_after_sale(self)  # completions and complaints (demo/after_sale.py)
        plan_reviews(self)  # buyers rate completed lines, groups reply (demo/reviews.py)
        self._plan_payouts(start)

    def _moment(self, start: datetime) -> datetime:
        span = (self.now - timedelta(hours=3) - start).total_seconds()
        moment = start + timedelta(seconds=span * self.rng.random() ** 0.85)
        day = moment.astimezone(JAKARTA).date()
        moment = wib(day, self.rng.randint(7, 21), self.rng.randint(0, 59))
        return moment if moment < self.now - timedelta(hours=3) else moment - timedelta(days=1)

    def _new_order(self, index: int, created: datetime) -> Order:
        group_ids = self.rng.sample(sorted(self.by_group), self.rng.choice([1, 1, 1, 2, 2, 3]))
        items = []
        for group_id in group_ids:
            for product in self.rng.sample(self.by_group[group_id],
                                           min(len(self.by_group[group_id]),
                                               self.rng.choice([1, 1, 2]))):
                variant = self.rng.choice(product.variants) if product.has_variants else None
                sold = variant or product
                items.append(Item(product.id, group_id, product.name, sold.price,
                                  self.rng.choice([1, 1, 1, 2, 3]), sold.weight_grams,
                                  variant_id=variant.id if variant else None))
        terms = {gid: ShippingTerms(self.groups[gid].shipping_fee,
                                    self.groups[gid].free_shipping_threshold)
                 for gid in group_ids}
        parcels = split_into_parcels(items, terms)
        total = totals(parcels)
        guest = None if self.rng.random() < 0.5 else self.rng.choice(self.cfg.guests)
        who = guest or self.cfg.account_address
        order = Order(
            checkout_key=f"{CHECKOUT_KEY_PREFIX}{index:03d}",
            user_id=None if guest else self.buyer.id,
            buyer_name=guest.name if guest else self.buyer.name,
            email=guest.email if guest else self.buyer.email, phone=who.phone,
            street=who.street, village=who.village, district=who.district,
            regency=who.regency, province=who.province, postal_code=who.postal_code,
            goods_amount=total.goods, shipping_amount=total.shipping,
            grand_total=total.grand_total, created_at=created,
            expires_at=created + timedelta(hours=current_app.config["ORDER_EXPIRY_HOURS"]),
        )
        for parcel in parcels:
            sub = SubOrder(group_id=parcel.group_id, group_name=self.groups[parcel.group_id].name,
                           goods_amount=parcel.subtotal, shipping_amount=parcel.shipping_fee,
                           weight_grams=parcel.weight_grams, created_at=created)
            for item in parcel.items:
                variant = self.variants.get(item.variant_id)
                sub.lines.append(OrderLine(
                    product_id=item.product_id, product_name=item.name,
                    variant_id=item.variant_id, variant_label=variant.label if variant else "",
                    sku=variant.sku if variant else self.skus[item.product_id],
                    unit_price=item.unit_price, quantity=item.quantity,
                    weight_grams=item.weight_grams))
            order.sub_orders.append(sub)
        db.session.add(order)
        db.session.flush()
        order.number = f"PS-{created:%Y}-{order.id:06d}"
        db.session.add(PaymentAttempt(
            order_id=order.id, attempt_no=1, midtrans_order_id=f"{order.number}-1",
            gross_amount=order.grand_total, state="redirected",
            payment_type=self.rng.choice(self.cfg.payment_types),
            created_at=created + timedelta(minutes=1), updated_at=created + timedelta(minutes=1),
        ))
        self.counts["orders"] += 1
        return order

    def _plan_unpaid(self, order: Order, status: OrderStatus) -> None:
        closed = order.expires_at if status == OrderStatus.EXPIRED else \
            order.created_at + timedelta(minutes=40)  # the buyer gave up in Snap
        self.timeline.add(closed, lambda: self._close(order, status))

    def _plan_fulfilment(self, sub: SubOrder, paid_at: datetime) -> None:
        processing = paid_at + timedelta(hours=self.rng.uniform(2, 20))
        shipped = processing + timedelta(hours=self.rng.uniform(4, 30))
        delivered = shipped + timedelta(hours=self.rng.uniform(24, 96))
        limit = self.now - timedelta(minutes=10)
        if processing < limit:
            self.timeline.add(processing, lambda: fulfilment.start_processing(sub))
        if shipped < limit:
            courier = self.rng.choice(self.cfg.couriers)
            tracking = f"{courier.prefix}{self.rng.randint(10**9, 10**10 - 1)}"
            self.timeline.add(shipped, lambda: fulfilment.ship(sub, courier.name, tracking))
        if delivered < limit:
            self.timeline.add(delivered, lambda: fulfilment.mark_delivered(sub))
            self.delivered.append((delivered, sub))

    def _plan_group_cancel(self, order: Order, sub: SubOrder, paid_at: datetime) -> None:
        cancel_at = paid_at + timedelta(hours=self.rng.uniform(8, 30))
        reason = self.rng.choice(self.cfg.group_cancel_reasons)
        self.timeline.add(cancel_at, lambda: self._cancel(sub, reason))
        refund_at = wib(jakarta_date(cancel_at) + timedelta(days=2), 16, 30)
        self.timeline.add(refund_at, lambda: self._refund(
            order, sub, sub.goods_amount + sub.shipping_amount, f"Pengembalian penuh: {reason}"))

    def _plan_refunds(self) -> None:
        """Partial and full refunds of delivered parcels, a few days after delivery; one of
        them after its parcel was paid out (the group's next payout takes it back)."""
        latest = self.now - timedelta(days=2)
        candidates = [(d, s) for d, s in self.delivered
                      if wib(jakarta_date(d) + timedelta(days=9), 20) < latest]
        chosen = self.rng.sample(candidates, min(self.cfg.refunds, len(candidates)))
        self.refunded = {sub.id for _delivered, sub in chosen}
        for number, (delivered, sub) in enumerate(chosen):
            full = number == 0
            if full:
                amount = sub.goods_amount + sub.shipping_amount
                reason = self.cfg.full_refund_reasons[0]
                day = jakarta_date(delivered) + timedelta(days=2)
            else:
                line = sub.lines[0]
                amount = line.unit_price if line.quantity > 1 or len(sub.lines) > 1 else \
                    max(1000, sub.goods_amount * self.rng.choice([30, 40, 50]) // 100 // 1000
                        * 1000)
                reasons = self.cfg.partial_refund_reasons
                reason = reasons[number % len(reasons)]
                # the last one comes after the month's payout: a claw-back
                day = after_payout(delivered) if number == len(chosen) - 1 else \
                    jakarta_date(delivered) + timedelta(days=self.rng.randint(2, 5))
            moment = wib(day, self.rng.randint(16, 20), self.rng.randint(0, 59))
            if moment < latest:
                self.timeline.add(moment, lambda o=sub.order, s=sub, a=amount, r=reason:
                                  self._refund(o, s, a, r))

    def _plan_payouts(self, start: datetime) -> None:
        """On the 6th, each group is paid for what was delivered up to the month's end;
        the latest delivered parcels of one group wait in a draft payout."""
        month = jakarta_date(start).replace(day=1)
        while True:
            month = (month + timedelta(days=32)).replace(day=1)
            created, paid = wib(month.replace(day=6), 9), wib(month.replace(day=6), 14)
            if paid >= self.now - timedelta(hours=1):
                break
            cutoff = month - timedelta(days=1)
            self.timeline.add(created, lambda c=cutoff, p=paid: self._monthly_payouts(c, p))
        self.timeline.add(self.now - timedelta(minutes=30), self._draft_payout)

    # --- events ------------------------------------------------------------------------
    def _pay(self, order: Order) -> None:
        attempt = db.session.scalar(select(PaymentAttempt).where(
            PaymentAttempt.order_id == order.id))
        mark_order_paid(order)
        attempt.transaction_status = "settlement"
        attempt.updated_at = order.paid_at
        order.receipt_sent_at = order.paid_at  # the demo sends no e-mail
        for sub in order.sub_orders:
            sub.group_notified_at = order.paid_at
        db.session.flush()

    def _close(self, order: Order, status: OrderStatus) -> None:
        attempt = db.session.scalar(select(PaymentAttempt).where(
            PaymentAttempt.order_id == order.id))
        attempt.transaction_status = "expire" if status == OrderStatus.EXPIRED else "cancel"
        attempt.updated_at = self.timeline.moment
        # No stock was reserved for the demo history, so none may go back.
        order.stock_released_at = order.created_at
        for sub in order.sub_orders:
            sub.stock_released_at = order.created_at
        db.session.flush()
        orders.close_unpaid(order, status)

    def _cancel(self, sub: SubOrder, reason: str) -> None:
        sub.stock_released_at = sub.created_at  # nothing was reserved: nothing goes back
        db.session.flush()
        cancel_parcel(sub, reason)

    def _refund(self, order: Order, sub: SubOrder, amount: int, reason: str) -> None:
        room = refunds.refund_room(sub).total_left
        if order.status != OrderStatus.PAID or room <= 0:
            return
        day = self.timeline.moment.astimezone(JAKARTA)
        reference = f"BCA {day:%m%d}{self.rng.randint(1000, 9999)}"
        refunds.create_refund(order, sub, min(amount, room), reason,
                              RefundMethod.BANK_TRANSFER, reference, actor=self.admin)
        self.counts["refunds"] += 1

    def _monthly_payouts(self, cutoff: date, paid_at: datetime) -> None:
        made = []
        for group_id in sorted(self.groups):
            group = self.groups[group_id]
            lines = payouts.preview(group, cutoff)
            if lines and sum(line.net for line in lines) > 0:
                made.append(payouts.create_payout(group, cutoff, actor=self.admin,
                                                  note=f"Pencairan {cutoff:%m/%Y}"))
                self.counts["payouts"] += 1
        self.timeline.add(paid_at, lambda: self._transfer(made, paid_at))

    def _transfer(self, made: list, paid_at: datetime) -> None:
        for number, payout in enumerate(made, start=1):
            reference = f"BCA TRF {paid_at.astimezone(JAKARTA):%d%m%y}{number:04d}"
            payouts.mark_paid(payout, reference, jakarta_date(paid_at))

    def _draft_payout(self) -> None:
        slugs = {group.slug: group for group in self.groups.values()}
        preferred = [slugs[s] for s in self.cfg.draft_payout_groups if s in slugs]
        today = jakarta_date(self.timeline.moment)
        for group in [*preferred, *sorted(self.groups.values(), key=lambda g: g.id)]:
            lines = payouts.preview(group, today)
            if lines and sum(line.net for line in lines) > 0:
                payouts.create_payout(group, today, actor=self.admin,
                                      note="Menunggu transfer bank")
                self.counts["payouts"] += 1
                return


