"""Studio forms: group application, listings, photos, shop profile, members, CSV import.

Forms only check what was typed; views copy an explicit list of fields into services, so
extra fields a request may carry (group_id, status, owner_id) are never read.
"""

import re

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Regexp,
    StopValidation,
    ValidationError,
)

from marketplace.accounts.validators import phone_validator
from marketplace.kernel.inputs import coerce_int
from marketplace.kernel.region_fields import RegionFields
from marketplace.studio.rules import (
    DESCRIPTION_MAX,
    MATERIALS_MAX,
    MAX_FREE_SHIPPING_THRESHOLD,
    MAX_PRICE,
    MAX_SHIPPING_FEE,
    MAX_STOCK,
    MAX_WEIGHT_GRAMS,
    NAME_MAX,
    SKU_MAX,
    SKU_PATTERN,
    NumberFormatError,
    normalise_sku,
    parse_whole_number,
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _digits(value):
    """Spaces, dots and dashes people type inside account numbers are dropped."""
    return re.sub(r"[\s.\-]", "", value) if isinstance(value, str) else value


class GroupApplicationForm(FlaskForm):
    sentra_id = SelectField(
        _l("Sentra"), coerce=coerce_int,
        validators=[DataRequired(_l("Choose the sentra your group belongs to."))],
    )
    name = StringField(_l("Group name"), filters=[_strip], validators=[
        DataRequired(_l("Enter the group's name.")), Length(min=3, max=160)])
    village = StringField(_l("Village"), filters=[_strip], validators=[
        DataRequired(_l("Enter the group's village.")), Length(max=80)])
    story = TextAreaField(_l("Your story"), filters=[_strip], validators=[
        DataRequired(_l("Tell buyers who you are and what you make.")), Length(max=5000)],
        description=_l("Who you are, what you make and how. Buyers read this on your shop page."))
    whatsapp = StringField(_l("WhatsApp number"), validators=[phone_validator()])
    shipping_origin = StringField(_l("Ships from"), filters=[_strip], validators=[
        DataRequired(_l("Enter where your parcels are sent from.")), Length(max=160)],
        description=_l("Regency or city and province, e.g. Kota Malang, Jawa Timur."))
    bank_name = StringField(_l("Bank"), filters=[_strip], validators=[
        DataRequired(_l("Enter the bank for payouts.")), Length(max=60)])
    bank_account_number = StringField(_l("Account number"), filters=[
        lambda v: "".join(ch for ch in v if ch.isdigit()) if isinstance(v, str) else v],
        validators=[DataRequired(_l("Enter the account number.")),
                    Regexp(r"^\d{6,20}$", message=_l("An account number has 6 to 20 digits."))])
    bank_account_holder = StringField(_l("Account holder"), filters=[_strip], validators=[
        DataRequired(_l("Enter the account holder's name.")), Length(max=120)])


# --- Numbers typed by artisans ----------------------------------------------------------
class WholeNumberField(StringField):
    """A whole number typed as '125.000', '125000' or (with `currency`) 'Rp 125.000'.

    What the user typed is shown again when it is refused; the value is an int or None.
    """

    def __init__(self, label=None, validators=None, currency=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.currency = currency

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_whole_number(valuelist[0], currency=self.currency)
        except NumberFormatError as error:
            self.data = None
            raise ValueError(str(NUMBER_MESSAGES[error.reason])) from error


NUMBER_MESSAGES = {
    "decimal": _l("Enter a whole number, without decimals."),
    "negative": _l("This cannot be negative."),
    "invalid": _l("Enter a number using digits only, e.g. 125000."),
}


class WholeNumberRange:
    """Required (unless `required` is None), then within minimum..maximum."""

    def __init__(self, minimum: int, maximum: int, required=None, too_small=None):
        self.minimum, self.maximum = minimum, maximum
        self.required, self.too_small = required, too_small

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()
        if field.data is None:
            if self.required is None:
                raise StopValidation()
            raise StopValidation(str(self.required))
        if field.data < self.minimum:
            raise ValidationError(
                str(self.too_small or _l("This must be at least %(min)s.",
                                         min=format_decimal(self.minimum)))
            )
        if field.data > self.maximum:
            raise ValidationError(
                str(_l("That is too much: at most %(max)s.", max=format_decimal(self.maximum)))
            )


def _sku(value):
    return normalise_sku(value) if isinstance(value, str) else value


class ListingForm(FlaskForm):
    name = StringField(_l("Product name"), filters=[_strip], validators=[
        DataRequired(_l("Enter the product's name.")),
        Length(max=NAME_MAX, message=_l("Use at most %(max)d characters.", max=NAME_MAX))])
    sku = StringField(_l("SKU (your product code)"), filters=[_sku], validators=[
        DataRequired(_l("Enter a SKU: your own code for this product, e.g. KRM-001.")),
        Length(max=SKU_MAX, message=_l("Use at most %(max)d characters.", max=SKU_MAX)),
        Regexp(SKU_PATTERN, message=_l("Use only letters, digits and - . _ / in a SKU, "
                                       "e.g. KRM-001."))],
        description=_l("Unique within your group. The CSV import uses it to find the product."))
    category_id = SelectField(_l("Category"), coerce=coerce_int, validate_choice=False)
    price = WholeNumberField(_l("Price (Rp)"), currency=True, validators=[
        WholeNumberRange(1, MAX_PRICE, required=_l("Enter the price."),
                         too_small=_l("The price must be more than 0."))],
        description=_l("Whole rupiah, e.g. 125000 or 125.000; at most 1,000,000,000."))
    stock = WholeNumberField(_l("Stock"), validators=[
        WholeNumberRange(0, MAX_STOCK, required=_l("Enter how many you have in stock (0 is "
                                                   "fine)."))],
        description=_l("How many you can send now, 0 to 100,000."))
    weight_grams = WholeNumberField(_l("Weight (grams)"), validators=[
        WholeNumberRange(1, MAX_WEIGHT_GRAMS, required=_l("Enter the packed weight in grams."),
                         too_small=_l("The weight must be at least 1 gram."))],
        description=_l("Packed weight, used for shipping: 1 to 1,000,000 grams."))
    materials = StringField(_l("Materials"), filters=[_strip], validators=[
        Length(max=MATERIALS_MAX,
               message=_l("Use at most %(max)d characters.", max=MATERIALS_MAX))],
        description=_l("e.g. clay, natural glaze"))
    description = TextAreaField(_l("Description"), filters=[_strip], validators=[
        Length(max=DESCRIPTION_MAX,
               message=_l("Use at most %(max)d characters.", max=DESCRIPTION_MAX))],
        description=_l("Size, colour, how it is made and how to care for it."))

    def validate_category_id(self, field):
        if not field.data or field.data not in {value for value, _label in field.choices}:
            raise ValidationError(str(_l("Choose a category.")))


class EditListingForm(ListingForm):
    # The stock the form showed: a save never overwrites what orders did since.
    stock_shown = HiddenField()

    def shown_stock(self) -> int | None:
        """The stock the form was opened with (None if the request did not say)."""
        try:
            return int(self.stock_shown.data)
        except (TypeError, ValueError):
            return None


class NewListingForm(ListingForm):
    photos = MultipleFileField(_l("Photos"), description=_l(
        "Up to 8 JPEG, PNG or WebP photos, at least 200 pixels on each side; "
        "the first one is the cover. You can add more later."))


class PhotoUploadForm(FlaskForm):
    # Its own id: the page's photo section is #photos, which the label would point at.
    photos = MultipleFileField(_l("Add photos"), id="photo-upload", validators=[
        FileRequired(_l("Choose one or more photos."))],
        description=_l("JPEG, PNG or WebP, at least 200 pixels on each side; up to 8 photos "
                       "per product."))


class ProfileForm(RegionFields, FlaskForm):
    """The shop profile; where parcels are sent from is chosen with the region picker (a
    village code: couriers' rates are worked out from it), or left unchosen."""

    village = StringField(_l("Village"), filters=[_strip], validators=[
        DataRequired(_l("Enter the group's village.")),
        Length(max=80, message=_l("Use at most %(max)d characters.", max=80))])
    story = TextAreaField(_l("Your story"), filters=[_strip], validators=[
        DataRequired(_l("Tell buyers who you are and what you make.")),
        Length(max=5000, message=_l("Use at most %(max)d characters.", max=5000))],
        description=_l("Who you are, what you make and how. Buyers read this on your shop page."))
    whatsapp = StringField(_l("WhatsApp number"), validators=[phone_validator()])
    postal_code = None  # the origin village's own postal code is the one couriers use
    region_required = False
    shipping_fee = WholeNumberField(_l("Shipping fee per parcel (Rp)"), currency=True, validators=[
        WholeNumberRange(0, MAX_SHIPPING_FEE, required=_l(
            "Enter your shipping fee per parcel (0 means free shipping)."))],
        description=_l("A flat fee for each order's parcel, 0 to 5,000,000."))
    free_shipping_threshold = WholeNumberField(
        _l("Free shipping from (Rp)"), currency=True,
        validators=[WholeNumberRange(1, MAX_FREE_SHIPPING_THRESHOLD,
                                     too_small=_l("Enter an amount above 0, or leave it empty."))],
        description=_l("Orders of your products from this amount ship free. Leave empty if "
                       "they never do."))
    cover = FileField(_l("Cover photo"), description=_l(
        "A wide photo of your workshop or your products (JPEG, PNG or WebP), shown at the "
        "top of your shop page."))
    remove_cover = BooleanField(_l("Remove the cover photo"))
    bank_name = StringField(_l("Bank"), filters=[_strip], validators=[
        DataRequired(_l("Enter the bank for payouts.")),
        Length(max=60, message=_l("Use at most %(max)d characters.", max=60))])
    bank_account_number = StringField(_l("Account number"), filters=[_digits], validators=[
        Regexp(r"^(\d{6,20})?$", message=_l("An account number has 6 to 20 digits."))])
    bank_account_holder = StringField(_l("Account holder"), filters=[_strip], validators=[
        DataRequired(_l("Enter the account holder's name.")),
        Length(max=120, message=_l("Use at most %(max)d characters.", max=120))])

    def __init__(self, *args, has_account_number: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_account_number = has_account_number
        if has_account_number:
            self.bank_account_number.description = _l(
                "Leave empty to keep the current number.")

    def validate_bank_account_number(self, field):
        if not field.data and not self.has_account_number:
            raise ValidationError(str(_l("Enter the account number.")))


class MemberForm(FlaskForm):
    email = EmailField(_l("Email of their account"), filters=[_strip], validators=[
        DataRequired(_l("Enter the email address of their account.")),
        Email(_l("Enter a valid email address, like nama@contoh.id.")),
        Length(max=254)],
        description=_l("They need an account on Pasar Sentra first."))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))],
                     description=_l("UTF-8 CSV with the columns of the export, at most 2 MB and "
                                    "2,000 rows; separated by commas or semicolons."))
    check_only = BooleanField(_l("Only check the file, save nothing"))
