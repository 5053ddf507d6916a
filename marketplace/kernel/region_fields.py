"""The region picker's fields, for any form that asks where something is: province →
regency/city → district → village as select lists holding Kemendagri codes, each list
filled from the one above, and the postal code proposed from the village.

Mix `RegionFields` into a FlaskForm (`class AddressForm(RegionFields, FlaskForm)`) and
render it with `region_picker(form)` from templates/_macros/region.html. Without
JavaScript each list has a "Choose" button (name `region_step`, value the level): the view
sees `form.is_region_step()`, calls `form.reload_regions()` and renders the same page again
with everything typed kept and nothing saved. static/js/region-picker.js fills the lists
from the JSON endpoint instead and hides the buttons.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired

from marketplace.kernel import regions
from marketplace.kernel.regions import LEVELS, Region, RegionError

REGION_STEP = "region_step"
CODE_FIELDS = tuple(f"{level}_code" for level in LEVELS)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _code(value) -> str:
    return value.strip() if isinstance(value, str) else ""


class RegionFields:
    """Province, regency, district and village codes plus the postal code.

    `region_required = False` lets them stay unchosen (no province: nothing); a subclass
    that asks no postal code sets `postal_code = None`. After `validate()`, `regions` holds
    the four Region values chosen (or None) and `region_data()` the codes and names.
    """

    province_code = SelectField(_l("Province"), validate_choice=False)
    regency_code = SelectField(_l("Regency / city"), validate_choice=False)
    district_code = SelectField(_l("District / kecamatan"), validate_choice=False)
    village_code = SelectField(_l("Village / kelurahan"), validate_choice=False)
    postal_code = StringField(_l("Postal code"), filters=[_strip], validators=[
        DataRequired(_l("Enter the postal code."))],
        description=_l("Filled in from the village you choose."))
    # the level whose "Choose" button sent the form (never shown as a field of its own)
    region_step = StringField()

    region_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions: tuple[Region, Region, Region, Region] | None = None
        self.region_focus: str | None = None  # the list to look at after a reload
        self.fill_region_choices()

    # --- the lists ----------------------------------------------------------------------
    def region_codes(self) -> list[str]:
        return [_code(self[name].data) for name in CODE_FIELDS]

    def fill_region_choices(self) -> None:
        """Each list from the one above it, as far as the codes chosen hold together."""
        choose, first = ("", _l("— choose —")), ("", _l("— choose the one above first —"))
        codes = self.region_codes()
        parent: str | None = None
        for level, (name, code) in enumerate(zip(CODE_FIELDS, codes, strict=True), start=1):
            field = self[name]
            if level > 1 and parent is None:
                field.choices = [first]
                continue
            field.choices = [choose] + [_choice(r) for r in regions.children(parent)]
            region = regions.get(code)
            inside = region is not None and region.level == level and (
                level == 1 or regions.parent_code(region.code) == parent)
            parent = region.code if inside and level < 4 else None

    def is_region_step(self) -> bool:
        """Whether one of the "Choose" buttons sent the form (a reload, not a save)."""
        return self.region_step.data in LEVELS and self.is_submitted()

    def reload_regions(self) -> None:
        """After a "Choose" button: the levels below the one chosen are cleared and the next
        list is filled; choosing the village proposes its postal code."""
        step = self.region_step.data
        index = LEVELS.index(step)
        for name in CODE_FIELDS[index + 1:]:
            self[name].data = ""
        has_postal = "postal_code" in self._fields
        if step == "village":
            village = regions.get(_code(self.village_code.data))
            if has_postal and village is not None and village.postal_code:
                self.postal_code.data = village.postal_code
        elif has_postal:
            self.postal_code.data = ""  # the village it belonged to is cleared
        self.fill_region_choices()
        following = CODE_FIELDS[index + 1] if index + 1 < len(CODE_FIELDS) else None
        self.region_focus = following if following else (
            "postal_code" if has_postal else None)

    # --- checking -----------------------------------------------------------------------
    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return self.validate_regions() and valid

    def validate_regions(self) -> bool:
        """The codes hold together and the postal code is the village's; the first thing
        wrong is shown at its list."""
        self.regions = None
        codes = self.region_codes()
        if not codes[0] and not self.region_required:  # no province: nothing chosen
            return True
        postal = None
        if "postal_code" in self._fields and not self.postal_code.errors:
            postal = self.postal_code.data or ""
        try:
            self.regions = regions.validate_chain(*codes, postal)
        except RegionError as error:
            name = f"{error.field}_code" if error.field in LEVELS else error.field
            self[name].errors.append(str(error))
            return False
        return True

    def region_data(self) -> dict[str, str]:
        """province_code, province, regency_code, regency, … village, and postal_code (when
        asked) of the checked choice; empty strings when nothing was chosen."""
        data: dict[str, str] = {}
        for level, region in zip(LEVELS, self.regions or (None,) * 4, strict=True):
            data[f"{level}_code"] = region.code if region else ""
            data[level] = region.name if region else ""
        if "postal_code" in self._fields:
            data["postal_code"] = (self.postal_code.data or "") if self.regions else ""
        return data


def codes_of_village(village_code: str) -> dict[str, str]:
    """The four code fields' data for a saved village code ({} when it is unknown)."""
    found = regions.chain(village_code or "")
    return {name: region.code for name, region in zip(CODE_FIELDS, found, strict=True)} \
        if found else {}


def _choice(region: Region):
    if region.level == 4:
        return region.code, region.name, {"data-postal-code": region.postal_code}
    return region.code, region.name
