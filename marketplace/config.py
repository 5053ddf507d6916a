"""Configuration: defaults, then instance/config.py, then the environment, then overrides."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    "APP_ENV": "development",
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
    "LANGUAGES": ("id", "en"),
    "LANGUAGE_COOKIE": "lang",
    "PRODUCTS_PER_PAGE": 24,
    # Catalogue pages for anonymous visitors, cached per catalogue version (site/page_cache).
    "PAGE_CACHE": True,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "MEDIA_URL_MAX_AGE": 7 * 24 * 3600,
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,
    # Sessions (OWASP ASVS V3): server-side tokens with idle and absolute timeouts.
    "SESSION_IDLE_MINUTES": 120,
    "SESSION_ABSOLUTE_HOURS": 12,
    "REMEMBER_IDLE_DAYS": 14,
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PASSWORD_RESET_MINUTES": 60,
    # Rate limits (Flask-Limiter syntax); failed attempts only for login.
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 15 minutes",
    "RESET_LIMIT_PER_ADDRESS": "5 per hour",
    "RATELIMIT_STORAGE_URI": "memory://",
    # Mail: written to instance/outbox/ unless MAIL_SERVER is set.
    "MAIL_FROM": "Pasar Sentra <no-reply@pasarsentra.example>",
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": True,
    # Orders and payments: without MIDTRANS_SERVER_KEY the built-in simulator is used.
    "ORDER_EXPIRY_HOURS": 24,
    # The commission rate (basis points) when the association has not set a default rule.
    "COMMISSION_DEFAULT_BP": 1000,
    # The shop's public address, for links in emails sent by cron commands.
    "SHOP_URL": "http://127.0.0.1:5000",
    "MIDTRANS_SERVER_KEY": "",
    "MIDTRANS_CLIENT_KEY": "",
    "MIDTRANS_IS_PRODUCTION": False,
    "MIDTRANS_SIMULATOR_URL": "http://127.0.0.1:5001",
    "MIDTRANS_TIMEOUT": 5,
    # Uploads
    "MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
    "MAX_IMAGE_PIXELS": 40_000_000,
    "MIN_IMAGE_SIDE": 200,
}

# Environment variables read at start-up, with what each one sets.
ENVIRONMENT = {
    "APP_ENV": "APP_ENV",  # development | production
    "SECRET_KEY": "SECRET_KEY",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "MEDIA_DIR": "MEDIA_DIR",
    "REDIS_URL": "REDIS_URL",
    "PAGE_CACHE": "PAGE_CACHE",
    "MIDTRANS_SERVER_KEY": "MIDTRANS_SERVER_KEY",
    "MIDTRANS_CLIENT_KEY": "MIDTRANS_CLIENT_KEY",
    "MIDTRANS_IS_PRODUCTION": "MIDTRANS_IS_PRODUCTION",
    "MIDTRANS_SIMULATOR_URL": "MIDTRANS_SIMULATOR_URL",
    "ORDER_EXPIRY_HOURS": "ORDER_EXPIRY_HOURS",
    "COMMISSION_DEFAULT_BP": "COMMISSION_DEFAULT_BP",
    "SHOP_URL": "SHOP_URL",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_PORT": "MAIL_PORT",
    "MAIL_USERNAME": "MAIL_USERNAME",
    "MAIL_PASSWORD": "MAIL_PASSWORD",
    "MAIL_FROM": "MAIL_FROM",
}


class ConfigError(RuntimeError):
    """The configuration cannot be used to start the shop."""


def normalise_database_url(url: str) -> str:
    """Point postgres:// and postgresql:// URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_config(app, overrides: dict[str, Any] | None = None) -> None:
    """Fill app.config in precedence order and check it is safe to run."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for env_name, key in ENVIRONMENT.items():
        value = os.environ.get(env_name)
        if value:
            app.config[key] = value
    if overrides:
        app.config.from_mapping(overrides)
    if isinstance(app.config["PAGE_CACHE"], str):
        off = ("0", "false", "no", "off")
        app.config["PAGE_CACHE"] = app.config["PAGE_CACHE"].lower() not in off
    app.config["MAIL_PORT"] = int(app.config["MAIL_PORT"])
    app.config["ORDER_EXPIRY_HOURS"] = float(app.config["ORDER_EXPIRY_HOURS"])
    app.config["COMMISSION_DEFAULT_BP"] = int(app.config["COMMISSION_DEFAULT_BP"])
    if not 0 <= app.config["COMMISSION_DEFAULT_BP"] <= 10_000:
        raise ValueError("COMMISSION_DEFAULT_BP must be between 0 and 10000 basis points")

    instance = Path(app.instance_path)
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI", f"sqlite:///{instance / 'marketplace.db'}"
    )
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    app.config.setdefault("MEDIA_DIR", str(instance / "media"))
    if app.config.get("REDIS_URL"):
        # Only a shared store makes a limit hold across all gunicorn workers.
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    production = app.config["APP_ENV"] == "production"
    app.config["PRODUCTION"] = production
    if not app.config.get("SECRET_KEY"):
        if production:
            raise ConfigError(
                "APP_ENV=production needs SECRET_KEY set in the environment or instance/config.py"
            )
        app.config["SECRET_KEY"] = _local_secret_key(instance)
    if production:
        # Flask's own defaults are for local HTTP; production runs behind TLS.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        # __Host- cookies are only accepted over HTTPS, for this host, on path /.
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["REMEMBER_COOKIE_NAME"] = "__Host-remember"
        app.config["PREFERRED_URL_SCHEME"] = "https"


def _local_secret_key(instance: Path) -> str:
    """Generate a key once into instance/ so local sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        # Write to a private temporary file, then link it into place: two processes
        # starting at once end up sharing whichever key was linked first.
        tmp = instance / f".secret_key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
