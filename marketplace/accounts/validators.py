"""Validators for Indonesian phone numbers and plain text, shared by account, group and
checkout forms."""

import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from marketplace.kernel.inputs import has_control_characters

# +62 or 0, then an Indonesian number: 8 to 13 more digits (mobile numbers start with 8).
_PHONE = re.compile(r"^(?:\+62|62|0)\d{8,13}$")


def normalise_phone(value: str) -> str:
    """'0812-3456 7890' -> '+6281234567890'; unknown shapes are returned stripped."""
    digits = re.sub(r"[\s\-().]", "", value or "")
    if not _PHONE.match(digits):
        return (value or "").strip()
    if digits.startswith("+62"):
        return digits
    if digits.startswith("62"):
        return "+" + digits
    return "+62" + digits[1:]


def phone_validator(message=None):
    def check(form, field):
        digits = re.sub(r"[\s\-().]", "", field.data or "")
        if not _PHONE.match(digits):
            raise ValidationError(
                str(message or _l("Enter an Indonesian phone number, like 0812 3456 7890 or "
                                  "+62 812 3456 7890."))
            )
        field.data = normalise_phone(field.data)

    return check


def plain_text(message=None):
    """Refuse control characters (a NUL, escape codes): no name or address holds one, and a
    NUL kept in the session would make PostgreSQL refuse the order written from it later."""

    def check(form, field):
        if isinstance(field.data, str) and has_control_characters(field.data):
            raise ValidationError(
                str(message or _l("Remove the invisible control characters from this field."))
            )

    return check
