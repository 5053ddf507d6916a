"""carts remember the order they last became

Revision ID: 0007_cart_last_order
Revises: 0005
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa

import marketplace.kernel.timeutil  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '0007_cart_last_order'
down_revision = '0006_signin_throttle'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('carts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_order_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_ordered_at', marketplace.kernel.timeutil.UTCDateTime(),
                                      nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_carts_last_order_id_orders'), 'orders',
                                    ['last_order_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('carts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_carts_last_order_id_orders'),
                                 type_='foreignkey')
        batch_op.drop_column('last_ordered_at')
        batch_op.drop_column('last_order_id')
