"""The checkout form: who pays and where the parcels go (an Indonesian address)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Regexp

from ..accounts.validators import phone_validator


def _strip(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def _required(message):
    return DataRequired(message)


class AddressForm(FlaskForm):
    name = StringField(_l("Full name"), filters=[_strip], validators=[
        _required(_l("Enter the name of the person receiving the parcels.")), Length(max=120)])
    email = EmailField(_l("Email"), filters=[_strip], validators=[
        _required(_l("Enter your email address.")),
        Email(_l("Enter a valid email address, like nama@contoh.id.")), Length(max=254)],
        description=_l("Your receipt and the link to follow your order go here."))
    phone = StringField(_l("Phone / WhatsApp"), validators=[phone_validator()],
                        description=_l("For the courier, e.g. 0812 3456 7890."))
    street = TextAreaField(_l("Street address"), filters=[_strip], validators=[
        _required(_l("Enter the street, house number, RT/RW.")), Length(min=5, max=200)])
    village = StringField(_l("Village / kelurahan"), filters=[_strip], validators=[
        _required(_l("Enter the village or kelurahan.")), Length(max=80)])
    district = StringField(_l("District / kecamatan"), filters=[_strip], validators=[
        _required(_l("Enter the district (kecamatan).")), Length(max=80)])
    regency = StringField(_l("Regency / city"), filters=[_strip], validators=[
        _required(_l("Enter the regency or city.")), Length(max=80)])
    province = StringField(_l("Province"), filters=[_strip], validators=[
        _required(_l("Enter the province.")), Length(max=80)])
    postal_code = StringField(_l("Postal code"), filters=[_strip], validators=[
        _required(_l("Enter the postal code.")),
        Regexp(r"^[1-9]\d{4}$", message=_l("An Indonesian postal code has 5 digits, e.g. 65144."))])

    FIELDS = ("name", "email", "phone", "street", "village", "district", "regency", "province",
              "postal_code")

    def address(self) -> dict:
        return {name: self[name].data for name in self.FIELDS}
