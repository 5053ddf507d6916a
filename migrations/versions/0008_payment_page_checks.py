"""payment attempts remember when the order page last asked Midtrans and when the buyer returned

Revision ID: 0008_payment_page_checks
Revises: 0005
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa

import marketplace.kernel.timeutil  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '0008_payment_page_checks'
down_revision = '0007_cart_last_order'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('payment_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_checked_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('returned_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('payment_attempts', schema=None) as batch_op:
        batch_op.drop_column('returned_at')
        batch_op.drop_column('status_checked_at')
