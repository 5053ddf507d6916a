"""stock movements: every change of a product's stock, with an opening balance

Revision ID: 0013_stock_movements
Revises: 0010_payment_reversal
Create Date: 2026-12-12

The history starts today, so existing data gets the movements that lead to what it holds
now (see "Opening balances" below); `flask orders check` then finds a clean database.
"""
from alembic import op
import sqlalchemy as sa

import marketplace.kernel.timeutil  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '0013_stock_movements'
down_revision = '0012_mail_outbox'
branch_labels = None
depends_on = None

# Copied from marketplace.catalog.stock at this revision (a migration must not change when
# the models do).
REASONS = ('opening', 'initial', 'edit', 'import', 'reserve', 'release', 'revive')
IMMUTABLE_SQLITE = [
    "CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements "
    "BEGIN SELECT RAISE(ABORT, 'stock movements are immutable'); END",
    "CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements "
    "BEGIN SELECT RAISE(ABORT, 'stock movements are immutable'); END",
]
IMMUTABLE_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION stock_movements_immutable() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'stock movements are immutable'; END $$",
    "CREATE TRIGGER stock_movements_no_change BEFORE UPDATE OR DELETE "
    "ON stock_movements FOR EACH ROW EXECUTE FUNCTION stock_movements_immutable()",
]

# Opening balances. Each parcel whose units are out of stock today, as its order's and its
# own status say (marketplace.orders.status.holds_units at this revision: every parcel of a
# pending order; a parcel of a paid, refunded or reversed order unless it was cancelled by
# its group, put on hold or never paid), gets the reservation it made, dated when the order
# was placed. Each product then opens with what it has now PLUS what those reservations
# took: opening - reserved = stock, so the stock equals the sum of its movements and every
# order's movements match its state. (Opening with the stock MINUS what orders hold would
# count those units as gone twice.) Units of orders that were never paid, and of parcels
# that went back, were taken and given back before the history began: they net to nothing
# and are not written. Whatever the stock lost or gained before today through a bug or a
# hand edit cannot be told apart from sales any more: today's figure is taken as right,
# and the check guards it from here on. The opening is dated when the product was created,
# so a product's history reads in time order.
HELD = """
    FROM order_lines l
    JOIN sub_orders s ON s.id = l.sub_order_id
    JOIN orders o ON o.id = s.order_id
   WHERE o.status = 'pending_payment'
      OR (o.status IN ('paid', 'refunded', 'payment_reversed')
          AND s.status NOT IN ('cancelled_by_group', 'on_hold', 'cancelled'))
"""


def upgrade():
    op.create_table('stock_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('delta', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum(*REASONS, name='stockreason', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('sub_order_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=False),
    sa.CheckConstraint("(reason IN ('reserve', 'revive') AND delta < 0 AND sub_order_id IS NOT NULL) OR (reason = 'release' AND delta > 0 AND sub_order_id IS NOT NULL) OR (reason IN ('opening', 'initial') AND delta > 0 AND sub_order_id IS NULL) OR (reason IN ('edit', 'import') AND delta <> 0 AND sub_order_id IS NULL)", name=op.f('ck_stock_movements_fits_reason')),
    sa.CheckConstraint('(order_id IS NULL) = (sub_order_id IS NULL)', name=op.f('ck_stock_movements_order_and_parcel')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_stock_movements_order_id_orders')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_movements_product_id_products')),
    sa.ForeignKeyConstraint(['sub_order_id'], ['sub_orders.id'], name=op.f('fk_stock_movements_sub_order_id_sub_orders')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stock_movements_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_movements'))
    )
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_movements_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_movements_sub_order_id'), ['sub_order_id'], unique=False)

    op.execute(f"""
        INSERT INTO stock_movements (product_id, delta, reason, created_at)
        SELECT p.id, p.stock + COALESCE(h.held, 0), 'opening', p.created_at
          FROM products p
          LEFT JOIN (SELECT l.product_id, SUM(l.quantity) AS held {HELD}
                      GROUP BY l.product_id) h ON h.product_id = p.id
         WHERE p.stock + COALESCE(h.held, 0) > 0
         ORDER BY p.id""")
    op.execute(f"""
        INSERT INTO stock_movements (product_id, delta, reason, order_id, sub_order_id,
                                     user_id, created_at)
        SELECT l.product_id, -SUM(l.quantity), 'reserve', s.order_id, s.id, o.user_id,
               o.created_at {HELD}
         GROUP BY l.product_id, s.order_id, s.id, o.user_id, o.created_at
         ORDER BY s.id, l.product_id""")
    # A parcel whose units are out but that is marked released (an order revived before
    # reviving reset it) would never give them back if its group cancelled it: unmark it.
    op.execute(f"""
        UPDATE sub_orders SET stock_released_at = NULL
         WHERE stock_released_at IS NOT NULL
           AND id IN (SELECT s.id {HELD})""")

    statements = IMMUTABLE_POSTGRESQL if op.get_bind().dialect.name == 'postgresql' else IMMUTABLE_SQLITE
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS stock_movements_no_change ON stock_movements')
        op.execute('DROP FUNCTION IF EXISTS stock_movements_immutable()')
    else:
        op.execute('DROP TRIGGER IF EXISTS stock_movements_no_update')
        op.execute('DROP TRIGGER IF EXISTS stock_movements_no_delete')
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_movements_sub_order_id'))
        batch_op.drop_index(batch_op.f('ix_stock_movements_product_id'))

    op.drop_table('stock_movements')
