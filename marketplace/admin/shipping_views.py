"""Admin pages for the shipping rate table (/admin/ongkir): the rows from one province,
editing a row's prices and days, adding a row, and deleting one after a confirmation.
Every change is audited by marketplace.shipping.services."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.admin.blueprint import bp
from marketplace.admin.shipping_forms import RateEditForm, RateNewForm
from marketplace.kernel.couriers import service_label
from marketplace.kernel.extensions import db
from marketplace.shipping import services
from marketplace.shipping.models import ShippingRate

INVALID = 422  # the form comes back with its messages and what was typed


def _province(code: str | None, provinces: list[tuple[str, str]]) -> str | None:
    return code if code in {value for value, _name in provinces} else None


def _back(rate: ShippingRate | None = None, origin: str | None = None):
    origin = rate.origin_province_code if rate is not None else origin
    return redirect(url_for("admin.shipping_rates", asal=origin) if origin
                    else url_for("admin.shipping_rates"))


def _show_error(form, error: services.ShippingError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        flash(str(error), "error")
    else:
        field.errors = [*field.errors, str(error)]


@bp.get("/ongkir")
def shipping_rates():
    provinces = services.province_choices()
    origin = _province(request.args.get("asal"), provinces)
    if origin is None:
        origin = next(iter(services.origins_in_table()), None) or provinces[0][0]
    destination = _province(request.args.get("tujuan"), provinces)
    return render_template(
        "admin/shipping_rates.html", provinces=provinces, names=dict(provinces),
        origin=origin, destination=destination,
        rows=services.rates_from(origin, destination), label=service_label,
    )


def _service_choices() -> list[tuple[str, str]]:
    return [(f"{courier}:{service}", service_label(courier, service))
            for courier, service in services.catalogue_services()]


@bp.route("/ongkir/baru", methods=["GET", "POST"])
def shipping_rate_new():
    provinces = services.province_choices()
    form = RateNewForm()
    form.set_choices(provinces, _service_choices())
    if not form.is_submitted():
        form.origin_province_code.data = _province(request.args.get("asal"), provinces) or ""
    if form.validate_on_submit():
        values = services.RateValues(
            form.origin_province_code.data, form.destination_province_code.data,
            form.service.data, form.first_kg_price.data, form.next_kg_price.data,
            form.etd_min_days.data, form.etd_max_days.data)
        try:
            rate = services.add_rate(values)
        except services.ShippingError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            message = _("%(service)s from %(origin)s to %(destination)s is added.",
                        service=service_label(rate.courier_code, rate.service_code),
                        origin=services.province_name(rate.origin_province_code),
                        destination=services.province_name(rate.destination_province_code))
            db.session.commit()
            flash(message, "success")
            return _back(rate)
    status = INVALID if form.is_submitted() else 200
    return render_template("admin/shipping_rate_form.html", form=form, rate=None), status


@bp.route("/ongkir/<int:rate_id>", methods=["GET", "POST"])
def shipping_rate_edit(rate_id: int):
    rate = db.get_or_404(ShippingRate, rate_id)
    form = RateEditForm(obj=rate)
    if form.validate_on_submit():
        try:
            changed = services.update_rate(rate, form.first_kg_price.data,
                                           form.next_kg_price.data, form.etd_min_days.data,
                                           form.etd_max_days.data)
        except services.ShippingError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            if changed:
                flash(_("The rate is saved."), "success")
            else:
                flash(_("Nothing was changed."), "warning")
            return _back(rate)
    status = INVALID if form.is_submitted() else 200
    return render_template("admin/shipping_rate_form.html", form=form, rate=rate,
                           names=dict(services.province_choices()),
                           label=service_label(rate.courier_code, rate.service_code)), status


@bp.route("/ongkir/<int:rate_id>/hapus", methods=["GET", "POST"])
def shipping_rate_delete(rate_id: int):
    """GET asks to confirm; POST deletes."""
    rate = db.get_or_404(ShippingRate, rate_id)
    label = service_label(rate.courier_code, rate.service_code)
    origin, destination = (services.province_name(rate.origin_province_code),
                           services.province_name(rate.destination_province_code))
    if request.method == "GET":
        return render_template("admin/shipping_rate_delete.html", rate=rate, label=label,
                               origin=origin, destination=destination)
    origin_code = rate.origin_province_code
    services.delete_rate(rate)
    db.session.commit()
    flash(_("%(service)s from %(origin)s to %(destination)s is deleted.", service=label,
            origin=origin, destination=destination), "success")
    return _back(origin=origin_code)
