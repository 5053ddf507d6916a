"""Product search: the results page, the index's sync with the catalogue, the commands.

Everything calls the engine through `marketplace.search.api`. Two engines: Whoosh (the
default, an index on this server's disk: `marketplace.search.whoosh`, the only package that
imports whoosh) and PostgreSQL full-text search (`SEARCH_BACKEND=postgres`, in the shop's
database, for more than one server: `marketplace.search.postgres`). `init_search(app)`
builds the backend the config key `SEARCH_BACKEND` names and
registers the results page, the `flask search` commands and the hook that applies queued
catalogue changes once a request has committed them.
"""

from __future__ import annotations

import os
from functools import partial

from flask import Flask, g, request


def init_search(app: Flask) -> None:
    from marketplace.search.api import backend
    from marketplace.search.cli import search_cli
    from marketplace.search.sync import drain_after_response, repair_after_response, sync_pending
    from marketplace.search.views import bp

    if not app.config.get("SEARCH_DIR"):
        app.config["SEARCH_DIR"] = os.environ.get("SEARCH_DIR") or os.path.join(
            app.instance_path, "search"
        )
    app.config.setdefault("SEARCH_WRITE_TIMEOUT", 2.0)  # seconds to wait for the writer
    app.config.setdefault("SEARCH_RETRY_SECONDS", 60)  # how often leftovers are retried
    app.config.setdefault("SEARCH_BUILD_MB", 256)  # memory for the rebuild's writer
    # Results kept per index generation and process (0: none); the benchmark turns it off.
    app.config.setdefault("SEARCH_RESULT_CACHE", int(os.environ.get("SEARCH_RESULT_CACHE", 256)))
    app.config.setdefault("SEARCH_BACKEND", os.environ.get("SEARCH_BACKEND", "whoosh"))
    app.extensions["search"] = _create_backend(app)
    app.register_blueprint(bp)
    app.add_template_global(_search_query, "search_query")
    app.cli.add_command(search_cli)

    @app.after_request
    def _drain_when_sent(response):
        # After the response has gone out (WSGI close), not before: the user never waits.
        if g.pop("search_drain", False):
            response.call_on_close(partial(drain_after_response, app))
        stale = g.pop("search_repair", None)
        if stale:  # results the database no longer shows (services.search_page)
            response.call_on_close(partial(repair_after_response, app, stale))
        return response

    @app.teardown_appcontext
    def _drain_after_command(error) -> None:
        # A CLI command that committed catalogue changes applies them as it ends.
        if g.pop("search_drain_cli", False) and error is None:
            if backend(app).status().live is None:
                return  # no index yet (e.g. seed-demo before the first reindex)
            try:
                sync_pending()
            except Exception:  # noqa: BLE001 - the command's own work is done; keep the rows
                app.logger.exception("search sync after the command failed; rows kept")


def _create_backend(app: Flask):
    """The search backend `SEARCH_BACKEND` names (`marketplace.search.api.SearchBackend`)."""
    name = app.config["SEARCH_BACKEND"]
    if name == "whoosh":
        from marketplace.search.whoosh import WhooshBackend

        return WhooshBackend(app.config["SEARCH_DIR"], app.config["SEARCH_RESULT_CACHE"],
                             build_mb=app.config["SEARCH_BUILD_MB"])
    if name == "postgres":
        from sqlalchemy.engine import make_url

        dialect = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
        if dialect != "postgresql":
            raise RuntimeError("SEARCH_BACKEND='postgres' needs a PostgreSQL database "
                               f"(DATABASE_URL is {dialect}); use 'whoosh'")
        from marketplace.search.postgres import PostgresBackend

        return PostgresBackend(app.config["SEARCH_RESULT_CACHE"])
    raise RuntimeError(f"SEARCH_BACKEND={name!r}: no such search backend "
                       "(known: 'whoosh', 'postgres')")


def _search_query() -> str:
    """The header search box keeps the query on the results page."""
    from marketplace.search.api import clean_query

    return clean_query(request.args.get("q")) if request.endpoint == "search.results" else ""


__all__ = ["init_search"]
