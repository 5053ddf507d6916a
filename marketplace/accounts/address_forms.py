"""The address book's form: a label, who receives the parcels, the street and the region
chosen with the region picker (kernel/region_fields.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.accounts.validators import phone_validator, plain_text
from marketplace.kernel.region_fields import RegionFields


def _strip(value):
    return " ".join(value.split()) if isinstance(value, str) else value


class AddressBookForm(RegionFields, FlaskForm):
    label = StringField(_l("Label (optional)"), filters=[_strip], validators=[
        Length(max=40, message=_l("Use at most %(max)d characters.", max=40)), plain_text()],
        description=_l("A name for this address, e.g. Rumah or Kantor."))
    recipient_name = StringField(_l("Recipient's name"), filters=[_strip], validators=[
        DataRequired(_l("Enter the name of the person receiving the parcels.")),
        Length(max=120, message=_l("Use at most %(max)d characters.", max=120)), plain_text()])
    phone = StringField(_l("Phone / WhatsApp"), validators=[phone_validator()],
                        description=_l("For the courier, e.g. 0812 3456 7890."))
    street = TextAreaField(_l("Street address"), filters=[_strip], validators=[
        DataRequired(_l("Enter the street, house number, RT/RW.")),
        Length(min=5, max=200, message=_l("Use 5 to 200 characters.")), plain_text()])
    is_default = BooleanField(_l("Use this as my default address"))

    def entry(self) -> dict:
        """The checked address as address_book.add_address / update_address take it."""
        return {"label": self.label.data or "", "recipient_name": self.recipient_name.data,
                "phone": self.phone.data, "street": self.street.data, **self.region_data()}
