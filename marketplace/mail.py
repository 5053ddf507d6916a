"""Outgoing email through one door: an outbox folder by default, SMTP when configured."""

from __future__ import annotations

import secrets
import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, render_template

from .timeutil import utcnow


def send_mail(to: str, subject: str, template: str, **context) -> EmailMessage:
    """Render `email/<template>.txt` and send it; returns the message sent."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(render_template(f"email/{template}.txt", **context))
    if config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_outbox(message)
    return message


def outbox_dir() -> Path:
    return Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox")


def _write_outbox(message: EmailMessage) -> None:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
    (folder / name).write_bytes(bytes(message))
    current_app.logger.info("mail to %s written to %s", message["To"], folder / name)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    port = int(config.get("MAIL_PORT", 587))
    with smtplib.SMTP(config["MAIL_SERVER"], port, timeout=10) as smtp:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
