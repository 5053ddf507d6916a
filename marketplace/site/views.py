"""Site-wide routes: health check, language switch, stored media."""

from flask import Blueprint, current_app, jsonify, redirect, request, send_from_directory
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from marketplace.accounts.language import remember_language
from marketplace.kernel.extensions import db
from marketplace.kernel.urls import safe_next

bp = Blueprint("site", __name__)


@bp.get("/healthz")
def healthz():
    """For load balancers: 200 when the app can reach its database, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@bp.get("/bahasa/<code>")
def set_language(code: str):
    """Remember the chosen language in a cookie (and on a signed-in user's account) and go
    back to the page the user was on."""
    response = redirect(safe_next(request.args.get("next")))
    if code in current_app.config["LANGUAGES"]:
        if current_user.is_authenticated:  # their emails follow the language they chose
            remember_language(current_user._get_current_object(), code)
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"],
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response


@bp.get("/media/<path:filename>")
def media(filename: str):
    """Stored product and cover pictures; keys are never reused, so they cache for long."""
    response = send_from_directory(
        current_app.config["MEDIA_DIR"],
        filename,
        max_age=current_app.config["MEDIA_URL_MAX_AGE"],
    )
    return response
