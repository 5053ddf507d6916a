"""Admin pages for user accounts: search, roles, disabling and re-enabling."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.models import Role, User
from marketplace.admin import services
from marketplace.admin.blueprint import bp
from marketplace.admin.forms import RoleForm
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import parse_page


def role_labels() -> dict[Role, str]:
    return {Role.BUYER: _("Buyer"), Role.ARTISAN: _("Artisan"), Role.ADMIN: _("Admin")}


@bp.get("/pengguna")
def users():
    query = request.args.get("q", "").strip()[:100]
    role = services.parse_role(request.args.get("role"))
    filters = {"q": query or None, "role": role.value if role else None}
    return render_template(
        "admin/users.html",
        users=services.user_page(query, role, parse_page(request.args.get("page"))),
        query=query,
        role=role,
        roles=role_labels(),
        filters={k: v for k, v in filters.items() if v},
    )


def _user_or_404(user_id: int, lock: bool = False) -> User:
    user = services.user_for_update(user_id) if lock else services.user_for_admin(user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/pengguna/<int:user_id>")
def user_detail(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm(role=user.role.value)
    form.role.choices = [(r.value, label) for r, label in role_labels().items()]
    return render_template(
        "admin/user_detail.html",
        user=user,
        form=form,
        roles=role_labels(),
        history=services.target_history("User", user.id),
    )


def _act(user: User, action, success: str, *args):
    try:
        did_change = action(current_user, user, *args)
    except services.AdminError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        if did_change:
            flash(success, "success")
        else:
            flash(_("Nothing was changed."), "warning")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/pengguna/<int:user_id>/peran")
def user_role(user_id: int):
    user = _user_or_404(user_id, lock=True)
    form = RoleForm()
    role = services.parse_role(form.role.data) if form.validate_on_submit() else None
    if role is None:
        flash(_("Choose a role from the list."), "error")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return _act(user, services.change_role,
                _("%(name)s is now: %(role)s.", name=user.name, role=role_labels()[role]),
                role)


@bp.post("/pengguna/<int:user_id>/nonaktifkan")
def user_disable(user_id: int):
    user = _user_or_404(user_id, lock=True)
    return _act(user, services.set_enabled,
                _("The account of %(name)s is disabled and signed out everywhere.",
                  name=user.name), False)


@bp.post("/pengguna/<int:user_id>/aktifkan")
def user_enable(user_id: int):
    user = _user_or_404(user_id, lock=True)
    return _act(user, services.set_enabled,
                _("The account of %(name)s is enabled again.", name=user.name), True)
