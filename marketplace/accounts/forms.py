"""Account forms. Messages are lazy so they follow the reader's language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from marketplace.accounts.passwords import MAX_LENGTH, MIN_LENGTH, PasswordProblem, password_problem
from marketplace.accounts.validators import phone_validator, plain_text

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l("Use at least %(n)d characters.", n=MIN_LENGTH),
    PasswordProblem.TOO_LONG: _l("Use at most %(n)d characters.", n=MAX_LENGTH),
    PasswordProblem.COMMON: _l("This password is one of the most common ones. Choose another."),
    PasswordProblem.GUESSABLE: _l(
        "This password is too easy to guess. Try a few unrelated words together."
    ),
}


class StrongPassword:
    """Refuse passwords that the password rule refuses; `inputs` names fields to avoid."""

    def __init__(self, *inputs: str) -> None:
        self.inputs = inputs

    def __call__(self, form, field) -> None:
        context = tuple(str(getattr(form, name).data or "") for name in self.inputs)
        problem = password_problem(field.data or "", context)
        if problem is not None:
            raise ValidationError(str(PASSWORD_MESSAGES[problem]))


def _email_field(label):
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address, like nama@contoh.id.")),
            Length(max=254),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


class LoginForm(FlaskForm):
    email = _email_field(_l("Email"))
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1024)]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class SignupForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=120), plain_text()],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    email = _email_field(_l("Email"))
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), phone_validator()])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Choose a password.")), StrongPassword("email", "name")],
        description=_l("At least 8 characters. A few unrelated words make a strong password."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
    )
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a password.")), StrongPassword()],
        description=_l("At least 8 characters. A few unrelated words make a strong password."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
    )


class ResetRequestForm(FlaskForm):
    email = _email_field(_l("Email"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a password.")), StrongPassword()],
        description=_l("At least 8 characters. A few unrelated words make a strong password."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
    )
