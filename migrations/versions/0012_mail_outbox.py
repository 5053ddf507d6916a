"""mail outbox: emails queued with their event, delivered with retries

Revision ID: 0011_mail_outbox
Revises: 0010_payment_reversal
Create Date: 2026-12-12

"""
from alembic import op
import sqlalchemy as sa

import marketplace.kernel.timeutil  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '0012_mail_outbox'
down_revision = '0011_late_settlement_refund'
branch_labels = None
depends_on = None

# The state column's values, copied here: a migration must not change when the models do.
STATES = ('queued', 'sent', 'failed')


def upgrade():
    op.create_table('outbox_messages',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('template', sa.String(length=60), nullable=False),
    sa.Column('state', sa.Enum(*STATES, name='outboxstate', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=False),
    sa.Column('next_attempt_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=False),
    sa.Column('last_attempt_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=True),
    sa.Column('claimed_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=True),
    sa.Column('sent_at', marketplace.kernel.timeutil.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_messages_attempts_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_outbox_messages_idempotency_key'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_messages_due', ['state', 'next_attempt_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_due')

    op.drop_table('outbox_messages')
