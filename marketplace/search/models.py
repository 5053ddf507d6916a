"""The search queue, and the PostgreSQL backend's documents, terms and words."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


class SearchQueueEntry(db.Model):
    """One product to re-index, written in the same transaction as the change itself.

    A rolled-back change leaves no row; a committed one always does. No foreign key: the
    row must outlive a deleted product, whose document it removes.
    """

    __tablename__ = "search_queue"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True
    )
    product_id: Mapped[int] = mapped_column(Integer)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- the PostgreSQL backend's index (search/postgres/): unused with Whoosh ----------------
_TSVECTOR = TSVECTOR().with_variant(Text, "sqlite")


class SearchDocument(db.Model):
    """A product as the PostgreSQL backend searches it: its weighted terms (lexemes prefixed
    by the field they come from, see search/postgres/terms.py), its facet values, what it
    is sorted by and what its result card shows. Written in the transaction that changes
    the product, its group, category or sentra (search/postgres/snapshot.py reads it)."""

    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_terms", "terms", postgresql_using="gin"),
        Index("ix_search_documents_generation", "generation"),
    )

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(String(40))
    terms: Mapped[str] = mapped_column(_TSVECTOR)
    # the search_state generation that wrote it; a hidden row is a product buyers may no
    # longer see, kept (with no terms) so that every server learns it is gone
    generation: Mapped[int] = mapped_column(BigInteger)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    # facets
    sentra: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(80))
    category_top: Mapped[str] = mapped_column(String(80))
    group_slug: Mapped[str] = mapped_column(String(80))
    price_band: Mapped[str] = mapped_column(String(40))
    # order
    price: Mapped[int] = mapped_column(BigInteger)
    created: Mapped[int] = mapped_column(BigInteger)  # seconds since the epoch
    name_len: Mapped[int] = mapped_column(Integer)
    boost: Mapped[int] = mapped_column(Integer)  # documents.rank_boost
    # catalog.ratings.rating_key: "best rated first" sorts by it, descending
    rating: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # the result card
    slug: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(120))
    stock: Mapped[int] = mapped_column(Integer)
    cover_key: Mapped[str | None] = mapped_column(String(120))
    group_name: Mapped[str] = mapped_column(String(160))
    sentra_name: Mapped[str] = mapped_column(String(160))
    regency: Mapped[str] = mapped_column(String(80))
    village: Mapped[str] = mapped_column(String(80))
    snippet: Mapped[str] = mapped_column(Text)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SearchState(db.Model):
    """One row: the generation of the documents, raised by every transaction that writes
    them (its row lock orders those transactions, so generations commit in order)."""

    __tablename__ = "search_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)


class SearchWord(db.Model):
    """The words of product names and places (unstemmed): what a misspelt word is corrected
    to, found by trigram similarity (pg_trgm) and edit distance (fuzzystrmatch)."""

    __tablename__ = "search_words"
    __table_args__ = (
        Index("ix_search_words_trigrams", "word", postgresql_using="gin",
              postgresql_ops={"word": "gin_trgm_ops"}),
    )

    word: Mapped[str] = mapped_column(String(60), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=1)


# The extensions the PostgreSQL backend uses, created with its tables (the migration
# creates them too); each is a trusted extension that a database owner may create.
EXTENSIONS = ("pg_trgm", "fuzzystrmatch", "unaccent")
for _name in EXTENSIONS:
    event.listen(SearchWord.__table__, "before_create",
                 DDL(f"CREATE EXTENSION IF NOT EXISTS {_name}").execute_if(dialect="postgresql"))
