"""Review forms: the buyer's stars, words and photos; the group's reply; hiding."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.reviews.services import MAX_PHOTOS, MAX_REASON, MAX_REPLY, MAX_TEXT


def _strip(value):
    return value.strip() if isinstance(value, str) else value


# Five to one: the best first, as buyers read a row of stars.
STAR_CHOICES = [SelectChoice(n, str(n)) for n in (5, 4, 3, 2, 1)]


class ReviewForm(FlaskForm):
    rating = RadioField(_l("Your rating"), choices=STAR_CHOICES, coerce=int,
                        validators=[InputRequired(_l("Choose from one to five stars."))])
    text = TextAreaField(_l("Your review"), filters=[_strip], validators=[
        Length(max=MAX_TEXT, message=_l("Keep your review under %(max)d characters.",
                                        max=MAX_TEXT))],
        description=_l("What did you like, and what could be better? (optional)"))
    photos = MultipleFileField(_l("Photos"), description=_l(
        "Up to %(max)d JPEG, PNG or WebP photos of what you received (optional).",
        max=MAX_PHOTOS))


class ReplyForm(FlaskForm):
    reply = TextAreaField(_l("Your reply"), filters=[_strip], validators=[
        DataRequired(_l("Write your reply.")),
        Length(max=MAX_REPLY, message=_l("Keep the reply under %(max)d characters.",
                                         max=MAX_REPLY))],
        description=_l("Shown under the review on the product page. You can reply once."))


class HideForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[_strip], validators=[
        DataRequired(_l("Give a reason.")),
        Length(max=MAX_REASON, message=_l("Keep the reason under %(max)d characters.",
                                          max=MAX_REASON))])
