"""Outgoing email through one door: an outbox folder by default, SMTP when configured.

Messages about events go through the database outbox (marketplace/outbox), which calls
`transmit` and retries; `send_mail` sends at once and is lost if the transport fails.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, render_template

from marketplace.kernel.timeutil import utcnow


def send_mail(to: str, subject: str, template: str, **context) -> EmailMessage:
    """Render `email/<template>.txt` and send it now, without retries; returns the message."""
    message = compose(to, subject, render_template(f"email/{template}.txt", **context))
    transmit(message)
    return message


def compose(to: str, subject: str, body: str, message_id: str | None = None) -> EmailMessage:
    """A plain-text message from the shop's sender address."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    return message


def transmit(message: EmailMessage) -> None:
    """Hand the message to SMTP or the outbox folder; returns only once it was accepted."""
    if current_app.config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_outbox(message)


def outbox_dir() -> Path:
    return Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox")


def _write_outbox(message: EmailMessage) -> None:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
    # Written aside, then renamed: a reader never sees half a message as an .eml.
    partial = folder / f".{name}.part"
    try:
        partial.write_bytes(bytes(message))
        os.replace(partial, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    current_app.logger.info("mail to %s written to %s", message["To"], folder / name)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    port = int(config.get("MAIL_PORT", 587))
    smtp = smtplib.SMTP(config["MAIL_SERVER"], port, timeout=10)
    try:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)  # raises unless the server accepted the message
    finally:
        # Once accepted, a failed goodbye must not make the message count as unsent.
        try:
            smtp.quit()
        except OSError:  # SMTPException included
            smtp.close()
