"""Reading the rows the rules look at: a few set-based queries, one consistent snapshot.

Each query aggregates in the database (GROUP BY over whole tables, joined once), so the
check reads one row per order, sub-order and product, whatever the number of lines, ledger
entries and movements behind them. Sub-order × product rows of the stock history (the
most numerous) are compared with their parcel's state in the database, by the same
`holds_units` rule written in SQL, and only those that differ are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)

from marketplace.catalog.models import Product, ProductVariant
from marketplace.catalog.stock import ORDER_REASONS, SUPPLY_REASONS, StockMovement, StockReason
from marketplace.consistency.rules import (
    PAID_HERE,
    UNPAID,
    AttemptRow,
    HoldingRow,
    OrderRow,
    ProductRow,
    Snapshot,
    SubOrderRow,
    VariantRow,
)
from marketplace.kernel.timeutil import utcnow
from marketplace.ledger.models import CommissionEntry, EntryKind, Refund, RefundState
from marketplace.orders.attempts import PaymentAttempt
from marketplace.orders.complaint_status import OPEN_STATUSES
from marketplace.orders.complaints import Complaint
from marketplace.orders.models import Order, OrderLine, SubOrder
from marketplace.orders.status import UNITS_BACK_SUB_ORDER, UNITS_OUT_ORDER, OrderStatus


@contextmanager
def snapshot_connection(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction that sees one moment of the database.

    PostgreSQL: REPEATABLE READ, READ ONLY (every query sees the snapshot of the first; it
    never blocks writers nor is blocked by them). SQLite: one transaction, whose first read
    fixes the snapshot under WAL, on a connection made query-only for the while.
    """
    sqlite = engine.dialect.name == "sqlite"
    options = {}
    if engine.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as conn:
        transaction = conn.begin()
        try:
            if sqlite:
                conn.exec_driver_sql("PRAGMA query_only = ON")
            yield conn
        finally:
            transaction.rollback()  # nothing to keep: it only read
            if sqlite:  # the connection goes back to the pool as it came
                conn.exec_driver_sql("PRAGMA query_only = OFF")
                conn.rollback()


def holds_units_sql(order_status, sub_order_status):
    """orders.status.holds_units as a SQL condition, from the same status sets."""
    return or_(order_status == OrderStatus.PENDING_PAYMENT,
               and_(order_status.in_(sorted(UNITS_OUT_ORDER)),
                    sub_order_status.not_in(sorted(UNITS_BACK_SUB_ORDER))))


def _text(column):
    """A status column as its stored string: no enum conversion for every row."""
    return type_coerce(column, String())


def _sum(column, where=None):
    """SUM as an integer (PostgreSQL sums bigints as numeric), 0 over no rows."""
    total = func.sum(column) if where is None else func.sum(column).filter(where)
    return cast(func.coalesce(total, 0), BigInteger)


def read_snapshot(conn: Connection) -> Snapshot:
    """Every row the rules need, read through `conn` (see snapshot_connection)."""
    return Snapshot(
        taken_at=utcnow(),
        orders=_orders(conn),
        sub_orders=_sub_orders(conn),
        holdings=_holdings(conn),
        products=_products(conn),
        variants=_variants(conn),
        attempts=_attempts(conn),
        pending_since=dict(conn.execute(
            select(Order.id, Order.created_at)
            .where(Order.status == OrderStatus.PENDING_PAYMENT)).all()),
        review_notes=dict(conn.execute(
            select(Order.id, Order.review_reason)
            .where(Order.status.in_(sorted(UNPAID)), Order.review_reason != "")).all()),
    )


def _orders(conn: Connection) -> list[OrderRow]:
    subs = (select(SubOrder.order_id, func.count().label("n"),
                   _sum(SubOrder.goods_amount).label("goods"),
                   _sum(SubOrder.shipping_amount).label("shipping"))
            .group_by(SubOrder.order_id).subquery())
    refunds = (select(Refund.order_id, _sum(Refund.amount).label("amount"))
               .where(Refund.state == RefundState.SUCCEEDED)
               .group_by(Refund.order_id).subquery())
    paid = (select(PaymentAttempt.order_id, func.count().label("n"),
                   func.min(PaymentAttempt.gross_amount).label("low"),
                   func.max(PaymentAttempt.gross_amount).label("high"))
            .where(PaymentAttempt.transaction_status.in_(sorted(PAID_HERE)))
            .group_by(PaymentAttempt.order_id).subquery())
    rows = conn.execute(
        select(Order.id, Order.number, _text(Order.status), Order.goods_amount,
               Order.shipping_amount, Order.grand_total, Order.needs_review,
               Order.stock_released_at.is_not(None),
               func.coalesce(subs.c.n, 0), func.coalesce(subs.c.goods, 0),
               func.coalesce(subs.c.shipping, 0), func.coalesce(refunds.c.amount, 0),
               func.coalesce(paid.c.n, 0), paid.c.low, paid.c.high)
        .outerjoin(subs, subs.c.order_id == Order.id)
        .outerjoin(refunds, refunds.c.order_id == Order.id)
        .outerjoin(paid, paid.c.order_id == Order.id)
        .order_by(Order.id)
    ).all()
    return list(map(OrderRow._make, rows))


def _sub_orders(conn: Connection) -> list[SubOrderRow]:
    lines = (select(OrderLine.sub_order_id, func.count().label("n"),
                    _sum(OrderLine.unit_price * OrderLine.quantity).label("goods"))
             .group_by(OrderLine.sub_order_id).subquery())
    accrual = CommissionEntry.kind == EntryKind.ACCRUAL
    entries = (select(CommissionEntry.sub_order_id,
                      func.count().filter(accrual).label("accruals"),
                      _sum(CommissionEntry.amount, accrual).label("accrued"),
                      func.max(CommissionEntry.rate_bp).filter(accrual).label("rate"),
                      _sum(CommissionEntry.amount, ~accrual).label("reversed"))
               .group_by(CommissionEntry.sub_order_id).subquery())
    refunds = (select(Refund.sub_order_id, _sum(Refund.amount).label("amount"),
                      _sum(Refund.goods_amount).label("goods"))
               .where(Refund.state == RefundState.SUCCEEDED)
               .group_by(Refund.sub_order_id).subquery())
    held = (select(Complaint.sub_order_id, func.count().label("n"))
            .where(Complaint.status.in_(sorted(OPEN_STATUSES)))
            .group_by(Complaint.sub_order_id).subquery())
    rows = conn.execute(
        select(SubOrder.id, SubOrder.order_id, SubOrder.group_name, _text(SubOrder.status),
               SubOrder.goods_amount, SubOrder.shipping_amount,
               SubOrder.stock_released_at.is_not(None), SubOrder.commission_amount,
               SubOrder.commission_rate_bp,
               func.coalesce(lines.c.n, 0), func.coalesce(lines.c.goods, 0),
               func.coalesce(entries.c.accruals, 0), func.coalesce(entries.c.accrued, 0),
               entries.c.rate, func.coalesce(entries.c.reversed, 0),
               func.coalesce(refunds.c.amount, 0), func.coalesce(refunds.c.goods, 0),
               func.coalesce(held.c.n, 0), SubOrder.shipped_at.is_not(None),
               SubOrder.completed_at.is_not(None))
        .outerjoin(lines, lines.c.sub_order_id == SubOrder.id)
        .outerjoin(entries, entries.c.sub_order_id == SubOrder.id)
        .outerjoin(refunds, refunds.c.sub_order_id == SubOrder.id)
        .outerjoin(held, held.c.sub_order_id == SubOrder.id)
        .order_by(SubOrder.id)
    ).all()
    return list(map(SubOrderRow._make, rows))


def _holdings(conn: Connection) -> list[HoldingRow]:
    """Per sub-order and product, where they differ from what the parcel's state says: units
    its lines ask for, units its movements took."""
    ordered = select(OrderLine.sub_order_id.label("sub_order_id"),
                     OrderLine.product_id.label("product_id"),
                     OrderLine.quantity.label("ordered"), literal(0).label("taken"),
                     literal(0).label("releases"))
    moved = (select(StockMovement.sub_order_id, StockMovement.product_id, literal(0),
                    -StockMovement.delta,
                    case((StockMovement.reason == StockReason.RELEASE, 1), else_=0))
             .where(StockMovement.reason.in_(sorted(ORDER_REASONS))))
    both = union_all(ordered, moved).subquery()
    held = (select(both.c.sub_order_id, both.c.product_id,
                   _sum(both.c.ordered).label("ordered"), _sum(both.c.taken).label("taken"),
                   _sum(both.c.releases).label("releases"))
            .group_by(both.c.sub_order_id, both.c.product_id).subquery())
    expected = case((holds_units_sql(Order.status, SubOrder.status), held.c.ordered), else_=0)
    rows = conn.execute(
        select(held.c.sub_order_id, held.c.product_id, held.c.ordered, held.c.taken,
               held.c.releases)
        .join(SubOrder, SubOrder.id == held.c.sub_order_id)
        .join(Order, Order.id == SubOrder.order_id)
        .where(held.c.taken != expected)
        .order_by(held.c.sub_order_id, held.c.product_id)
    ).all()
    return list(map(HoldingRow._make, rows))


def _products(conn: Connection) -> list[ProductRow]:
    supply = StockMovement.reason.in_(sorted(SUPPLY_REASONS))
    moves = (select(StockMovement.product_id, _sum(StockMovement.delta).label("history"),
                    _sum(StockMovement.delta, supply).label("supply"))
             .group_by(StockMovement.product_id).subquery())
    out = (select(OrderLine.product_id, _sum(OrderLine.quantity).label("held"))
           .join(SubOrder, SubOrder.id == OrderLine.sub_order_id)
           .join(Order, Order.id == SubOrder.order_id)
           .where(holds_units_sql(Order.status, SubOrder.status))
           .group_by(OrderLine.product_id).subquery())
    rows = conn.execute(
        select(Product.id, Product.sku, Product.name, Product.stock,
               func.coalesce(moves.c.history, 0), func.coalesce(moves.c.supply, 0),
               func.coalesce(out.c.held, 0))
        .outerjoin(moves, moves.c.product_id == Product.id)
        .outerjoin(out, out.c.product_id == Product.id)
        .order_by(Product.id)
    ).all()
    return list(map(ProductRow._make, rows))


def _variants(conn: Connection) -> list[VariantRow]:
    """Every variant of a listing sold in variants, with its history and its listing's sum
    (retired variants hold nothing: their returned units leave the shop at once)."""
    moves = (select(StockMovement.variant_id, _sum(StockMovement.delta).label("history"))
             .where(StockMovement.variant_id.is_not(None))
             .group_by(StockMovement.variant_id).subquery())
    held = (select(ProductVariant.product_id, _sum(ProductVariant.stock).label("total"))
            .group_by(ProductVariant.product_id).subquery())
    rows = conn.execute(
        select(ProductVariant.id, ProductVariant.sku, ProductVariant.option1,
               ProductVariant.option2, ProductVariant.option3, ProductVariant.stock,
               func.coalesce(moves.c.history, 0), Product.sku, Product.stock,
               func.coalesce(held.c.total, 0), Product.id)
        .join(Product, Product.id == ProductVariant.product_id)
        .outerjoin(moves, moves.c.variant_id == ProductVariant.id)
        .outerjoin(held, held.c.product_id == Product.id)
        .where(Product.option1_name != "")
        .order_by(Product.id, ProductVariant.id)
    ).all()
    result, seen = [], set()
    for (vid, sku, one, two, three, stock, history, product_sku, product_stock, total,
         product_id) in rows:
        label = " / ".join(value for value in (one, two, three) if value)
        result.append(VariantRow(vid, sku, label, stock, history, product_sku, product_stock,
                                 total, product_id not in seen))
        seen.add(product_id)
    return result


def _attempts(conn: Connection) -> list[AttemptRow]:
    """The attempts of orders that are not paid (the only ones the rules look at)."""
    rows = conn.execute(
        select(PaymentAttempt.order_id, PaymentAttempt.midtrans_order_id, PaymentAttempt.state,
               PaymentAttempt.gross_amount, PaymentAttempt.transaction_status,
               PaymentAttempt.redirect_url != "")
        .join(Order, Order.id == PaymentAttempt.order_id)
        .where(Order.status.in_(sorted(UNPAID)))
        .order_by(PaymentAttempt.order_id, PaymentAttempt.attempt_no)
    ).all()
    return list(map(AttemptRow._make, rows))
