"""Admin forms. Messages are lazy so they follow the reader's language."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from marketplace.kernel.inputs import parse_int
from marketplace.kernel.timeutil import utcnow

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIRST_YEAR = 1900
MAX_POSITION = 9999


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _too_long(n: int):
    return Length(max=n, message=_l("Use at most %(n)d characters.", n=n))


def _slug_check(form, field) -> None:
    if field.data and not SLUG_PATTERN.match(field.data.lower()):
        raise ValidationError(
            str(_l("Use only lower-case letters, digits and single hyphens, e.g. keramik-dinoyo."))
        )


def _year_check(form, field) -> None:
    """Founding years from 1900 up to this year; the future and the absurd are refused."""
    this_year = utcnow().year
    if field.data is not None and not FIRST_YEAR <= field.data <= this_year:
        raise ValidationError(
            str(_l("Enter a year between %(first)d and %(last)d.", first=FIRST_YEAR,
                   last=this_year))
        )


def _position_check(form, field) -> None:
    if field.data is not None and not 0 <= field.data <= MAX_POSITION:
        raise ValidationError(str(_l("Enter a number from 0 to %(max)d.", max=MAX_POSITION)))


class WholeNumberField(IntegerField):
    """An integer field with our own message for text that is not a whole number."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message or _l("Enter a whole number.")

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "") or ""
        text = text.strip()
        if not text:
            self.data = None
            return
        if not re.fullmatch(r"[+-]?\d{1,12}", text, flags=re.ASCII):
            self.data = None
            raise ValueError(str(self.message))
        self.data = parse_int(text)


def _choice_id(value) -> int:
    """A select's value as an id; anything odd becomes -1, which no row has."""
    return parse_int(value, default=-1)


class ReasonForm(FlaskForm):
    """Rejecting or suspending a group: the reason is shown to the group in its studio."""

    reason = TextAreaField(
        _l("Reason"), filters=[_strip],
        validators=[DataRequired(_l("Give a reason. The group sees it in its studio.")),
                    _too_long(1000)],
        description=_l("The group's members see this in their studio."),
    )


class SentraForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[
        DataRequired(_l("Enter the sentra's name.")), _too_long(160)])
    slug = StringField(_l("Web address"), filters=[_strip], validators=[
        Optional(), _too_long(80), _slug_check],
        description=_l("Part of the page address. Leave it empty to make one from the name."))
    craft = StringField(_l("Craft"), filters=[_strip], validators=[_too_long(80)],
                        description=_l("e.g. Keramik, Batik, Perak, Tempe."))
    province = StringField(_l("Province"), filters=[_strip], validators=[
        DataRequired(_l("Enter the province.")), _too_long(80)])
    regency = StringField(_l("Regency or city"), filters=[_strip], validators=[
        DataRequired(_l("Enter the regency or city.")), _too_long(80)])
    district = StringField(_l("District"), filters=[_strip], validators=[_too_long(80)])
    village = StringField(_l("Village"), filters=[_strip], validators=[_too_long(80)])
    story = TextAreaField(_l("Story"), filters=[_strip], validators=[_too_long(10000)],
                          description=_l("The sentra's history and craft, shown on its page."))
    established_year = WholeNumberField(
        _l("Year established"), validators=[Optional(), _year_check],
        message=_l("Enter a year such as 1998."),
    )
    cover = FileField(_l("Cover picture"),
                      description=_l("A wide JPEG, PNG or WebP photo. Leave empty to keep the "
                                     "current one."))

    def values(self) -> dict:
        """The submitted text fields, as the service takes them."""
        values = {name: getattr(self, name).data for name in (
            "name", "craft", "province", "regency", "district", "village", "story",
            "established_year")}
        return {**values, "slug": (self.slug.data or "").lower()}


class CategoryForm(FlaskForm):
    name = StringField(_l("Name (Indonesian)"), filters=[_strip], validators=[
        DataRequired(_l("Enter the category's Indonesian name.")), _too_long(80)])
    name_en = StringField(_l("Name (English)"), filters=[_strip], validators=[
        DataRequired(_l("Enter the category's English name.")), _too_long(80)])
    slug = StringField(_l("Web address"), filters=[_strip], validators=[
        Optional(), _too_long(80), _slug_check],
        description=_l("Part of the page address. Leave it empty to make one from the name."))
    parent_id = SelectField(_l("Parent category"), coerce=_choice_id, validate_choice=False)
    position = WholeNumberField(
        _l("Position"), default=0,
        validators=[Optional(), _position_check],
        description=_l("Lower numbers come first."),
    )

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "name_en": self.name_en.data,
            "slug": (self.slug.data or "").lower(),
            "parent_id": self.parent_id.data or None,
            "position": self.position.data or 0,
        }


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), validate_choice=False)


class FeatureForm(FlaskForm):
    """Feature or unfeature one product; `next` brings the admin back to the same page."""

    featured = HiddenField(validators=[DataRequired()])
    next = HiddenField()
