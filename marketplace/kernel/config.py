"""Configuration: defaults, then instance/config.py, then the environment, then overrides."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Config

ROOT = Path(__file__).resolve().parents[2]

DEFAULTS: dict[str, Any] = {
    "APP_ENV": "development",
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
    "LANGUAGES": ("id", "en"),
    "LANGUAGE_COOKIE": "lang",
    "PRODUCTS_PER_PAGE": 24,
    # Catalogue pages for anonymous visitors, cached per catalogue version
    # (catalog/page_cache), except for a visitor sending one of these cookies: the cart's
    # (cart.services.COOKIE), whose header shows the visitor's own cart.
    "PAGE_CACHE": True,
    "PAGE_CACHE_SKIP_COOKIES": ("cart",),
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
    # Sign-in throttle (accounts/throttle.py), counted in the database so it is exact across
    # workers: attempts on one account from one address (hard), from one address on any
    # account (hard), and on one account from anywhere (soft: past the threshold each try
    # waits a doubling delay, never a lock). A browser that signed in to the account before
    # (its device cookie) is counted on its own with the per-pair limit.
    "LOGIN_WINDOW_MINUTES": 15,
    "LOGIN_FAILURES_PER_PAIR": 5,
    "LOGIN_FAILURES_PER_ADDRESS": 20,
    "LOGIN_FAILURES_BEFORE_DELAY": 10,
    "LOGIN_DELAY_FIRST_SECONDS": 2,
    "LOGIN_DELAY_MAX_SECONDS": 60,
    "LOGIN_DEVICE_DAYS": 180,
    "LOGIN_DEVICE_COOKIE_NAME": "sign_in_device",
    # Proxies in front of the app (nginx: 1) whose X-Forwarded-For/-Proto are believed; the
    # sign-in throttle counts per client address, which is the proxy's own without this.
    "TRUSTED_PROXIES": 0,
    # Rate limit of reset requests (Flask-Limiter syntax; per worker unless REDIS_URL is set).
    "RESET_LIMIT_PER_ADDRESS": "5 per hour",
    "RATELIMIT_STORAGE_URI": "memory://",
    # Mail: written to instance/outbox/ unless MAIL_SERVER is set.
    "MAIL_FROM": "Pasar Sentra <no-reply@pasarsentra.example>",
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": True,
    # The outbox (marketplace/outbox): attempts before a message is failed for the admin,
    # the wait after the first failure (doubling each time, at most MAX), and how long a
    # deliverer holds a message it is sending (longer than any SMTP exchange).
    "MAIL_MAX_ATTEMPTS": 10,
    "MAIL_RETRY_BASE_SECONDS": 60,
    "MAIL_RETRY_MAX_SECONDS": 6 * 3600,
    "MAIL_CLAIM_SECONDS": 300,
    # Orders and payments: without MIDTRANS_SERVER_KEY the built-in simulator is used.
    "ORDER_EXPIRY_HOURS": 24,
    # An order with no live payment attempt (none yet, or Snap failed) keeps its stock this
    # long after it was placed, not ORDER_EXPIRY_HOURS: `flask orders expire` ends it sooner.
    "ORDER_EXPIRY_WITHOUT_PAYMENT_HOURS": 1,
    # `flask orders remind-unshipped` reminds a group of a paid parcel not shipped this long
    # after payment (once per parcel and member).
    "SHIP_REMINDER_HOURS": 48,
    # A payment start unfinished after this long (its worker died or lost the database between
    # Snap and saving the link) is given up. Unset: PAYMENT_START_TIMEOUTS × MIDTRANS_TIMEOUT.
    "PAYMENT_START_STALE_SECONDS": None,
    # `flask payments reconcile` also asks about orders expired or cancelled this recently,
    # for settlements that came too late (flagged for review).
    "RECONCILE_LOOKBACK_DAYS": 7,
    # After the sale (orders/receipt.py, orders/complaint_services.py): `flask orders
    # complete-parcels` completes a parcel shipped this many days ago (no open complaint),
    # and a buyer may open a complaint up to this many days after the parcel was delivered.
    "AUTO_COMPLETE_DAYS": 7,
    "COMPLAINT_WINDOW_DAYS": 3,
    # The commission rate (basis points) when the association has not set a default rule.
    "COMMISSION_DEFAULT_BP": 1000,
    # The shop's public address, for links in emails sent by cron commands.
    "SHOP_URL": "http://127.0.0.1:5000",
    # The association that runs the marketplace, as its invoices name it (papers/); NPWP
    # optional. The defaults are the demo's.
    "ASSOCIATION_NAME": "Asosiasi Sentra IKM Jawa Timur (Pasar Sentra)",
    "ASSOCIATION_ADDRESS": "Jl. Raya Singosari No. 1, Pagentan, Singosari, "
                           "Kab. Malang, Jawa Timur 65153",
    "ASSOCIATION_NPWP": "01.234.567.8-657.000",
    "ASSOCIATION_EMAIL": "halo@pasarsentra.example",
    "MIDTRANS_SERVER_KEY": "",
    "MIDTRANS_CLIENT_KEY": "",
    "MIDTRANS_IS_PRODUCTION": False,
    "MIDTRANS_SIMULATOR_URL": "http://127.0.0.1:5001",
    "MIDTRANS_TIMEOUT": 5,
    # Shipping rates: "" uses the association's rate table; "biteship" asks Biteship's Rates
    # API (or its simulator, `make demo`: any key works there) and falls back to the table.
    "SHIPPING_PROVIDER": "",
    "BITESHIP_API_URL": "https://api.biteship.com",
    "BITESHIP_API_KEY": "",
    "SHIPPING_TIMEOUT_SECONDS": 4,
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
    "SHIPPING_PROVIDER": "SHIPPING_PROVIDER",
    "BITESHIP_API_URL": "BITESHIP_API_URL",
    "BITESHIP_API_KEY": "BITESHIP_API_KEY",
    "SHIPPING_TIMEOUT_SECONDS": "SHIPPING_TIMEOUT_SECONDS",
    "ORDER_EXPIRY_HOURS": "ORDER_EXPIRY_HOURS",
    "ORDER_EXPIRY_WITHOUT_PAYMENT_HOURS": "ORDER_EXPIRY_WITHOUT_PAYMENT_HOURS",
    "SHIP_REMINDER_HOURS": "SHIP_REMINDER_HOURS",
    "PAYMENT_START_STALE_SECONDS": "PAYMENT_START_STALE_SECONDS",
    "RECONCILE_LOOKBACK_DAYS": "RECONCILE_LOOKBACK_DAYS",
    "COMMISSION_DEFAULT_BP": "COMMISSION_DEFAULT_BP",
    "AUTO_COMPLETE_DAYS": "AUTO_COMPLETE_DAYS",
    "COMPLAINT_WINDOW_DAYS": "COMPLAINT_WINDOW_DAYS",
    "SHOP_URL": "SHOP_URL",
    "ASSOCIATION_NAME": "ASSOCIATION_NAME",
    "ASSOCIATION_ADDRESS": "ASSOCIATION_ADDRESS",
    "ASSOCIATION_NPWP": "ASSOCIATION_NPWP",
    "ASSOCIATION_EMAIL": "ASSOCIATION_EMAIL",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_PORT": "MAIL_PORT",
    "MAIL_USERNAME": "MAIL_USERNAME",
    "MAIL_PASSWORD": "MAIL_PASSWORD",
    "MAIL_FROM": "MAIL_FROM",
    "MAIL_MAX_ATTEMPTS": "MAIL_MAX_ATTEMPTS",
    "MAIL_RETRY_BASE_SECONDS": "MAIL_RETRY_BASE_SECONDS",
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "LOGIN_WINDOW_MINUTES": "LOGIN_WINDOW_MINUTES",
    "LOGIN_FAILURES_PER_PAIR": "LOGIN_FAILURES_PER_PAIR",
    "LOGIN_FAILURES_PER_ADDRESS": "LOGIN_FAILURES_PER_ADDRESS",
    "LOGIN_FAILURES_BEFORE_DELAY": "LOGIN_FAILURES_BEFORE_DELAY",
    "LOGIN_DELAY_FIRST_SECONDS": "LOGIN_DELAY_FIRST_SECONDS",
    "LOGIN_DELAY_MAX_SECONDS": "LOGIN_DELAY_MAX_SECONDS",
    "LOGIN_DEVICE_DAYS": "LOGIN_DEVICE_DAYS",
}

_WHOLE_NUMBERS = (
    "TRUSTED_PROXIES", "LOGIN_WINDOW_MINUTES", "LOGIN_FAILURES_PER_PAIR",
    "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FAILURES_BEFORE_DELAY", "LOGIN_DELAY_FIRST_SECONDS",
    "LOGIN_DELAY_MAX_SECONDS", "LOGIN_DEVICE_DAYS", "AUTO_COMPLETE_DAYS",
    "COMPLAINT_WINDOW_DAYS",
)


# A Snap call can take MIDTRANS_TIMEOUT to connect and again to answer, then two database
# writes: a start still unfinished after four timeouts is not coming back.
PAYMENT_START_TIMEOUTS = 4


class ConfigError(RuntimeError):
    """The configuration cannot be used to start the shop."""


def normalise_database_url(url: str) -> str:
    """Point postgres:// and postgresql:// URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _layer(config: Config, instance_path: str | Path) -> None:
    """Defaults, then instance/config.py, then the environment."""
    config.from_mapping(DEFAULTS)
    # An absolute path: a relative one would be read from the package, not from instance/.
    config.from_pyfile(str(Path(instance_path) / "config.py"), silent=True)
    for env_name, key in ENVIRONMENT.items():
        value = os.environ.get(env_name)
        if value:
            config[key] = value


def startup_settings(instance_path: str | Path | None = None) -> Config:
    """The settings an app would start from (no overrides, no checks): for server hooks."""
    config = Config(str(ROOT))
    _layer(config, instance_path or os.environ.get("INSTANCE_PATH") or ROOT / "instance")
    return config


def shared_limits_warning(settings: Any, workers: int) -> str | None:
    """What to log when production workers would each keep their own rate-limit counters."""
    if settings.get("APP_ENV") != "production" or workers <= 1 or settings.get("REDIS_URL"):
        return None
    return (
        f"APP_ENV=production with {workers} workers and no REDIS_URL: Flask-Limiter keeps its "
        "counters in each worker's memory, so the password-reset request limit "
        f"({settings.get('RESET_LIMIT_PER_ADDRESS')} per address) is counted per worker and "
        f"an address gets up to {workers} times as many. Set REDIS_URL to share them. "
        "(Sign-in attempts are counted in the database and hold across workers either way.)"
    )


def load_config(app, overrides: dict[str, Any] | None = None) -> None:
    """Fill app.config in precedence order and check it is safe to run."""
    _layer(app.config, app.instance_path)
    if overrides:
        app.config.from_mapping(overrides)
    if isinstance(app.config["PAGE_CACHE"], str):
        off = ("0", "false", "no", "off")
        app.config["PAGE_CACHE"] = app.config["PAGE_CACHE"].lower() not in off
    app.config["MAIL_PORT"] = int(app.config["MAIL_PORT"])
    app.config["ORDER_EXPIRY_HOURS"] = float(app.config["ORDER_EXPIRY_HOURS"])
    _payment_timings(app.config)
    _shipping_provider(app.config)
    app.config["COMMISSION_DEFAULT_BP"] = int(app.config["COMMISSION_DEFAULT_BP"])
    for key in _WHOLE_NUMBERS:
        app.config[key] = int(app.config[key])
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
        app.config["LOGIN_DEVICE_COOKIE_NAME"] = "__Host-sign_in_device"
        app.config["PREFERRED_URL_SCHEME"] = "https"


def _payment_timings(config: Config) -> None:
    """Payment and expiry durations as numbers; the stale-start bound derived if unset."""
    try:
        for key in ("ORDER_EXPIRY_WITHOUT_PAYMENT_HOURS", "RECONCILE_LOOKBACK_DAYS",
                    "SHIP_REMINDER_HOURS"):
            config[key] = float(config[key])
        stale = config.get("PAYMENT_START_STALE_SECONDS")
        if stale in (None, ""):
            stale = PAYMENT_START_TIMEOUTS * float(config["MIDTRANS_TIMEOUT"])
        config["PAYMENT_START_STALE_SECONDS"] = float(stale)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"payment and expiry settings must be numbers: {exc}") from exc


SHIPPING_PROVIDERS = ("", "biteship")
# A simulator on this machine accepts any key (the demo's is "demo").
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def _shipping_provider(config: Config) -> None:
    """Refuse a shipping provider that cannot work: unknown, or Biteship without a key."""
    provider = str(config.get("SHIPPING_PROVIDER") or "").strip().lower()
    if provider not in SHIPPING_PROVIDERS:
        raise ConfigError(
            f"SHIPPING_PROVIDER={provider!r} is unknown: use biteship, or leave it empty "
            "for the association's rate table"
        )
    config["SHIPPING_PROVIDER"] = provider
    try:
        timeout = float(config["SHIPPING_TIMEOUT_SECONDS"])
    except (TypeError, ValueError) as exc:
        raise ConfigError("SHIPPING_TIMEOUT_SECONDS must be a number of seconds") from exc
    if not 0 < timeout <= 60:
        raise ConfigError("SHIPPING_TIMEOUT_SECONDS must be more than 0 and at most 60")
    config["SHIPPING_TIMEOUT_SECONDS"] = timeout
    url = str(config.get("BITESHIP_API_URL") or "").strip().rstrip("/")
    config["BITESHIP_API_URL"] = url
    if provider != "biteship":
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"BITESHIP_API_URL={url!r} is not an http(s) URL")
    local = parts.hostname in _LOCAL_HOSTS or f"[{parts.hostname}]" in _LOCAL_HOSTS
    if not config.get("BITESHIP_API_KEY"):
        if not local:
            raise ConfigError(
                "SHIPPING_PROVIDER=biteship needs BITESHIP_API_KEY (from Biteship's dashboard, "
                "Integrations > API key; biteship_test. keys for testing), or point "
                "BITESHIP_API_URL at the local simulator (make demo) which takes any key"
            )
        config["BITESHIP_API_KEY"] = "simulator"  # noqa: S105 - the local simulator's


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
