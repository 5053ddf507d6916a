"""Queueing emails in the caller's transaction, and delivering them with retries.

1. `enqueue_mail` renders the email now (in the current language) and inserts it into
   `outbox_messages` on the caller's session: the event and its email commit or roll back
   together, and a replay of the same event (same idempotency key) inserts nothing.
2. Once that transaction has committed, the ids it queued are remembered on `g`: a web
   request delivers them after its response has been sent, a CLI command as it ends (see
   `init_outbox`). Whatever that misses (a worker killed after the commit, a mail server
   down) waits for `deliver_due`, run by `flask mail deliver` from cron.
3. Delivery claims one message at a time with a conditional UPDATE (its next attempt moves
   a lease ahead), commits, sends, and only then marks it sent. Two deliverers at once
   never send one message twice; a failure is recorded with the next attempt after an
   exponential backoff, and after MAIL_MAX_ATTEMPTS the message is failed for the admin.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

from flask import current_app, g, has_app_context, render_template
from sqlalchemy import event, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.kernel.dbtx import end_read, new_write
from marketplace.kernel.extensions import db
from marketplace.kernel.mail import compose, transmit
from marketplace.kernel.outbox.models import OUTBOX_TRANSITIONS, OutboxMessage, OutboxState
from marketplace.kernel.statemachine import transition
from marketplace.kernel.timeutil import utcnow

log = logging.getLogger(__name__)

_NEW = "outbox_new_ids"  # session.info: ids queued in the open transaction
PENDING = "outbox_deliver_ids"  # g: ids committed and not yet handed to a deliverer
MAX_ERROR = 500


# --- queueing ------------------------------------------------------------------------------
def enqueue_mail(to: str, subject: str, template: str, key: str, **context) -> int | None:
    """Render `email/<template>.txt` and queue it in the caller's transaction.

    `key` names the event and recipient (`receipt:order:123`); returns the new message's
    id, or None when that key was queued before.
    """
    body = render_template(f"email/{template}.txt", **context)
    table = OutboxMessage.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    now = utcnow()
    stmt = (
        dialect.insert(table)
        .values(idempotency_key=key[:200], recipient=to, subject=subject[:300], body=body,
                template=template, state=OutboxState.QUEUED, attempts=0, created_at=now,
                next_attempt_at=now, last_error="")
        .on_conflict_do_nothing(index_elements=[table.c.idempotency_key])
        .returning(table.c.id)
    )
    message_id = db.session.execute(stmt).scalar()
    if message_id is not None:
        db.session.info.setdefault(_NEW, []).append(message_id)
    return message_id


def deliver_soon(message_id: int) -> None:
    """Deliver this message once the current transaction commits (as for a new one)."""
    db.session.info.setdefault(_NEW, []).append(message_id)


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    ids = session.info.pop(_NEW, None)
    if ids and has_app_context():
        g.setdefault(PENDING, []).extend(ids)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session) -> None:
    session.info.pop(_NEW, None)


# --- delivering ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Claimed:
    id: int
    key: str
    recipient: str
    subject: str
    body: str
    attempts: int


def retry_delay(attempts: int, base_seconds: float, max_seconds: float) -> timedelta:
    """Wait after the `attempts`-th failure: base, 2×base, 4×base… never more than max."""
    exponent = min(max(attempts - 1, 0), 32)
    return timedelta(seconds=min(base_seconds * 2 ** exponent, max_seconds))


def deliver_due(limit: int = 200) -> Counter:
    """Try every queued message whose time has come (at most `limit`); counts by outcome."""
    ids = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.state == OutboxState.QUEUED,
               OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    end_read()  # no transaction held while the mail server answers
    return deliver(ids)


def deliver(ids: Iterable[int]) -> Counter:
    """Try these messages now if they are due; counts of sent, retry, failed and skipped."""
    outcomes: Counter = Counter()
    for message_id in ids:
        outcomes[_deliver_one(message_id)] += 1
    return outcomes


def _deliver_one(message_id: int) -> str:
    message = _claim(message_id)
    if message is None:
        return "skipped"  # sent, failed, not due, or another deliverer has it
    try:
        transmit(compose(message.recipient, message.subject, message.body,
                         _message_id(message.key)))
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        log.warning("mail %s to %s not sent (attempt %d): %s", message.id, message.recipient,
                    message.attempts, error)
        return _record_failure(message, error)
    _record_sent(message)
    return "sent"


def _claim(message_id: int) -> _Claimed | None:
    """Take the message for one attempt: its next attempt moves a lease ahead, so no other
    deliverer takes it meanwhile (and a deliverer that dies leaves it for after the lease)."""
    config = current_app.config
    new_write()
    now = utcnow()
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.state == OutboxState.QUEUED,
               OutboxMessage.next_attempt_at <= now)
        .values(attempts=OutboxMessage.attempts + 1, last_attempt_at=now, claimed_at=now,
                next_attempt_at=now + timedelta(seconds=float(config["MAIL_CLAIM_SECONDS"])))
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        return None
    row = db.session.get(OutboxMessage, message_id, populate_existing=True)
    message = _Claimed(row.id, row.idempotency_key, row.recipient, row.subject, row.body,
                       row.attempts)
    db.session.commit()
    return message


def _record_sent(message: _Claimed) -> None:
    new_write()
    row = db.session.get(OutboxMessage, message.id, populate_existing=True)
    transition(row, OUTBOX_TRANSITIONS, OutboxState.SENT, "state")
    row.sent_at = utcnow()
    row.body = ""
    row.claimed_at = None
    db.session.commit()


def _record_failure(message: _Claimed, error: Exception) -> str:
    config = current_app.config
    new_write()
    row = db.session.get(OutboxMessage, message.id, populate_existing=True)
    row.last_error = f"{type(error).__name__}: {error}"[:MAX_ERROR]
    row.claimed_at = None
    if row.attempts >= int(config["MAIL_MAX_ATTEMPTS"]):
        transition(row, OUTBOX_TRANSITIONS, OutboxState.FAILED, "state")
        outcome = "failed"
    else:
        row.next_attempt_at = utcnow() + retry_delay(
            row.attempts, float(config["MAIL_RETRY_BASE_SECONDS"]),
            float(config["MAIL_RETRY_MAX_SECONDS"]))
        outcome = "retry"
    db.session.commit()
    return outcome


def _message_id(key: str) -> str:
    """The same Message-ID on every attempt, so a receiver can tell a resend."""
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


# --- the admin's view ----------------------------------------------------------------------
def messages_query(state: OutboxState | None):
    """Outgoing mail, newest first, optionally in one state."""
    stmt = select(OutboxMessage)
    if state is not None:
        stmt = stmt.where(OutboxMessage.state == state)
    return stmt.order_by(OutboxMessage.id.desc())


def state_counts() -> dict[OutboxState, int]:
    rows = db.session.execute(
        select(OutboxMessage.state, func.count(OutboxMessage.id)).group_by(OutboxMessage.state)
    ).all()
    counts = dict.fromkeys(OutboxState, 0)
    counts.update({OutboxState(state): n for state, n in rows})
    return counts


def retry_now(message_id: int) -> OutboxMessage | None:
    """Make a failed or waiting message due now (one more attempt); None if it cannot be:
    unknown, already sent, or being delivered at this moment. The caller commits."""
    now = utcnow()
    in_flight_since = now - timedelta(seconds=float(current_app.config["MAIL_CLAIM_SECONDS"]))
    row = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if row is None:
        return None
    if row.state == OutboxState.FAILED:
        transition(row, OUTBOX_TRANSITIONS, OutboxState.QUEUED, "state")
        row.next_attempt_at = now
    elif row.state == OutboxState.QUEUED:
        # Conditional: a message claimed within the lease may be on its way right now.
        changed = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.state == OutboxState.QUEUED,
                   or_(OutboxMessage.claimed_at.is_(None),
                       OutboxMessage.claimed_at <= in_flight_since))
            .values(next_attempt_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if changed != 1:
            return None
        db.session.refresh(row)
    else:
        return None
    db.session.flush()
    deliver_soon(row.id)
    return row
