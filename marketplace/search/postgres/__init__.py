"""The PostgreSQL full-text search backend (`SEARCH_BACKEND=postgres`): see engine.py."""

from marketplace.search.postgres.engine import PostgresBackend

__all__ = ["PostgresBackend"]
