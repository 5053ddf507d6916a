"""The Whoosh search backend: the only code that imports whoosh.

- `engine.WhooshBackend` implements `marketplace.search.api.SearchBackend`;
- `index`: the index on disk (schema, the live symlink, the one writer path, the rebuild);
- `analysis`: the analyzers Whoosh pickles into the index;
- `query`: a search evaluated on document sets, `snapshot`: those sets per index generation
  (the bitmap evaluator and its fallbacks to Whoosh's public readers).
"""

from __future__ import annotations

from marketplace.search.whoosh.engine import WhooshBackend

__all__ = ["WhooshBackend"]
