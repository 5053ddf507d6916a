"""The studio's shipping form: courier services, packing fee and weight tolerance. It checks
what was typed; marketplace.shipping.services checks the services against the catalogue."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField

from marketplace.shipping.rules import MAX_TOLERANCE_GRAMS
from marketplace.shipping.services import MAX_PACKING_FEE
from marketplace.studio.forms import WholeNumberField, WholeNumberRange


class ShippingForm(FlaskForm):
    # Checkboxes grouped by courier in the template; unknown codes are refused by the service.
    services = SelectMultipleField(_l("Courier services"), validate_choice=False)
    packing_fee = WholeNumberField(
        _l("Packing fee per parcel (Rp)"), currency=True,
        validators=[WholeNumberRange(0, MAX_PACKING_FEE, required=_l(
            "Enter your packing fee per parcel (0 if there is none)."))],
        description=_l("Added to each courier's price, e.g. 5.000 for bubble wrap and a box. "
                       "0 if there is none."))
    weight_tolerance_grams = WholeNumberField(
        _l("Weight tolerance (grams)"),
        validators=[WholeNumberRange(0, MAX_TOLERANCE_GRAMS, required=_l(
            "Enter the weight tolerance in grams (300 is what most couriers use)."))],
        description=_l("How far over a whole kilogram a parcel is still charged at that "
                       "kilogram: with 300, a 1.3 kg parcel pays for 1 kg and a 1.4 kg one "
                       "for 2 kg. From 0 to 999."))
