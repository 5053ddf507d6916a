"""Pasar Sentra: a web shop for the producer groups of Indonesian sentra IKM."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_request_context, render_template, request
from flask_babel import get_locale
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException

from marketplace.kernel import dbtx  # noqa: F401  (SQLite BEGIN handling, registered on import)
from marketplace.kernel.config import ROOT, load_config
from marketplace.kernel.extensions import babel, csrf, db, limiter, migrate


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages, commands."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=instance_path or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)

    from marketplace.site.security import init_security

    init_security(app)
    dbtx.init_app(app)
    from marketplace.kernel.inputs import init_app as init_inputs

    init_inputs(app)  # before the blueprints: their <int:…> rules use its converter

    from marketplace import models  # noqa: F401  (every table registered before migrations look)
    from marketplace.accounts import address_views  # noqa: F401  (address book routes)
    from marketplace.accounts.views import bp as accounts_bp
    from marketplace.admin.views import bp as admin_bp
    from marketplace.cart.views import bp as cart_bp
    from marketplace.catalog.views import bp as catalog_bp
    from marketplace.checkout import (
        after_sale_views,  # noqa: F401  (receipt, complaints)
        invoice_views,  # noqa: F401  (the buyer's invoice)
    )
    from marketplace.checkout.order_views import bp as orders_bp
    from marketplace.checkout.views import bp as checkout_bp
    from marketplace.payments.views import bp as payments_bp
    from marketplace.reviews.views import bp as reviews_bp
    from marketplace.site.seo import bp as seo_bp
    from marketplace.site.views import bp as site_bp
    from marketplace.studio.views import bp as studio_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(studio_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(cart_bp)
    app.register_blueprint(checkout_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(payments_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(seo_bp)

    from marketplace.site.templating import init_templating

    init_templating(app)
    from marketplace.search import init_search

    init_search(app)
    from marketplace.kernel.outbox import init_outbox

    init_outbox(app)
    _register_error_pages(app)

    from marketplace.cli import register_commands

    register_commands(app)
    return app


def select_locale() -> str:
    """The language cookie if it names a language we have, else Indonesian."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background work: the shop's language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _register_error_pages(app: Flask) -> None:
    def render_error(error: HTTPException):
        template = "errors/404.html" if error.code == 404 else "errors/error.html"
        return render_template(template, error=error), error.code

    def render_crash(error: Exception):
        app.logger.exception("unhandled error", exc_info=error)
        db.session.rollback()
        return render_template("errors/error.html", error=None), 500

    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, render_crash)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


__all__ = ["create_app", "get_locale"]
