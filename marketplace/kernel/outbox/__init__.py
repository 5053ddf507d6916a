"""The mail outbox: emails queued in the event's own transaction and delivered with retries.

`enqueue_mail` queues; `deliver_due` (cron: `flask mail deliver`) delivers; `init_outbox(app)`
delivers what a request queued right after its response, and what a CLI command queued as it
ends, so a single server gets its mail promptly without cron. See services.py.
"""

from __future__ import annotations

import logging
from functools import partial

import click
from flask import Flask, g

from marketplace.kernel.extensions import db
from marketplace.kernel.outbox.models import OutboxMessage, OutboxState
from marketplace.kernel.outbox.services import (
    PENDING,
    deliver,
    deliver_due,
    enqueue_mail,
    retry_delay,
)

log = logging.getLogger(__name__)


def init_outbox(app: Flask) -> None:
    """Register the hooks that deliver freshly queued mail (settings: config.py, MAIL_*)."""

    @app.after_request
    def _deliver_when_sent(response):
        # After the response has gone out (WSGI close): the user never waits for SMTP.
        ids = g.pop(PENDING, None)
        if ids:
            response.call_on_close(partial(deliver_after_response, app, ids))
        return response

    @app.teardown_appcontext
    def _deliver_after_command(error) -> None:
        # A CLI command (e.g. `payments reconcile`) delivers what it queued as it ends.
        ids = g.pop(PENDING, None)
        if ids and error is None and click.get_current_context(silent=True) is not None:
            try:
                deliver(ids)
            except Exception:  # noqa: BLE001 - the command's work is done; cron retries
                log.exception("mail delivery after the command failed; left queued")
                db.session.rollback()


def deliver_after_response(app: Flask, ids: list[int]) -> None:
    """Deliver these messages in an app context of their own; never raises (the response is
    gone): whatever fails stays queued for `flask mail deliver`."""
    with app.app_context():
        try:
            deliver(ids)
        except Exception:  # noqa: BLE001
            log.exception("mail delivery after the response failed; left queued")
            db.session.rollback()
        finally:
            db.session.remove()


__all__ = ["OutboxMessage", "OutboxState", "deliver", "deliver_due", "enqueue_mail",
           "init_outbox", "retry_delay"]
