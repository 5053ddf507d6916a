"""Admin pages for commission rules (/admin/komisi): the rates in force, upcoming and past
rules, adding a rule and deleting an unused upcoming one."""

from flask import flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin.blueprint import bp
from marketplace.admin.commission_forms import CommissionRuleForm
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import rate_percent
from marketplace.ledger import rules
from marketplace.ledger.models import CommissionRule

INVALID = 422  # the form comes back with its messages and what was typed


def _form() -> CommissionRuleForm:
    form = CommissionRuleForm()
    form.set_choices(*rules.target_choices())
    if form.effective_from.data is None and not form.is_submitted():
        form.effective_from.data = rules.today_wib()
    return form


def _page(form: CommissionRuleForm):
    return render_template("admin/commission_rules.html", form=form,
                           overview=rules.rules_overview())


@bp.get("/komisi")
def commission_rules():
    return _page(_form())


@bp.post("/komisi")
def commission_rule_add():
    begin_write()
    form = _form()
    if form.validate_on_submit():
        try:
            rule = rules.add_rule(form.scope.data, form.target_id(), form.rate_bp,
                                  form.effective_from.data, form.note.data or "",
                                  actor=current_user)
        except rules.RuleError as error:
            db.session.rollback()
            field = getattr(form, error.field, None) if error.field else None
            if field is None:
                flash(str(error), "error")
            else:
                field.errors = [*field.errors, str(error)]
        else:
            message = _("From %(day)s, commission for %(target)s is %(rate)s.",
                        day=format_date(rule.effective_from), target=rules.target_name(rule),
                        rate=rate_percent(rule.rate_bp))
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("admin.commission_rules"))
    return _page(form), INVALID


@bp.post("/komisi/<int:rule_id>/hapus")
def commission_rule_delete(rule_id: int):
    begin_write()
    rule = db.get_or_404(CommissionRule, rule_id)
    target, day = rules.target_name(rule), format_date(rule.effective_from)
    try:
        rules.delete_rule(rule)
    except rules.RuleError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The rule for %(target)s from %(day)s is deleted.", target=target, day=day),
              "success")
    return redirect(url_for("admin.commission_rules"))
