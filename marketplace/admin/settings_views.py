"""The association's settings (/admin/pengaturan): when parcels are paid out to groups
(ledger.payout_policy). Each change is audited."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin.blueprint import bp
from marketplace.kernel import audit
from marketplace.kernel.extensions import db
from marketplace.ledger import payout_policy


def _page(chosen: str | None = None, error: str = "", status: int = 200):
    return render_template(
        "admin/settings.html", payout_on=chosen or payout_policy.payout_on().value,
        payout_choices=payout_policy.PAYOUT_ON_LABELS, error=error,
    ), status


@bp.get("/pengaturan")
def settings():
    return _page()


@bp.post("/pengaturan/pencairan")
def settings_payout_on():
    """Pay out on delivered or on completed parcels."""
    before = {"payout_on": payout_policy.payout_on().value}
    try:
        chosen = payout_policy.set_payout_on(request.form.get("payout_on", ""), current_user.id)
    except payout_policy.PayoutPolicyError as error:
        db.session.rollback()
        return _page(request.form.get("payout_on", "")[:20], str(error), 422)
    if before["payout_on"] != chosen.value:
        audit.record("settings.payout_on", None, f"payouts take {chosen.value} parcels",
                     before, {"payout_on": chosen.value})
    db.session.commit()
    flash(_("Saved: %(choice)s.", choice=payout_policy.PAYOUT_ON_LABELS[chosen]), "success")
    return redirect(url_for("admin.settings"))
