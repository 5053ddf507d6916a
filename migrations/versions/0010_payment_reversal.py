"""payment reversed after settlement: order, sub-order and refund-method values

Revision ID: 0010_payment_reversal
Revises: 0005
Create Date: 2026-12-10

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010_payment_reversal'
down_revision = '0009_notification_bytes'
branch_labels = None
depends_on = None

# Each status column's CHECK constraint (a non-native enum), before and after this
# revision, copied here: a migration must not change when the models do.
ORDER_BEFORE = ('pending_payment', 'paid', 'cancelled', 'expired', 'refunded')
ORDER_AFTER = ORDER_BEFORE + ('payment_reversed',)
SUB_ORDER_BEFORE = ('awaiting_payment', 'new', 'processing', 'shipped', 'delivered',
                    'cancelled_by_group', 'cancelled')
SUB_ORDER_AFTER = SUB_ORDER_BEFORE + ('on_hold',)
METHOD_BEFORE = ('midtrans', 'bank_transfer')
METHOD_AFTER = METHOD_BEFORE + ('reversal',)
CHECKS = (  # table, constraint name, column, values before, values after
    ('orders', 'ck_orders_orderstatus', 'status', ORDER_BEFORE, ORDER_AFTER),
    ('sub_orders', 'ck_sub_orders_suborderstatus', 'status', SUB_ORDER_BEFORE,
     SUB_ORDER_AFTER),
    ('refunds', 'ck_refunds_refundmethod', 'method', METHOD_BEFORE, METHOD_AFTER),
)


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _sqlite_foreign_keys(on):
    """SQLite: batch mode rebuilds a table (copy, drop, rename); dropping a table other
    rows point at fails while foreign keys are enforced, and the pragma only takes effect
    outside a transaction (SQLite's documented ALTER TABLE procedure)."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    raw = bind.connection.dbapi_connection
    was_open = raw.in_transaction  # Alembic's per-migration transaction: reopened below
    if was_open:
        raw.execute('COMMIT')
    if on:
        problems = raw.execute('PRAGMA foreign_key_check').fetchall()
        if problems:
            raise RuntimeError(f'foreign keys broken by the rebuild: {problems[:5]}')
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    if was_open:
        raw.execute('BEGIN')


def _replace_checks(before_or_after):
    _sqlite_foreign_keys(False)
    try:
        for table, name, column, before, after in CHECKS:
            values = after if before_or_after == 'after' else before
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_constraint(op.f(name), type_='check')
                batch_op.create_check_constraint(op.f(name), _in(column, values))
    finally:
        _sqlite_foreign_keys(True)


def upgrade():
    _replace_checks('after')


def downgrade():
    # Rows in the new statuses would break the old constraints: refuse rather than lose them.
    bind = op.get_bind()
    for table, _name, column, before, _after in CHECKS:
        count = bind.exec_driver_sql(
            f"SELECT COUNT(*) FROM {table} WHERE NOT ({_in(column, before)})"  # noqa: S608
        ).scalar()
        if count:
            raise RuntimeError(f'{count} row(s) of {table} use a {column} added in 0006; '
                               'resolve them before downgrading')
    _replace_checks('before')
