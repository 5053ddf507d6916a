"""Server-side sessions: a random token in the cookie, its hash and timeouts in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from marketplace.accounts.models import User, UserSession
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import without_nul
from marketplace.kernel.timeutil import utcnow

# last_seen_at is written at most this often, so a busy page costs no write per request.
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _timeouts(remember: bool) -> tuple[timedelta, timedelta]:
    """(idle, absolute) timeouts from configuration."""
    config = current_app.config
    if remember:
        return timedelta(days=config["REMEMBER_IDLE_DAYS"]), config["REMEMBER_COOKIE_DURATION"]
    return (
        timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]),
    )


def start_session(user: User, remember: bool, user_agent: str = "") -> str:
    """Create a new session for `user` and return its token (set on user.session_token)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    _, absolute = _timeouts(remember)
    db.session.add(
        UserSession(
            user=user,
            token_hash=hash_token(token),
            remember=remember,
            created_at=now,
            last_seen_at=now,
            expires_at=now + absolute,
            user_agent=without_nul(user_agent)[:200],  # a header may hold anything
        )
    )
    db.session.flush()
    user.session_token = token
    return token


def load_session_user(token: str | None) -> User | None:
    """The user of a live session, or None if the token is unknown, revoked or timed out."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(UserSession).where(UserSession.token_hash == hash_token(token))
    )
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    idle, _ = _timeouts(row.remember)
    if now >= row.expires_at or now - row.last_seen_at >= idle:
        return None
    user = row.user
    if not user.is_enabled:
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        # A separate short transaction: a GET page never commits its own session.
        with db.engine.begin() as conn:
            conn.execute(
                update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now)
            )
    user.session_token = token
    return user


def end_session(token: str | None) -> None:
    """Revoke one session (logout)."""
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def revoke_user_sessions(user: User, keep_token: str | None = None) -> int:
    """Revoke every live session of `user` except `keep_token`; returns how many."""
    stmt = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
    )
    if keep_token:
        stmt = stmt.where(UserSession.token_hash != hash_token(keep_token))
    return db.session.execute(stmt.values(revoked_at=utcnow())).rowcount
