"""search documents: the PostgreSQL full-text backend's documents, generation and words

Revision ID: 0014_search_documents
Revises: 0013_stock_movements
Create Date: 2026-12-03

The tables exist on both databases (the models are one schema); only PostgreSQL uses them,
with `SEARCH_BACKEND=postgres`. After this upgrade, `flask search reindex` fills them.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0014_search_documents'
down_revision = '0013_stock_movements'
branch_labels = None
depends_on = None

EXTENSIONS = ("pg_trgm", "fuzzystrmatch", "unaccent")


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for name in EXTENSIONS:
            op.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    op.create_table(
        'search_documents',
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.String(length=40), nullable=False),
        sa.Column('terms', postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite'),
                  nullable=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
        sa.Column('hidden', sa.Boolean(), nullable=False),
        sa.Column('sentra', sa.String(length=80), nullable=False),
        sa.Column('category', sa.String(length=80), nullable=False),
        sa.Column('category_top', sa.String(length=80), nullable=False),
        sa.Column('group_slug', sa.String(length=80), nullable=False),
        sa.Column('price_band', sa.String(length=40), nullable=False),
        sa.Column('price', sa.BigInteger(), nullable=False),
        sa.Column('created', sa.BigInteger(), nullable=False),
        sa.Column('name_len', sa.Integer(), nullable=False),
        sa.Column('boost', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('stock', sa.Integer(), nullable=False),
        sa.Column('cover_key', sa.String(length=120), nullable=True),
        sa.Column('group_name', sa.String(length=160), nullable=False),
        sa.Column('sentra_name', sa.String(length=160), nullable=False),
        sa.Column('regency', sa.String(length=80), nullable=False),
        sa.Column('village', sa.String(length=80), nullable=False),
        sa.Column('snippet', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('product_id'),
    )
    op.create_index('ix_search_documents_terms', 'search_documents', ['terms'],
                    postgresql_using='gin')
    op.create_index('ix_search_documents_generation', 'search_documents', ['generation'])
    op.create_table(
        'search_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'search_words',
        sa.Column('word', sa.String(length=60), nullable=False),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('word'),
    )
    op.create_index('ix_search_words_trigrams', 'search_words', ['word'],
                    postgresql_using='gin', postgresql_ops={'word': 'gin_trgm_ops'})


def downgrade():
    op.drop_index('ix_search_words_trigrams', table_name='search_words')
    op.drop_table('search_words')
    op.drop_table('search_state')
    op.drop_index('ix_search_documents_generation', table_name='search_documents')
    op.drop_index('ix_search_documents_terms', table_name='search_documents')
    op.drop_table('search_documents')
