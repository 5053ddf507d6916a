"""Security headers on every response, and the sign-in wiring of Flask-Login."""

from __future__ import annotations

from flask import Flask, current_app

from marketplace.kernel.extensions import login_manager


def N_(message: str) -> str:
    """Mark a string for translation where it is translated later (extracted as N_)."""
    return message


def content_security_policy(payment_origin: str) -> str:
    """Our CSP; checkout's form redirects to the payment page, so its origin may be a target."""
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            "style-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            f"form-action 'self' {payment_origin}",
        ]
    )


def _payment_origin(config) -> str:
    from urllib.parse import urlsplit

    if not config.get("MIDTRANS_SERVER_KEY"):
        parts = urlsplit(config["MIDTRANS_SIMULATOR_URL"])
        return f"{parts.scheme}://{parts.netloc}"
    if str(config.get("MIDTRANS_IS_PRODUCTION")).lower() in ("1", "true", "yes", "on"):
        return "https://app.midtrans.com"
    return "https://app.sandbox.midtrans.com"


def init_security(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"
    login_manager.login_message_category = "warning"
    login_manager.login_message = N_("Please sign in to see that page.")
    login_manager.localize_callback = _translate

    @login_manager.user_loader
    def load_user(token: str):
        from marketplace.accounts.sessions import load_session_user

        return load_session_user(token)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault(
            "Content-Security-Policy", content_security_policy(_payment_origin(current_app.config))
        )
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if current_app.config["PRODUCTION"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def _translate(message: str) -> str:
    from flask_babel import gettext

    return gettext(message)
