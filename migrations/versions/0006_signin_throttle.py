"""sign-in counters: the exact, database-backed sign-in throttle

Revision ID: 0006_signin_throttle
Revises: 0005
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa

import marketplace.kernel.timeutil  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '0006_signin_throttle'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_counters',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('window_started_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=False),
    sa.Column('last_attempt_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=False),
    sa.Column('expires_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=False),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_sign_in_counters_attempts_not_negative')),
    sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_sign_in_counters'))
    )
    with op.batch_alter_table('sign_in_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_counters_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('sign_in_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_counters_expires_at'))

    op.drop_table('sign_in_counters')
