"""Outgoing mail (/admin/surel): what the outbox sent, what waits for a retry, what failed,
with each message's attempts and last error, and "retry now"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.admin.blueprint import bp
from marketplace.admin.services import paginate
from marketplace.kernel import audit
from marketplace.kernel.extensions import db
from marketplace.kernel.outbox import OutboxMessage, OutboxState
from marketplace.kernel.outbox import services as outbox
from marketplace.kernel.pagination import parse_page

BADGES = {OutboxState.QUEUED: "badge-low", OutboxState.SENT: "badge-ok",
          OutboxState.FAILED: "badge-out"}


def state_labels() -> dict[OutboxState, str]:
    return {OutboxState.FAILED: _("Failed"), OutboxState.QUEUED: _("Queued"),
            OutboxState.SENT: _("Sent")}


def _parse_state(value: str | None) -> OutboxState | None:
    try:
        return OutboxState(value) if value else None
    except ValueError:
        return None  # an unknown filter shows every message


@bp.get("/surel")
def outbox_messages():
    state = _parse_state(request.args.get("state"))
    return render_template(
        "admin/outbox.html",
        messages=paginate(outbox.messages_query(state), parse_page(request.args.get("page"))),
        state=state,
        counts=outbox.state_counts(),
        labels=state_labels(),
        badges=BADGES,
    )


@bp.post("/surel/<int:message_id>/kirim-ulang")
def outbox_retry(message_id: int):
    state = _parse_state(request.form.get("state"))
    message = outbox.retry_now(message_id)
    if message is None:
        db.session.rollback()
        if db.session.get(OutboxMessage, message_id) is None:
            abort(404)
        flash(_("This email cannot be retried now: it was sent, or it is being sent at this "
                "moment."), "error")
    else:
        audit.record("mail.retry", message, f"{message.template} to {message.recipient}")
        db.session.commit()  # delivered right after this response (the outbox's hook)
        flash(_("The email to %(recipient)s is being sent again. Reload the page to see "
                "how it went.", recipient=message.recipient), "success")
    return redirect(url_for("admin.outbox_messages", state=state.value if state else None))
