"""payment notifications keep their body as bytes

Revision ID: 0009_notification_bytes
Revises: 0005
Create Date: 2026-12-02 09:00:00.000000

A body holding a NUL (or bytes that are not UTF-8) could not be stored as text:
PostgreSQL refused the row and the notification was lost. Existing rows are UTF-8 text
and become its bytes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_notification_bytes'
down_revision = '0008_payment_page_checks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('payment_notifications', schema=None) as batch_op:
        batch_op.alter_column('raw_body', existing_type=sa.Text(), type_=sa.LargeBinary(),
                              existing_nullable=False,
                              postgresql_using="convert_to(raw_body, 'UTF8')")
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite's table copy keeps each value's storage class: make the old text bytes.
        op.execute("UPDATE payment_notifications SET raw_body = CAST(raw_body AS BLOB) "
                   "WHERE typeof(raw_body) = 'text'")


def downgrade():
    # Bodies that are not UTF-8 text (or hold a NUL) come back escaped, not as they were.
    with op.batch_alter_table('payment_notifications', schema=None) as batch_op:
        batch_op.alter_column('raw_body', existing_type=sa.LargeBinary(), type_=sa.Text(),
                              existing_nullable=False,
                              postgresql_using="encode(raw_body, 'escape')")
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("UPDATE payment_notifications SET raw_body = CAST(raw_body AS TEXT) "
                   "WHERE typeof(raw_body) = 'blob'")
