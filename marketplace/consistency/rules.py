"""What `flask orders check` calls a finding: plain functions over plain rows.

The rows are what `gather.py` reads in a handful of set-based queries (one row per order,
sub-order, product, payment attempt, and sub-order × product of the stock history); these
functions import neither Flask nor the database, so every rule is unit-tested on its own.
Rows are named tuples (hundreds of thousands of them are made in a check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from marketplace.ledger.commission import commission_for, reversal_target
from marketplace.orders.status import OrderStatus, SubOrderStatus, holds_units

# A payment attempt Midtrans took the money through (ledger.refunds, payments.outcomes).
SETTLED = frozenset({"settlement", "capture"})
PAID_HERE = SETTLED | {"partial_refund", "refund"}
# Statuses of an order that was paid at some point: its parcels earned commission.
WAS_PAID = frozenset({OrderStatus.PAID, OrderStatus.REFUNDED, OrderStatus.PAYMENT_REVERSED})
UNPAID = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED, OrderStatus.EXPIRED})
# Midtrans said this attempt is over: the buyer cannot pay through it any more.
ATTEMPT_OVER = frozenset({"deny", "cancel", "expire", "failure"})
# An order younger than this may still be getting its first payment attempt.
ATTEMPT_GRACE = timedelta(minutes=15)

# The kinds of finding, in the order the report lists them, with their headings.
KINDS = {
    "order_structure": "Orders without sub-orders or lines, or whose totals do not add up",
    "stock_history": "Stock that differs from its movement history",
    "stock_orders": "Stock that differs from what orders hold",
    "variant_stock": "Variants whose stock differs from their history or their product's",
    "reservation": "Reservations that do not match the order's state",
    "accrual": "Paid sub-orders without exactly one commission accrual",
    "ledger": "Commission and money that do not add up (docs/money.md)",
    "after_sale": "Parcels completed without their dates, or while a complaint is open",
    "pending_attempt": "Pending orders without a usable payment attempt",
    "settled_unpaid": "Settled payments on orders that are not paid",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    order: str | None  # the order number it concerns, if any
    message: str
    product: str | None = None  # the product's SKU, for stock findings

    def as_dict(self) -> dict:
        return {"kind": self.kind, "order": self.order, "product": self.product,
                "message": self.message}


class OrderRow(NamedTuple):
    id: int
    number: str | None
    status: str
    goods_amount: int
    shipping_amount: int
    grand_total: int
    needs_review: bool
    released: bool  # stock_released_at is set
    sub_orders: int = 0
    sub_goods: int = 0
    sub_shipping: int = 0
    refunded: int = 0  # completed refunds recorded against the order
    paid_attempts: int = 0  # attempts Midtrans took the money through
    paid_gross_min: int | None = None
    paid_gross_max: int | None = None

    @property
    def label(self) -> str:
        return self.number or f"order #{self.id}"


class SubOrderRow(NamedTuple):
    id: int
    order_id: int
    group_name: str
    status: str
    goods_amount: int
    shipping_amount: int
    released: bool  # stock_released_at is set
    commission_amount: int = 0
    commission_rate_bp: int | None = None
    lines: int = 0
    line_goods: int = 0  # Σ unit price × quantity
    accruals: int = 0
    accrued: int = 0
    accrual_rate_bp: int | None = None
    reversed: int = 0  # Σ reversal entries (a negative number)
    refunded: int = 0  # completed refunds of this parcel
    goods_refunded: int = 0
    open_complaints: int = 0  # complaints waiting for the association's decision
    shipped: bool = False  # shipped_at is set
    completed: bool = False  # completed_at is set

    @property
    def label(self) -> str:
        return f"parcel {self.id} ({self.group_name})"


class HoldingRow(NamedTuple):
    """One product of one sub-order: units its lines ask for against its stock movements
    (gather.py reads only those that differ from what the parcel's state says)."""

    sub_order_id: int
    product_id: int
    ordered: int  # Σ quantity of the sub-order's lines for the product
    taken: int  # units its movements took out of stock (reserve + revive − release)
    releases: int  # how many release movements


class ProductRow(NamedTuple):
    id: int
    sku: str
    name: str
    stock: int
    history: int  # Σ of every movement
    supply: int  # Σ of the movements that brought stock in (opening, initial, edit, import)
    held: int = 0  # units its orders' states say are out of stock (holds_units)


class VariantRow(NamedTuple):
    """One variant: its stock against its own movements, and (on the listing's first
    variant row) the listing's stock against the sum of its active variants'."""

    id: int
    sku: str
    label: str
    stock: int
    history: int  # Σ of the movements that name the variant
    product_sku: str
    product_stock: int
    variants_stock: int  # Σ stock of the product's variants
    first: bool  # the product's first variant row (its sum is checked once)


class AttemptRow(NamedTuple):
    order_id: int
    midtrans_order_id: str
    state: str
    gross_amount: int
    transaction_status: str
    has_redirect: bool


@dataclass
class Snapshot:
    """Everything the rules look at, read in one consistent snapshot."""

    taken_at: datetime
    orders: list[OrderRow]
    sub_orders: list[SubOrderRow]
    holdings: list[HoldingRow]
    products: list[ProductRow]
    attempts: list[AttemptRow]  # of orders that are not paid
    variants: list[VariantRow] = field(default_factory=list)
    pending_since: dict[int, datetime] = field(default_factory=dict)  # pending order's creation
    review_notes: dict[int, str] = field(default_factory=dict)  # order id -> review_reason


# --- orders and their lines -----------------------------------------------------------------
def structure_findings(order: OrderRow, subs: list[SubOrderRow]) -> list[Finding]:
    """An order without sub-orders, a sub-order without lines, or totals that differ."""
    found = []
    if order.sub_orders == 0:
        found.append(Finding("order_structure", order.label, "has no sub-orders"))
    elif (order.sub_goods, order.sub_shipping) != (order.goods_amount, order.shipping_amount):
        found.append(Finding(
            "order_structure", order.label,
            f"goods {order.goods_amount} + shipping {order.shipping_amount}, but its "
            f"sub-orders add up to {order.sub_goods} + {order.sub_shipping}"))
    if order.grand_total != order.goods_amount + order.shipping_amount:
        found.append(Finding("order_structure", order.label,
                             f"grand total {order.grand_total} is not goods + shipping"))
    for sub in subs:
        if sub.lines == 0:
            found.append(Finding("order_structure", order.label, f"{sub.label} has no lines"))
        elif sub.line_goods != sub.goods_amount:
            found.append(Finding(
                "order_structure", order.label,
                f"{sub.label}: goods {sub.goods_amount}, but its lines add up to "
                f"{sub.line_goods}"))
    return found


# --- stock ------------------------------------------------------------------------------------
def reservation_findings(order: OrderRow, sub: SubOrderRow,
                         holdings: list[HoldingRow]) -> list[Finding]:
    """The parcel's stock movements against its state: its units held while the order is
    pending or the parcel sold, given back exactly once when the state says they went back."""
    holds = holds_units(order.status, sub.status)
    found = []
    for row in holdings:
        expected = row.ordered if holds else 0
        if row.taken == expected:
            continue
        if row.ordered == 0:
            why = f"product {row.product_id}: {row.taken} unit(s) taken for no line"
        elif holds:
            why = (f"product {row.product_id}: {row.ordered} unit(s) should be out of stock "
                   f"({order.status}, {sub.status}), the history took {row.taken}")
        elif row.releases > 1 or row.taken < 0:
            why = (f"product {row.product_id}: given back {row.releases} time(s), "
                   f"{row.taken} unit(s) net taken instead of 0")
        else:
            why = (f"product {row.product_id}: {row.taken} unit(s) still out of stock, "
                   f"but the parcel is {sub.status} in a {order.status} order")
        found.append(Finding("reservation", order.label, f"{sub.label}: {why}"))
    if holds and sub.released:
        found.append(Finding(
            "reservation", order.label,
            f"{sub.label} holds its units but is marked released: a cancellation would "
            "not give them back"))
    if not holds and not sub.released:
        found.append(Finding("reservation", order.label,
                             f"{sub.label} is {sub.status} but its units are not marked "
                             "released"))
    return found


def release_findings(order: OrderRow) -> list[Finding]:
    """The order's own mark: released once it ended unpaid, never while it waits."""
    if order.status == OrderStatus.PENDING_PAYMENT and order.released:
        return [Finding("reservation", order.label,
                        "pending, but its stock is marked released")]
    if order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED) and not order.released:
        return [Finding("reservation", order.label,
                        f"{order.status}, but its stock was never released")]
    return []


def product_findings(product: ProductRow) -> list[Finding]:
    """stock = Σ movements, and stock + units orders hold = what came in."""
    found, held = [], product.held
    label = f"{product.sku} {product.name}"
    if product.stock != product.history:
        found.append(Finding(
            "stock_history", None,
            f"{label}: stock {product.stock}, its movements add up to {product.history} "
            f"(changed by {product.stock - product.history:+d} outside the app)",
            product=product.sku))
    if product.stock + held != product.supply:
        found.append(Finding(
            "stock_orders", None,
            f"{label}: stock {product.stock} + {held} unit(s) held by orders = "
            f"{product.stock + held}, but {product.supply} came in", product=product.sku))
    return found


def variant_findings(variant: VariantRow) -> list[Finding]:
    """A variant's stock = Σ its movements; a listing sold in variants holds their stock."""
    found = []
    if variant.stock != variant.history:
        found.append(Finding(
            "variant_stock", None,
            f"{variant.sku} ({variant.label}): stock {variant.stock}, its movements add up to "
            f"{variant.history}", product=variant.product_sku))
    if variant.first and variant.product_stock != variant.variants_stock:
        found.append(Finding(
            "variant_stock", None,
            f"{variant.product_sku}: stock {variant.product_stock}, its variants hold "
            f"{variant.variants_stock}", product=variant.product_sku))
    return found


# --- after the sale ---------------------------------------------------------------------------
def after_sale_findings(order: OrderRow, sub: SubOrderRow) -> list[Finding]:
    """A completed parcel was shipped and completed (its dates say when), and is never
    under an open complaint (orders/receipt.py); at most one complaint waits per parcel."""
    found = []
    if sub.status == SubOrderStatus.COMPLETED and not (sub.shipped and sub.completed):
        found.append(Finding("after_sale", order.label,
                             f"{sub.label} is completed, but its shipping or completion "
                             "time is missing"))
    if sub.status == SubOrderStatus.COMPLETED and sub.open_complaints:
        found.append(Finding("after_sale", order.label,
                             f"{sub.label} is completed while a complaint is open"))
    if sub.open_complaints > 1:
        found.append(Finding("after_sale", order.label,
                             f"{sub.label} has {sub.open_complaints} open complaints"))
    return found


# --- the commission ledger and the money ------------------------------------------------------
def commission_findings(order: OrderRow, sub: SubOrderRow) -> list[Finding]:
    """One accrual per paid parcel (none for an unpaid one), at the copied rate, and the
    reversals docs/money.md prescribes."""
    if order.status not in WAS_PAID:
        if sub.accruals or sub.reversed:
            return [Finding("accrual", order.label,
                            f"{sub.label} of a {order.status} order has {sub.accruals} "
                            "accrual(s): an unpaid order earns no commission")]
        return []
    if sub.accruals != 1:
        return [Finding("accrual", order.label,
                        f"{sub.label} has {sub.accruals} accrual(s), not exactly one")]
    found = []
    rate = sub.commission_rate_bp
    expected = commission_for(sub.goods_amount, rate) if rate is not None else None
    if rate is None or sub.accrual_rate_bp != rate or sub.accrued != sub.commission_amount \
            or sub.accrued != expected:
        found.append(Finding(
            "ledger", order.label,
            f"{sub.label}: accrual {sub.accrued} at {sub.accrual_rate_bp} bp, parcel says "
            f"{sub.commission_amount} at {rate} bp, the rate gives {expected}"))
    cancelled = sub.status == SubOrderStatus.CANCELLED_BY_GROUP
    target = reversal_target(sub.accrued, sub.goods_amount, sub.goods_refunded, cancelled)
    if -sub.reversed != target:
        found.append(Finding(
            "ledger", order.label,
            f"{sub.label}: {-sub.reversed} of its commission given back, {target} should be "
            f"({sub.goods_refunded} of {sub.goods_amount} goods refunded"
            f"{', cancelled by the group' if cancelled else ''})"))
    if not 0 <= sub.refunded <= sub.goods_amount + sub.shipping_amount:
        found.append(Finding("ledger", order.label,
                             f"{sub.label}: {sub.refunded} refunded of a parcel of "
                             f"{sub.goods_amount + sub.shipping_amount}"))
    return found


def balance_findings(order: OrderRow, subs: list[SubOrderRow]) -> list[Finding]:
    """docs/money.md: Σ net to groups + Σ commission (net) = what the buyer paid − refunds,
    and what the buyer paid is what Midtrans settled."""
    if order.status not in WAS_PAID:
        return []
    found = []
    commission = sum(sub.accrued + sub.reversed for sub in subs)
    net_to_groups = sum(sub.goods_amount + sub.shipping_amount - (sub.accrued + sub.reversed)
                        - sub.refunded for sub in subs)
    if net_to_groups + commission != order.grand_total - order.refunded:
        found.append(Finding(
            "ledger", order.label,
            f"net to groups {net_to_groups} + commission {commission} = "
            f"{net_to_groups + commission}, but paid {order.grand_total} − refunded "
            f"{order.refunded} = {order.grand_total - order.refunded}"))
    if order.status == OrderStatus.PAYMENT_REVERSED:
        return found  # Midtrans took the money back: its attempt no longer says settled
    if order.paid_attempts == 0:
        found.append(Finding("ledger", order.label,
                             f"{order.status}, but no payment attempt was settled"))
    elif order.paid_gross_min != order.grand_total or order.paid_gross_max != order.grand_total:
        settled = str(order.paid_gross_min) if order.paid_gross_min == order.paid_gross_max \
            else f"{order.paid_gross_min} and {order.paid_gross_max}"
        found.append(Finding("ledger", order.label,
                             f"Midtrans settled {settled}, the order's total is "
                             f"{order.grand_total}"))
    return found


# --- payment attempts -------------------------------------------------------------------------
def attempt_findings(order: OrderRow, attempts: list[AttemptRow], now: datetime,
                     created_at: datetime | None = None, review_note: str = "") -> list[Finding]:
    """A pending order (created at `created_at`) the buyer can pay; no money taken for an
    order that is not paid."""
    found = []
    if order.status == OrderStatus.PENDING_PAYMENT and created_at is not None \
            and now - created_at > ATTEMPT_GRACE:
        usable = [a for a in attempts
                  if a.state == "redirected" and a.has_redirect
                  and a.gross_amount == order.grand_total
                  and a.transaction_status not in ATTEMPT_OVER]
        if not usable:
            what = ", ".join(_attempt_text(a, order.grand_total) for a in attempts)
            found.append(Finding("pending_attempt", order.label,
                                 f"pending since {created_at:%Y-%m-%d %H:%M} UTC, "
                                 f"nothing the buyer can pay through ({what or 'no attempt'})"))
    if order.status in UNPAID and not order.needs_review:
        for attempt in attempts:
            # An admin who closed a review naming the attempt dealt with it (a refund made
            # outside the shop); one still under review is on the admin's list already.
            if attempt.transaction_status in SETTLED and \
                    attempt.midtrans_order_id not in review_note:
                found.append(Finding(
                    "settled_unpaid", order.label,
                    f"{attempt.midtrans_order_id} is {attempt.transaction_status} "
                    f"({attempt.gross_amount}), but the order is {order.status}"))
    return found


def _attempt_text(attempt: AttemptRow, grand_total: int) -> str:
    text = f"{attempt.midtrans_order_id} {attempt.state}"
    if attempt.transaction_status:
        text += f" {attempt.transaction_status}"
    if attempt.gross_amount != grand_total:
        text += f" for {attempt.gross_amount}"
    return text


# --- all of it ----------------------------------------------------------------------------------
def findings(snapshot: Snapshot) -> list[Finding]:
    """Every finding of the snapshot, grouped by kind (in KINDS order), then by order."""
    subs_of: dict[int, list[SubOrderRow]] = {}
    for sub in snapshot.sub_orders:
        subs_of.setdefault(sub.order_id, []).append(sub)
    holdings_of: dict[int, list[HoldingRow]] = {}
    for row in snapshot.holdings:
        holdings_of.setdefault(row.sub_order_id, []).append(row)
    attempts_of: dict[int, list[AttemptRow]] = {}
    for attempt in snapshot.attempts:
        attempts_of.setdefault(attempt.order_id, []).append(attempt)

    found: list[Finding] = []
    for order in snapshot.orders:
        own = subs_of.get(order.id, [])
        found += structure_findings(order, own)
        found += release_findings(order)
        for sub in own:
            found += reservation_findings(order, sub, holdings_of.get(sub.id, []))
            found += commission_findings(order, sub)
            found += after_sale_findings(order, sub)
        found += balance_findings(order, own)
        if order.status in UNPAID:
            found += attempt_findings(order, attempts_of.get(order.id, []), snapshot.taken_at,
                                      snapshot.pending_since.get(order.id),
                                      snapshot.review_notes.get(order.id, ""))
    for product in snapshot.products:
        found += product_findings(product)
    for variant in snapshot.variants:
        found += variant_findings(variant)
    rank = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(found, key=lambda f: (rank[f.kind], f.order or "", f.product or ""))
