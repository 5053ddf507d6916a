"""Admin pages for producer groups: the application queue and each group's decisions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.admin import services
from marketplace.admin.blueprint import bp
from marketplace.admin.forms import ReasonForm
from marketplace.catalog import groups as lifecycle
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.status import GroupStatus
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import parse_page


@bp.get("/kelompok")
def groups():
    status = services.parse_group_status(request.args.get("status"))
    return render_template(
        "admin/groups.html",
        status=status,
        counts=services.group_status_counts(),
        rows=services.group_page(status, parse_page(request.args.get("page"))),
    )


def _group_or_404(group_id: int, lock: bool = False) -> ProducerGroup:
    load = services.group_for_decision if lock else services.group_for_admin
    group = load(group_id)
    if group is None:
        abort(404)
    return group


def _detail(group: ProducerGroup, reject_form=None, suspend_form=None):
    return render_template(
        "admin/group_detail.html",
        group=group,
        products=services.group_products(group),
        history=services.target_history("ProducerGroup", group.id),
        account=services.mask_account(group.bank_account_number),
        reject_form=reject_form or ReasonForm(formdata=None),
        suspend_form=suspend_form or ReasonForm(formdata=None),
    )


@bp.get("/kelompok/<int:group_id>")
def group_detail(group_id: int):
    return _detail(_group_or_404(group_id))


def _decide(group: ProducerGroup, action, success: str, *args):
    """Apply one decision, commit, and come back to the group's page with a message."""
    try:
        action(group, *args)
    except lifecycle.GroupError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("admin.group_detail", group_id=group.id))


@bp.post("/kelompok/<int:group_id>/setujui")
def group_approve(group_id: int):
    group = _group_or_404(group_id, lock=True)
    return _decide(group, lifecycle.approve_group,
                   _("%(name)s is approved: its shop and published products are now visible.",
                     name=group.name))


@bp.post("/kelompok/<int:group_id>/tolak")
def group_reject(group_id: int):
    group = _group_or_404(group_id, lock=True)
    form = ReasonForm()
    if not form.validate_on_submit() and group.status == GroupStatus.PENDING:
        return _detail(group, reject_form=form)
    return _decide(group, lifecycle.reject_group,
                   _("The application of %(name)s is rejected.", name=group.name),
                   form.reason.data)


@bp.post("/kelompok/<int:group_id>/tangguhkan")
def group_suspend(group_id: int):
    group = _group_or_404(group_id, lock=True)
    form = ReasonForm()
    if not form.validate_on_submit() and group.status == GroupStatus.APPROVED:
        return _detail(group, suspend_form=form)
    return _decide(group, lifecycle.suspend_group,
                   _("%(name)s is suspended: its shop and products are hidden.",
                     name=group.name),
                   form.reason.data)


@bp.post("/kelompok/<int:group_id>/pulihkan")
def group_reinstate(group_id: int):
    group = _group_or_404(group_id, lock=True)
    return _decide(group, lifecycle.reinstate_group,
                   _("%(name)s is reinstated: its shop and published products are visible "
                     "again.", name=group.name))


@bp.post("/kelompok/<int:group_id>/buka-kembali")
def group_reopen(group_id: int):
    group = _group_or_404(group_id, lock=True)
    return _decide(group, lifecycle.reopen_group,
                   _("The application of %(name)s is back in the queue.", name=group.name))
