"""The studio blueprint and its gate: signed-in users only, and every route under
/studio/<group_slug> reached only by the group's members (others get 404)."""

from flask import Blueprint, abort, g
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.studio import services

bp = Blueprint("studio", __name__, url_prefix="/studio")


@bp.before_request
@login_required
def require_login():
    """Every studio page needs a signed-in user."""


@bp.url_value_preprocessor
def load_group(endpoint, values):
    """Resolve <group_slug> to a group the user belongs to, or 404 for anyone else."""
    if values and "group_slug" in values:
        if not current_user.is_authenticated:
            return  # before_request sends them to sign in
        membership = services.membership_for(current_user, values["group_slug"])
        if membership is None:
            abort(404)
        g.membership = membership
        g.group = membership.group


@bp.url_defaults
def keep_group(endpoint, values):
    if "group_slug" not in values and g.get("group") is not None and \
            endpoint.startswith("studio.") and endpoint not in ("studio.index", "studio.apply"):
        values["group_slug"] = g.group.slug


@bp.context_processor
def studio_context():
    membership = g.get("membership")
    return {
        "group": g.get("group"),
        "is_owner": membership is not None and services.is_owner(membership),
        "problem_text": problem_text,
    }


def problem_text(problem) -> str:
    """A CSV import problem (an N_ msgid with params) in the reader's language."""
    params = {k: format_decimal(v) if isinstance(v, int) else v
              for k, v in problem.params.items()}
    return _(problem.message, **params)


def owner_only():
    if not services.is_owner(g.membership):
        abort(403)
