"""Where Whoosh finds the stemming filter of indexes built before the engine moved.

Whoosh pickles the analyzers into the index's table of contents by class path, and
indexes built before the Whoosh code moved to `marketplace.search.whoosh` name
`marketplace.search.analysis.SnowballFilter`. Nothing in the app imports this module; it
can go once every deployed index has been rebuilt (`flask search reindex`).
"""

from __future__ import annotations

from marketplace.search.whoosh.analysis import SnowballFilter

__all__ = ["SnowballFilter"]
