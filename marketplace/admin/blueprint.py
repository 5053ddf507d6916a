"""The admin blueprint and its gate: association admins only, on every route."""

from flask import Blueprint

from marketplace.accounts.access import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@admin_required
def require_admin():
    """Every admin page is for association admins only."""
