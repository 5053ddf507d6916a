"""Forms of the rate table pages (/admin/ongkir). They check what was typed; the rules
that need the regions, the courier catalogue or the table are marketplace.shipping.services'."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from marketplace.admin.forms import WholeNumberField
from marketplace.kernel.messages import N_, Message, Money, Number
from marketplace.shipping.services import MAX_DAYS, MAX_RATE_PRICE

# "18000", "18.000", "18,000" or "Rp 18.000"; a decimal part is not rupiah.
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+", re.ASCII)
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)


class RupiahField(WholeNumberField):
    """Whole rupiah, typed with or without thousands dots and 'Rp'; what was typed is shown
    again when it is refused."""

    def process_formdata(self, valuelist):
        text = _CURRENCY.sub("", ((valuelist[0] if valuelist else "") or "").strip())
        text = text.replace(" ", "").replace("\xa0", "")
        if _GROUPED.fullmatch(text):
            text = re.sub(r"[.,]", "", text)
        super().process_formdata([text])


def _within(minimum: int, maximum: int, msgid: str, param=Number):
    def check(form, field) -> None:
        if field.data is not None and not minimum <= field.data <= maximum:
            raise ValidationError(str(Message(msgid, min=param(minimum), max=param(maximum))))
    return check


def _price(label, minimum: int):
    return RupiahField(
        label, message=_l("Enter whole rupiah, e.g. 18000 or 18.000."),
        validators=[InputRequired(_l("Enter a price in whole rupiah.")),
                    _within(minimum, MAX_RATE_PRICE,
                            N_("Enter an amount from %(min)s to %(max)s."), Money)])


def _days(label):
    return WholeNumberField(
        label, message=_l("Enter a number of days, e.g. 2."),
        validators=[InputRequired(_l("Enter a number of days.")),
                    _within(1, MAX_DAYS, N_("Enter from %(min)s to %(max)s days."))])


class RateEditForm(FlaskForm):
    """A row's prices and delivery estimate (its route and service stay)."""

    first_kg_price = _price(_l("First kilogram (Rp)"), 1)
    next_kg_price = _price(_l("Each further kilogram (Rp)"), 0)
    etd_min_days = _days(_l("Delivery from (days)"))
    etd_max_days = _days(_l("Delivery up to (days)"))

    def validate_etd_max_days(self, field) -> None:
        if field.data is not None and self.etd_min_days.data is not None and \
                field.data < self.etd_min_days.data:
            raise ValidationError(str(_l(
                "The longest delivery time cannot be shorter than the shortest.")))


def _code(value) -> str:
    return value.strip() if isinstance(value, str) else ""


class RateNewForm(RateEditForm):
    """A new row: the route and the service too."""

    origin_province_code = SelectField(_l("From province"), coerce=_code,
                                       validate_choice=False)
    destination_province_code = SelectField(_l("To province"), coerce=_code,
                                            validate_choice=False)
    service = SelectField(_l("Courier service"), coerce=_code, validate_choice=False)

    def set_choices(self, provinces: list[tuple[str, str]],
                    services: list[tuple[str, str]]) -> None:
        """The selects' options after a "choose" placeholder."""
        choose = [("", str(_l("— choose —")))]
        self.origin_province_code.choices = choose + provinces
        self.destination_province_code.choices = choose + provinces
        self.service.choices = choose + services

    def _chosen(self, field) -> None:
        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(str(_l("Choose from the list.")))

    validate_origin_province_code = _chosen
    validate_destination_province_code = _chosen
    validate_service = _chosen
