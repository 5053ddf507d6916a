"""Sign-up, sign-in, sign-out, password change and reset."""

import math
import secrets

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from marketplace.accounts import attempts, services
from marketplace.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from marketplace.accounts.sessions import end_session, start_session
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db, limiter
from marketplace.kernel.outbox import enqueue_mail
from marketplace.kernel.urls import safe_next

bp = Blueprint("accounts", __name__, url_prefix="/akun")


def _sign_in(user, remember: bool) -> None:
    """A fresh session for this browser: new server-side token, new cookie contents."""
    session.clear()
    start_session(user, remember, request.user_agent.string)
    login_user(user, remember=remember)


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data))
    if form.validate_on_submit():
        device_cookie = request.cookies.get(current_app.config["LOGIN_DEVICE_COOKIE_NAME"])
        try:
            attempt = attempts.reserve_attempt(form.email.data, request.remote_addr or "",
                                               device_cookie)
        except attempts.TooManyAttemptsError as refused:
            db.session.rollback()
            return _too_many_attempts(form, refused.wait)
        db.session.commit()  # counted before the password is checked, whatever comes next
        begin_write()
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            attempts.attempt_succeeded(attempt)
            _sign_in(user, form.remember.data)
            db.session.commit()
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            response = redirect(safe_next(form.next.data))
            _remember_device(response, user.email)
            return response
        form.password.errors.append(_("The email or password is not right."))
    form.password.data = ""
    return render_template("accounts/login.html", form=form)


def _too_many_attempts(form, wait):
    """429 on the sign-in page itself, with the email kept and how long to wait."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 120:
        message = ngettext(
            "Too many failed sign-in attempts. Wait %(num)d second and try again.",
            "Too many failed sign-in attempts. Wait %(num)d seconds and try again.", seconds)
    else:
        minutes = math.ceil(seconds / 60)
        message = ngettext(
            "Too many failed sign-in attempts. Try again in %(num)d minute.",
            "Too many failed sign-in attempts. Try again in %(num)d minutes.", minutes)
    form.password.data = ""
    page = render_template("accounts/login.html", form=form, blocked=message)
    return page, 429, {"Retry-After": str(seconds)}


def _remember_device(response, email: str) -> None:
    """Mark this browser as one the account signed in from (see accounts/attempts.py)."""
    config = current_app.config
    response.set_cookie(
        config["LOGIN_DEVICE_COOKIE_NAME"], attempts.new_device_cookie(email),
        max_age=config["LOGIN_DEVICE_DAYS"] * 24 * 3600, path="/",
        secure=bool(config.get("SESSION_COOKIE_SECURE")), httponly=True, samesite="Lax",
    )


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
        if found is not None:
            user, token = found
            # Queued with the token and sent after the response: a failing mail server
            # cannot change this page, which would tell who has an account.
            enqueue_mail(
                user.email,
                _("Reset your Pasar Sentra password"),
                "password_reset",
                key=f"password-reset:user:{user.id}:{secrets.token_hex(8)}",
                user=user,
                url=url_for("accounts.reset_password", token=token, _external=True),
                minutes=current_app.config["PASSWORD_RESET_MINUTES"],
            )
        db.session.commit()
        # The same answer whether or not the account exists, and whatever the mail does.
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
