"""Account services: sign-up, sign-in, password change and reset. Services flush; views commit."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.accounts.models import PasswordResetToken, Role, User
from marketplace.accounts.sessions import hash_token, revoke_user_sessions
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when the email is unknown, so a failed login takes as long either way."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


class AccountError(Exception):
    """Base of the account errors a view turns into a message on its form."""


class EmailTakenError(AccountError):
    pass


class WrongPasswordError(AccountError):
    pass


class InvalidResetTokenError(AccountError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register_user(name: str, email: str, password: str, phone: str = "") -> User:
    """Create a buyer account."""
    email = normalise_email(email)
    if db.session.scalar(select(func.count(User.id)).where(User.email == email)):
        raise EmailTakenError(email)
    user = User(name=name.strip(), email=email, phone=phone.strip(), role=Role.BUYER)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The enabled user with this email and password, or None; same cost either way."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.is_enabled:
        return None
    user.last_login_at = utcnow()
    return user


def change_password(user: User, current: str, new: str, keep_token: str | None) -> None:
    """Set a new password and sign out every other browser of this user."""
    if not user.check_password(current):
        raise WrongPasswordError()
    revoke_reset_tokens(user)  # first, like reset_password: the same lock order
    user.set_password(new)
    revoke_user_sessions(user, keep_token=keep_token)


def create_reset_token(email: str) -> tuple[User, str] | None:
    """A new reset token for the account with this email, or None if there is none."""
    user = find_user(email)
    if user is None or not user.is_enabled:
        return None
    token = secrets.token_urlsafe(32)
    now = utcnow()
    lifetime = timedelta(minutes=current_app.config["PASSWORD_RESET_MINUTES"])
    db.session.add(
        PasswordResetToken(user=user, token_hash=hash_token(token), created_at=now,
                           expires_at=now + lifetime)
    )
    db.session.flush()
    return user, token


def user_for_reset_token(token: str) -> User | None:
    """The user a still-valid reset token belongs to."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row.user


def reset_password(token: str, new_password: str) -> User:
    """Use the token once: set the password, end every session and every other reset link."""
    user = user_for_reset_token(token)
    if user is None:
        raise InvalidResetTokenError()
    # One conditional update takes this link and every other unused link of the user, so
    # the token is single-use even for two requests at once (with this or another link).
    if hash_token(token) not in revoke_reset_tokens(user):
        raise InvalidResetTokenError()
    user.set_password(new_password)
    revoke_user_sessions(user)
    return user


def revoke_reset_tokens(user: User) -> set[str]:
    """Mark every unused reset link of `user` used; returns the hashes of those links.

    After a reset or a change, a link mailed earlier (perhaps to a mailbox someone else
    reads) must not set the password once more.
    """
    return set(db.session.scalars(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
        .returning(PasswordResetToken.token_hash)
    ))
