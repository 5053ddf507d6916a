"""late settlements: when one arrived, and a refund of the whole payment with no parcel

Revision ID: 0011_late_settlement_refund
Revises: 0010_payment_reversal
Create Date: 2026-12-14

"""
from alembic import op
import sqlalchemy as sa

import marketplace.kernel.timeutil  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '0011_late_settlement_refund'
down_revision = '0010_payment_reversal'
branch_labels = None
depends_on = None

PARCEL_HAS_GROUP = '(sub_order_id IS NULL) = (group_id IS NULL)'


def _sqlite_foreign_keys(on):
    """SQLite: batch mode rebuilds `refunds` (copy, drop, rename); dropping a table that
    commission entries and payout lines point at fails while foreign keys are enforced, and
    the pragma only takes effect outside a transaction (as in 0010)."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    raw = bind.connection.dbapi_connection
    was_open = raw.in_transaction
    if was_open:
        raw.execute('COMMIT')
    if on:
        problems = raw.execute('PRAGMA foreign_key_check').fetchall()
        if problems:
            raise RuntimeError(f'foreign keys broken by the rebuild: {problems[:5]}')
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    if was_open:
        raw.execute('BEGIN')


def upgrade():
    with op.batch_alter_table('payment_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_settled_at', marketplace.kernel.timeutil.UTCDateTime(),
                                      nullable=True))
    # Late settlements already waiting for an admin: the last change of their attempt is
    # the best time we have for when the money arrived.
    op.execute(
        "UPDATE payment_attempts SET late_settled_at = updated_at "
        "WHERE transaction_status IN ('settlement', 'capture') AND order_id IN "
        "(SELECT id FROM orders WHERE status IN ('expired', 'cancelled') "
        "AND paid_at IS NULL)"
    )
    _sqlite_foreign_keys(False)
    try:
        with op.batch_alter_table('refunds', schema=None) as batch_op:
            batch_op.alter_column('sub_order_id', existing_type=sa.Integer(), nullable=True)
            batch_op.alter_column('group_id', existing_type=sa.Integer(), nullable=True)
            batch_op.create_check_constraint(op.f('ck_refunds_parcel_has_group'),
                                             PARCEL_HAS_GROUP)
    finally:
        _sqlite_foreign_keys(True)


def downgrade():
    # A late settlement's refund has no parcel: the old schema cannot hold it.
    count = op.get_bind().exec_driver_sql(
        'SELECT COUNT(*) FROM refunds WHERE sub_order_id IS NULL').scalar()
    if count:
        raise RuntimeError(f'{count} refund(s) of late settlements have no parcel; '
                           'resolve them before downgrading')
    _sqlite_foreign_keys(False)
    try:
        with op.batch_alter_table('refunds', schema=None) as batch_op:
            batch_op.drop_constraint(op.f('ck_refunds_parcel_has_group'), type_='check')
            batch_op.alter_column('group_id', existing_type=sa.Integer(), nullable=False)
            batch_op.alter_column('sub_order_id', existing_type=sa.Integer(), nullable=False)
    finally:
        _sqlite_foreign_keys(True)
    with op.batch_alter_table('payment_attempts', schema=None) as batch_op:
        batch_op.drop_column('late_settled_at')
