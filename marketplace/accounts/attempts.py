"""Sign-in attempts, counted in the database before a password is checked.

`reserve_attempt` locks the attempt's counters (one upsert per counter, always in the same
order), lets throttle.py decide, and counts the attempt; the view commits at once, then
checks the password. So 30 parallel wrong passwords check exactly the limit, on any number
of workers, and an unknown email is counted and timed exactly like a known one.

Counters: untrusted browsers are counted per (account, address) — hard — per account from
anywhere — soft — and per address across accounts — hard. A browser holding this account's
device cookie (set when it signed in before; OWASP's "device cookies") is counted only under
its own cookie, so failures elsewhere never slow its owner down.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from marketplace.accounts import throttle
from marketplace.accounts.models import SignInCounter
from marketplace.accounts.services import normalise_email
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import utcnow

_COUNTERS = SignInCounter.__table__


class TooManyAttemptsError(Exception):
    """Refused before the password was checked; `wait` is how long until a try is allowed."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(wait)
        self.wait = wait


@dataclass(frozen=True)
class Attempt:
    """The counters one admitted attempt was counted under: (key hash, rule, clear on success)."""

    counters: tuple[tuple[str, throttle.Rule, bool], ...]


def _rules() -> dict[str, throttle.Rule]:
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    return {
        "pair": throttle.Rule(config["LOGIN_FAILURES_PER_PAIR"], window),
        "address": throttle.Rule(config["LOGIN_FAILURES_PER_ADDRESS"], window),
        "account": throttle.Rule(
            config["LOGIN_FAILURES_BEFORE_DELAY"], window,
            first_delay=timedelta(seconds=config["LOGIN_DELAY_FIRST_SECONDS"]),
            max_delay=timedelta(seconds=config["LOGIN_DELAY_MAX_SECONDS"]),
        ),
    }


def _key(*parts: str) -> str:
    """An HMAC of the key: the table never shows which emails or addresses were tried."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, "\x00".join(parts).encode(), hashlib.sha256).hexdigest()


def _counters_for(email: str, address: str, device: str | None):
    rules = _rules()
    if device is not None:
        counters = [(_key("device", device), rules["pair"], True)]
    else:
        counters = [
            (_key("pair", email, address), rules["pair"], True),
            (_key("account", email), rules["account"], False),
            (_key("address", address), rules["address"], False),
        ]
    # One lock order for every request, so two attempts never wait on each other in a circle.
    return tuple(sorted(counters, key=lambda counter: counter[0]))


def _lock(key_hash: str, now) -> throttle.Counter:
    """Create the counter if need be, lock its row until commit, and return it."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(_COUNTERS)
        .values(key_hash=key_hash, attempts=0, window_started_at=now, last_attempt_at=now,
                expires_at=now)
        # A no-op update: it takes the row lock (PostgreSQL) and returns the row, old or new.
        .on_conflict_do_update(index_elements=[_COUNTERS.c.key_hash],
                               set_={"attempts": _COUNTERS.c.attempts})
        .returning(_COUNTERS.c.attempts, _COUNTERS.c.window_started_at,
                   _COUNTERS.c.last_attempt_at, _COUNTERS.c.expires_at)
    )
    return throttle.Counter(*db.session.execute(statement).one())


def _store(key_hash: str, counter: throttle.Counter) -> None:
    db.session.execute(
        update(_COUNTERS).where(_COUNTERS.c.key_hash == key_hash).values(
            attempts=counter.attempts, window_started_at=counter.window_started_at,
            last_attempt_at=counter.last_attempt_at, expires_at=counter.expires_at)
    )


def _forget_expired(now) -> None:
    """Delete some expired counters (as good as new anyway); never waits on a locked one."""
    expired = (
        select(_COUNTERS.c.key_hash).where(_COUNTERS.c.expires_at <= now)
        .limit(100).with_for_update(skip_locked=True)
    )
    db.session.execute(delete(_COUNTERS).where(_COUNTERS.c.key_hash.in_(expired.scalar_subquery())))


def reserve_attempt(email: str, address: str, device_cookie: str | None = None) -> Attempt:
    """Count one sign-in attempt before its password is checked, or refuse it.

    Raises TooManyAttemptsError (nothing counted) when a counter says wait. Flushes only:
    the caller commits at once, so the count holds whatever the password check does.
    """
    email = normalise_email(email)[:254]
    address = (address or "")[:45]
    counters = _counters_for(email, address, device_nonce(device_cookie, email))
    now = utcnow()
    current = {key_hash: _lock(key_hash, now) for key_hash, _, _ in counters}
    wait = max(throttle.wait_before(current[key_hash], rule, now)
               for key_hash, rule, _ in counters)
    if wait > throttle.ZERO:
        raise TooManyAttemptsError(wait)
    for key_hash, rule, _ in counters:
        _store(key_hash, throttle.after_attempt(current[key_hash], rule, now))
    _forget_expired(now)
    return Attempt(counters)


def attempt_succeeded(attempt: Attempt) -> None:
    """The password was right: clear this browser's own counter, give back the shared ones."""
    now = utcnow()
    for key_hash, rule, clear in attempt.counters:
        counter = _lock(key_hash, now)
        _store(key_hash, throttle.after_success(counter, rule, now, clear=clear))


# --- device cookies ---------------------------------------------------------------------
def _device_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt="sign-in-device")


def new_device_cookie(email: str) -> str:
    """The value of the cookie that marks this browser as one the account signed in from."""
    return _device_signer().dumps({"e": normalise_email(email), "n": secrets.token_urlsafe(16)})


def device_nonce(cookie: str | None, email: str) -> str | None:
    """The cookie's own id if it is a valid device cookie of this (normalised) email."""
    if not cookie or len(cookie) > 400:
        return None
    max_age = current_app.config["LOGIN_DEVICE_DAYS"] * 24 * 3600
    try:
        data = _device_signer().loads(cookie, max_age=max_age)
    except BadData:
        return None
    if not isinstance(data, dict) or data.get("e") != email or not data.get("n"):
        return None
    return str(data["n"])
