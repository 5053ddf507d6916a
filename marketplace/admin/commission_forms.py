"""The form that adds a commission rule. Messages are lazy so they follow the reader's
language; rules that need the database (the target exists, no twin rule, not in the past)
are checked by marketplace.ledger.rules."""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from marketplace.admin.forms import _choice_id, _strip
from marketplace.ledger.commission import RateError, RuleScope, parse_percent
from marketplace.ledger.rules import RuleError, check_start_day

SCOPE_CHOICES = [
    SelectChoice(RuleScope.DEFAULT.value, _l("The association's default (every group)")),
    SelectChoice(RuleScope.SENTRA.value, _l("One sentra (its groups without their own rule)")),
    SelectChoice(RuleScope.GROUP.value, _l("One producer group")),
]


class DayField(DateField):
    """An HTML date input: empty gives None (so DataRequired speaks), junk our message."""

    def process_formdata(self, valuelist):
        text = " ".join(valuelist or []).strip()
        if not text:
            self.data = None
            return
        try:
            self.data = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Enter a date such as 2026-07-01."))) from None


def _rate_check(form, field) -> None:
    """'12,5', '12.50' or '12,5 %': at most two decimals, 0 to 100; sets form.rate_bp."""
    form.rate_bp = None
    text = field.data or ""
    if re.match(r"^\s*[-−]", text):
        raise ValidationError(str(_l("A rate cannot be negative.")))
    try:
        form.rate_bp = parse_percent(text)
    except RateError as error:
        if str(error) == "range":
            raise ValidationError(str(_l("Enter a rate from 0 to 100 percent."))) from None
        raise ValidationError(str(_l(
            "Enter the rate as a percentage with at most two decimals, e.g. 10 or 12,5."
        ))) from None


class CommissionRuleForm(FlaskForm):
    scope = SelectField(_l("Applies to"), choices=SCOPE_CHOICES,
                        default=RuleScope.DEFAULT.value, validate_choice=False)
    sentra_id = SelectField(_l("Sentra"), coerce=_choice_id, validate_choice=False,
                            description=_l("Only for a rule that applies to one sentra."))
    group_id = SelectField(_l("Producer group"), coerce=_choice_id, validate_choice=False,
                           description=_l("Only for a rule that applies to one group."))
    rate = StringField(
        _l("Commission rate (%)"), filters=[_strip],
        validators=[DataRequired(_l("Enter the rate as a percentage, e.g. 10 or 12,5.")),
                    _rate_check],
        description=_l("A percentage of the goods subtotal (never of shipping), with up to "
                       "two decimals, e.g. 12,5."),
    )
    effective_from = DayField(
        _l("In force from"),
        validators=[InputRequired(_l("Enter the first day the rate applies."))],
        description=_l("Today or later (Western Indonesian Time). Payments already made keep "
                       "the rate they were charged."),
    )
    note = StringField(
        _l("Note"), filters=[_strip],
        validators=[Length(max=300, message=_l("Use at most %(n)d characters.", n=300))],
        description=_l("Optional: why the rate changes, e.g. the board's decision number."),
    )

    rate_bp: int | None = None

    def validate_scope(self, field) -> None:
        if field.data not in {choice.value for choice in SCOPE_CHOICES}:
            raise ValidationError(str(_l("Choose what the rule applies to.")))

    def validate_effective_from(self, field) -> None:
        if field.data is None:
            return  # not a date: its own message says so
        try:
            check_start_day(field.data)
        except RuleError as error:
            raise ValidationError(str(error)) from None

    def validate_sentra_id(self, field) -> None:
        if self.scope.data == RuleScope.SENTRA and (field.data or 0) <= 0:
            raise ValidationError(str(_l("Choose the sentra this rate is for.")))

    def validate_group_id(self, field) -> None:
        if self.scope.data == RuleScope.GROUP and (field.data or 0) <= 0:
            raise ValidationError(str(_l("Choose the producer group this rate is for.")))

    def set_choices(self, sentra: list[tuple[int, str]], groups: list[tuple[int, str]]) -> None:
        """The selects' options: (id, label) pairs after a "choose" placeholder."""
        self.sentra_id.choices = [SelectChoice(0, str(_l("— choose a sentra —"))),
                                  *(SelectChoice(i, label) for i, label in sentra)]
        self.group_id.choices = [SelectChoice(0, str(_l("— choose a producer group —"))),
                                 *(SelectChoice(i, label) for i, label in groups)]

    def target_id(self) -> int | None:
        """The chosen sentra or group id for the chosen scope (None for the default)."""
        if self.scope.data == RuleScope.SENTRA:
            return self.sentra_id.data
        if self.scope.data == RuleScope.GROUP:
            return self.group_id.data
        return None
