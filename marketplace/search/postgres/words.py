"""What a misspelt word is corrected to, on PostgreSQL: the words of names and places."""

from __future__ import annotations

from sqlalchemy import text

TRIGRAM_THRESHOLD = 0.2
FUZZY_ALTERNATIVES = 3


def near_words(session, word: str) -> list[str]:
    """Name and place words within 1 (short words) or 2 edits, by trigram similarity
    (pg_trgm) and edit distance (fuzzystrmatch); only those at the nearest distance found,
    commonest first, as the Whoosh backend's."""
    maxdist = 1 if len(word) <= 5 else 2
    session.execute(text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"),
                    {"t": str(TRIGRAM_THRESHOLD)})
    rows = session.execute(text(
        "SELECT word, levenshtein(word, :w) AS distance FROM search_words "
        "WHERE word % :w AND left(word, 1) = left(:w, 1) AND word <> :w "
        "AND levenshtein(word, :w) <= :maxdist "
        "ORDER BY distance, documents DESC, word LIMIT 20"),
        {"w": word, "maxdist": maxdist}).all()
    if not rows:
        return []
    nearest = rows[0].distance
    return [row.word for row in rows if row.distance == nearest][:FUZZY_ALTERNATIVES]
