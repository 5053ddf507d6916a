"""The checkout form: who pays and where the parcels go (an Indonesian address)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Regexp

from marketplace.accounts.validators import phone_validator, plain_text
from marketplace.kernel.inputs import has_control_characters


def _strip(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def _required(message):
    return DataRequired(message)


class AddressForm(FlaskForm):
    name = StringField(_l("Full name"), filters=[_strip], validators=[
        _required(_l("Enter the name of the person receiving the parcels.")), Length(max=120),
        plain_text()])
    email = EmailField(_l("Email"), filters=[_strip], validators=[
        _required(_l("Enter your email address.")),
        Email(_l("Enter a valid email address, like nama@contoh.id.")), Length(max=254),
        plain_text()],
        description=_l("Your receipt and the link to follow your order go here."))
    phone = StringField(_l("Phone / WhatsApp"), validators=[phone_validator()],
                        description=_l("For the courier, e.g. 0812 3456 7890."))
    street = TextAreaField(_l("Street address"), filters=[_strip], validators=[
        _required(_l("Enter the street, house number, RT/RW.")), Length(min=5, max=200),
        plain_text()])
    village = StringField(_l("Village / kelurahan"), filters=[_strip], validators=[
        _required(_l("Enter the village or kelurahan.")), Length(max=80), plain_text()])
    district = StringField(_l("District / kecamatan"), filters=[_strip], validators=[
        _required(_l("Enter the district (kecamatan).")), Length(max=80), plain_text()])
    regency = StringField(_l("Regency / city"), filters=[_strip], validators=[
        _required(_l("Enter the regency or city.")), Length(max=80), plain_text()])
    province = StringField(_l("Province"), filters=[_strip], validators=[
        _required(_l("Enter the province.")), Length(max=80), plain_text()])
    postal_code = StringField(_l("Postal code"), filters=[_strip], validators=[
        _required(_l("Enter the postal code.")),
        Regexp(r"^[1-9]\d{4}$", message=_l("An Indonesian postal code has 5 digits, e.g. 65144."))])

    FIELDS = ("name", "email", "phone", "street", "village", "district", "regency", "province",
              "postal_code")

    def address(self) -> dict:
        return {name: self[name].data for name in self.FIELDS}


def usable_saved_address(saved) -> tuple[dict, bool]:
    """(the fields of a session address safe to show again, whether it can be ordered to).

    An address saved before this form refused control characters (or by an older version
    of it) is checked again, so a NUL in it never reaches the order written from it.
    """
    if not isinstance(saved, dict):
        return {}, False
    clean = {name: saved[name] for name in AddressForm.FIELDS
             if isinstance(saved.get(name), str) and not has_control_characters(saved[name])}
    form = AddressForm(formdata=None, data=saved, meta={"csrf": False})
    return clean, len(clean) == len(AddressForm.FIELDS) and form.validate()
