"""Forms for payouts: choosing whom to pay up to when, creating the draft, marking it paid.

Messages are lazy so they follow the reader's language.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from marketplace.admin.forms import _choice_id, _strip
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger.payouts import REFERENCE_LIMIT

NOTE_LIMIT = 300


class DayField(DateField):
    """A calendar day (an <input type=date>, sent as YYYY-MM-DD) with our own message."""

    def process_formdata(self, valuelist):
        text = ((valuelist[0] if valuelist else "") or "").strip()
        self.raw_data = [text]
        if not text:
            self.data = None
            return
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, flags=re.ASCII):
                raise ValueError
            self.data = date.fromisoformat(text)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Enter a date such as 2025-01-31."))) from None


def _not_in_future(message):
    def check(form, field) -> None:
        if field.data is not None and field.data > jakarta_date(utcnow()):
            raise ValidationError(str(message))
    return check


def _a_group(form, field) -> None:
    if not field.data or field.data not in {value for value, _label in field.choices}:
        raise ValidationError(str(_l("Choose the producer group to pay.")))


class PayoutPreviewForm(FlaskForm):
    """GET form: whom to pay and up to which day (delivered on or before it, WIB)."""

    class Meta:
        csrf = False

    group_id = SelectField(_l("Producer group"), coerce=_choice_id, validate_choice=False,
                           validators=[_a_group])
    cutoff = DayField(_l("Delivered up to"), validators=[
        InputRequired(_l("Enter the cut-off date.")),
        _not_in_future(_l("The cut-off date cannot be in the future."))],
        description=_l("Parcels delivered on or before this day (WIB) are paid out."))


class PayoutCreateForm(FlaskForm):
    """The preview's button: creates the draft for what the admin was shown."""

    group_id = HiddenField()
    cutoff = HiddenField()
    # The total the admin saw; a different total now means the preview is out of date.
    expected_amount = HiddenField()
    note = TextAreaField(_l("Note (optional)"), filters=[_strip], validators=[
        Length(max=NOTE_LIMIT, message=_l("Use at most %(n)d characters.", n=NOTE_LIMIT))])


class MarkPaidForm(FlaskForm):
    bank_reference = StringField(_l("Bank transfer reference"), filters=[_strip], validators=[
        DataRequired(_l("Enter the bank transfer reference.")),
        Length(max=REFERENCE_LIMIT,
               message=_l("The bank reference is at most %(n)d characters.", n=REFERENCE_LIMIT))],
        description=_l("As printed on the bank's transfer receipt."))
    paid_on = DayField(_l("Transfer date"), validators=[
        InputRequired(_l("Enter the date of the bank transfer.")),
        _not_in_future(_l("The transfer date cannot be in the future."))])


class ActionForm(FlaskForm):
    """A button (cancel): only the CSRF token is checked."""
