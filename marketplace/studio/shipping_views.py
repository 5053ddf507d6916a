"""The studio's shipping page (/studio/<group>/pengiriman): the courier services the group
ships with, its packing fee and weight tolerance. Any member of the group may change them
(the blueprint answers 404 to everyone else)."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from marketplace.kernel import regions
from marketplace.kernel.extensions import db
from marketplace.shipping import services
from marketplace.studio.blueprint import bp
from marketplace.studio.shipping_forms import ShippingForm

INVALID = 422  # the form comes back with its messages and what was typed


@bp.route("/<group_slug>/pengiriman", methods=["GET", "POST"])
def shipping(group_slug: str):
    group = g.group
    settings = services.settings_for(group)
    form = ShippingForm(data={
        "services": list(services.chosen_services(settings)),
        "packing_fee": settings.packing_fee,
        "weight_tolerance_grams": settings.weight_tolerance_grams,
    })
    if form.validate_on_submit():
        try:
            services.save_group_settings(group, form.services.data or [],
                                         form.packing_fee.data,
                                         form.weight_tolerance_grams.data)
        except services.ShippingError as error:
            db.session.rollback()
            field = getattr(form, error.field or "", None) or form.services
            field.errors = [*field.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Your shipping settings are saved."), "success")
            return redirect(url_for("studio.shipping"))
    origin_code = getattr(group, "origin_village_code", "") or ""
    return render_template(
        "studio/shipping.html", form=form, couriers=services.courier_choices(),
        chosen=set(form.services.data or []),
        origin=regions.chain(origin_code) if origin_code else None,
    ), INVALID if form.errors else 200
