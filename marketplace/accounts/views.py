"""Sign-up, sign-in, sign-out, password change and reset."""

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..mail import send_mail
from ..urls import safe_next
from . import services
from .forms import ChangePasswordForm, LoginForm, ResetPasswordForm, ResetRequestForm, SignupForm
from .sessions import end_session, start_session

bp = Blueprint("accounts", __name__, url_prefix="/akun")


def _submitted_email() -> str:
    """Rate-limit key for one account: the email typed into the login form."""
    return "login:" + services.normalise_email(request.form.get("email", ""))[:254]


def _login_failed(response) -> bool:
    return bool(g.get("login_failed"))


def _sign_in(user, remember: bool) -> None:
    """A fresh session for this browser: new server-side token, new cookie contents."""
    session.clear()
    start_session(user, remember, request.user_agent.string)
    login_user(user, remember=remember)


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_submitted_email,
    methods=["POST"],
    deduct_when=_login_failed,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    key_func=lambda: "login-ip:" + get_remote_address(),
    methods=["POST"],
    deduct_when=_login_failed,
)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            _sign_in(user, form.remember.data)
            db.session.commit()
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return redirect(safe_next(form.next.data))
        g.login_failed = True
        form.password.errors.append(_("The email or password is not right."))
    elif request.method == "POST":
        g.login_failed = True
    form.password.data = ""
    return render_template("accounts/login.html", form=form)


@bp.errorhandler(429)
def too_many_attempts(error):
    form = LoginForm(formdata=None, email=request.form.get("email", ""),
                     next=request.form.get("next", ""))
    if request.endpoint == "accounts.login":
        message = _("Too many failed sign-in attempts. Please wait a few minutes and try again.")
        return render_template("accounts/login.html", form=form, blocked=message), 429
    return render_template("errors/error.html", error=error), 429


@bp.route("/daftar", methods=["GET", "POST"])
def signup():
    form = SignupForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.register_user(
                form.name.data, form.email.data, form.password.data, form.phone.data or ""
            )
        except services.EmailTakenError:
            form.email.errors.append(
                _("This email already has an account. Sign in, or reset the password.")
            )
        else:
            _sign_in(user, remember=False)
            db.session.commit()
            flash(_("Your account is ready. Welcome to Pasar Sentra!"), "success")
            return redirect(safe_next(form.next.data))
    form.password.data = form.confirm.data = ""
    return render_template("accounts/signup.html", form=form)


@bp.post("/keluar")
def logout():
    if current_user.is_authenticated:
        end_session(current_user.session_token)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "success")
    return redirect(url_for("catalog.index"))


@bp.get("")
@login_required
def account():
    memberships = sorted(current_user.memberships, key=lambda m: m.group.name)
    return render_template("accounts/account.html", memberships=memberships)


@bp.route("/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current.data, form.password.data, current_user.session_token
            )
        except services.WrongPasswordError:
            form.current.errors.append(_("The current password is not right."))
        else:
            db.session.commit()
            flash(_("Your password is changed. Other devices have been signed out."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_ADDRESS"], methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        found = services.create_reset_token(form.email.data)
        db.session.commit()
        if found is not None:
            user, token = found
            send_mail(
                user.email,
                _("Reset your Pasar Sentra password"),
                "password_reset",
                user=user,
                url=url_for("accounts.reset_password", token=token, _external=True),
                minutes=current_app.config["PASSWORD_RESET_MINUTES"],
            )
        # The same answer whether or not the account exists.
        flash(_("If an account uses that email, we have sent it a link to choose a new "
                "password. The link works once, for %(minutes)d minutes.",
                minutes=current_app.config["PASSWORD_RESET_MINUTES"]), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/request_reset.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if services.user_for_reset_token(token) is None:
        return render_template("accounts/reset_invalid.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.InvalidResetTokenError:
            db.session.rollback()
            return render_template("accounts/reset_invalid.html"), 410
        db.session.commit()
        flash(_("Your password is changed. Sign in with the new one."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)
