"""The search results page (/cari). Never cached: the index may trail the database by a drain."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from marketplace.search import services

bp = Blueprint("search", __name__)


@bp.get("/cari")
def results():
    data = services.search_page(request.args)
    search = data.request
    base = {"q": search.q or None, "sort": request.args.get("sort") and search.sort,
            "exact": "1" if search.exact else None, **search.filters()}

    def search_url(**changes) -> str:
        """This search with some arguments changed (None removes one); back to page 1."""
        args = {key: value for key, value in {**base, **changes}.items() if value}
        return url_for("search.results", **args)

    return render_template("search/results.html", data=data, search=search,
                           result=data.result, search_url=search_url,
                           page_args={k: v for k, v in base.items() if v})
