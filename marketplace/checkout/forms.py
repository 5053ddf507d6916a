"""The checkout form: who pays and where the parcels go (an Indonesian address, its region
chosen from the Kemendagri lists: kernel/region_fields.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from marketplace.accounts.validators import phone_validator, plain_text
from marketplace.kernel.inputs import has_control_characters
from marketplace.kernel.region_fields import RegionFields

NEW_ADDRESS = "new"


def _strip(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def _required(message):
    return DataRequired(message)


class AddressForm(RegionFields, FlaskForm):
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

    CONTACT = ("name", "email", "phone", "street")
    # what the session keeps and place_order receives: the names as shown, and their codes
    FIELDS = ("name", "email", "phone", "street", "village", "district", "regency", "province",
              "postal_code", "province_code", "regency_code", "district_code", "village_code")

    def address(self) -> dict:
        """The address checked by validate(): contact, street, region names and codes."""
        return {**{name: self[name].data for name in self.CONTACT}, **self.region_data()}


class CheckoutAddressForm(AddressForm):
    """The checkout page: a signed-in buyer may pick an address from their book instead."""

    saved_address = RadioField(_l("Send to"), default=NEW_ADDRESS, validate_choice=False)
    save_to_book = BooleanField(_l("Save this address to my address book"))

    def __init__(self, *args, book=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.book = {str(entry.id): entry for entry in book}
        self.saved_address.choices = [(key, key) for key in self.book] + [
            (NEW_ADDRESS, _l("A new address"))]
        if self.is_submitted() and not getattr(self.saved_address, "raw_data", None):
            self.saved_address.data = NEW_ADDRESS  # a form without the choice sends a new one

    def chosen_entry(self):
        """The address book entry picked, or None for a new address."""
        return self.book.get(self.saved_address.data or "")

    def validate(self, extra_validators=None):
        if self.chosen_entry() is not None:  # the rest of the form is not used
            self.regions = None
            return self.csrf_token.validate(self) if self.meta.csrf else True
        return super().validate(extra_validators)


def usable_saved_address(saved) -> tuple[dict, bool]:
    """(the fields of a session address safe to show again, whether it can be ordered to).

    An address saved before this form refused control characters, or before addresses
    carried region codes (or by an older version of it), is checked again, so a NUL in it
    never reaches the order written from it and an address without codes is asked again.
    """
    if not isinstance(saved, dict):
        return {}, False
    clean = {name: saved[name] for name in AddressForm.FIELDS
             if isinstance(saved.get(name), str) and not has_control_characters(saved[name])}
    form = AddressForm(formdata=None, data=saved, meta={"csrf": False})
    if len(clean) != len(AddressForm.FIELDS) or not form.validate():
        return clean, False
    return form.address(), True
