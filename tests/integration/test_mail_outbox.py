"""The mail outbox: queued with its event, retried with backoff, sent once, never lost.

The faults are real where it is cheap: a mail server that is down (nothing listens) or
refuses (a tiny SMTP server answering 451), an outbox folder that cannot be created, a
process killed between its commit and the delivery, two deliverers at once.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from marketplace.kernel.extensions import db
from marketplace.kernel.outbox import OutboxMessage, OutboxState, deliver_due, enqueue_mail
from marketplace.kernel.outbox.services import retry_now
from marketplace.kernel.timeutil import utcnow
from tests.conftest import _base_config

ROOT = Path(__file__).resolve().parents[2]


def queue(key: str = "reset:1", to: str = "ada@contoh.id") -> int | None:
    """A password-reset email, as the reset page queues it (the caller commits)."""
    return enqueue_mail(to, "Atur ulang kata sandi", "password_reset", key=key,
                        user={"name": "Ada"}, url="https://pasar.example/akun/reset/abc",
                        minutes=60)


def message(key: str = "reset:1") -> OutboxMessage:
    db.session.commit()  # a fresh snapshot: deliveries commit in their own transactions
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))


def time_passes() -> None:
    """Every waiting message is due now (instead of sleeping through the backoff)."""
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.session.commit()


def eml_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml")) if folder.exists() else []


# --- queueing ------------------------------------------------------------------------------
def test_enqueue_mail_rolled_back_with_its_event_leaves_nothing_to_send(app):
    # given an email queued in a transaction that then fails
    assert queue() is not None
    db.session.rollback()
    # when the deliverer runs
    outcomes = deliver_due()
    # then there was never anything to send
    assert outcomes == {} and db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert eml_files(Path(app.instance_path) / "outbox") == []


def test_enqueue_mail_replayed_event_queues_nothing_new(app):
    # given a receipt queued and committed
    first = queue("receipt:order:1")
    db.session.commit()
    # when the same event is replayed, in the same transaction or a later one
    assert queue("receipt:order:1") is None
    db.session.commit()
    # then one message is kept, rendered in Indonesian (the shop's language outside a request)
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert [row.id for row in rows] == [first]
    assert rows[0].state == OutboxState.QUEUED and "Halo Ada," in rows[0].body


# --- delivering through SMTP ------------------------------------------------------------------
class TinySMTP:
    """Just enough of an SMTP server: refuses the first `refuse` messages with 451 at the
    end of DATA (as a greylisting server does), accepts and keeps the rest."""

    def __init__(self, refuse: int = 0) -> None:
        self.refuse = refuse
        self.accepted: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return  # closed
            with conn, conn.makefile("rb") as lines:
                self._session(conn, lines)

    def _session(self, conn, lines) -> None:
        def say(text: str) -> None:
            conn.sendall(text.encode() + b"\r\n")

        say("220 tiny.test ESMTP")
        for line in lines:
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                say("250 tiny.test")
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                say("250 OK")
            elif verb == b"DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := lines.readline()) not in (b".\r\n", b""):
                    data += chunk
                if self.refuse:
                    self.refuse -= 1
                    say("451 4.7.1 Greylisted, try again later")
                else:
                    self.accepted.append(data)
                    say("250 2.0.0 Queued")
            elif verb == b"QUIT":
                say("221 Bye")
                return
            else:
                say("502 Not implemented")

    def close(self) -> None:
        self.server.close()


def _closed_port() -> int:
    """A port nobody listens on: the mail server is down."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@pytest.fixture
def app_config():
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": _closed_port(), "MAIL_USE_TLS": False,
            "MAIL_RETRY_BASE_SECONDS": 60, "MAIL_MAX_ATTEMPTS": 3}


def test_deliver_due_smtp_down_then_refusing_retries_with_backoff_then_sends(app):
    # given a queued email and a mail server that is down
    queue()
    db.session.commit()
    # when the deliverer runs, then it keeps the message and waits a minute
    assert deliver_due() == {"retry": 1}
    row = message()
    assert (row.state, row.attempts, row.sent_at) == (OutboxState.QUEUED, 1, None)
    assert "ConnectionRefusedError" in row.last_error and row.body
    wait = row.next_attempt_at - row.last_attempt_at
    assert timedelta(seconds=60) <= wait < timedelta(seconds=65)
    # and does not try again before its time
    assert deliver_due() == {}
    # when the server is back but refuses this once (451), then the wait doubles
    smtp = TinySMTP(refuse=1)
    app.config["MAIL_PORT"] = smtp.port
    try:
        time_passes()
        assert deliver_due() == {"retry": 1}
        row = message()
        assert row.attempts == 2 and "SMTPDataError" in row.last_error and "451" in row.last_error
        wait = row.next_attempt_at - row.last_attempt_at
        assert timedelta(seconds=120) <= wait < timedelta(seconds=125)
        assert smtp.accepted == []
        # when it accepts, then the message is sent once and marked so, its body let go
        time_passes()
        assert deliver_due() == {"sent": 1}
    finally:
        smtp.close()
    row = message()
    assert (row.state, row.attempts, row.body) == (OutboxState.SENT, 3, "")
    assert row.sent_at is not None
    assert len(smtp.accepted) == 1
    accepted = smtp.accepted[0].decode()
    assert "To: ada@contoh.id" in accepted and "Subject: Atur ulang kata sandi" in accepted
    assert deliver_due() == {}  # nothing is sent twice


def test_deliver_due_after_the_last_attempt_fails_it_until_the_admin_retries(app):
    # given a message every attempt of which fails (the server stays down)
    queue()
    db.session.commit()
    for _attempt in range(3):
        time_passes()
        deliver_due()
    # then after MAIL_MAX_ATTEMPTS it is failed and left alone
    row = message()
    assert (row.state, row.attempts) == (OutboxState.FAILED, 3)
    time_passes()
    assert deliver_due() == {}
    # when the admin retries it once the server is back, then it is sent
    smtp = TinySMTP()
    app.config["MAIL_PORT"] = smtp.port
    try:
        assert retry_now(row.id) is not None
        db.session.commit()
        assert deliver_due() == {"sent": 1}
    finally:
        smtp.close()
    assert message().state == OutboxState.SENT and len(smtp.accepted) == 1


# --- delivering to the outbox folder ----------------------------------------------------------
@pytest.mark.parametrize("app_config", [{}])
def test_deliver_due_outbox_folder_unwritable_retries_then_writes(app, tmp_path):
    # given the outbox folder cannot be created (a file stands where its parent should be)
    blocker = tmp_path / "mail"
    blocker.write_text("not a folder")
    folder = blocker / "outbox"
    app.config["MAIL_OUTBOX"] = str(folder)
    queue()
    db.session.commit()
    # when the deliverer runs, then the message waits with the error
    assert deliver_due() == {"retry": 1}
    row = message()
    assert row.state == OutboxState.QUEUED and "NotADirectoryError" in row.last_error
    # when the folder can be written again and the wait is over, then the message is written
    blocker.unlink()
    time_passes()
    assert deliver_due() == {"sent": 1}
    files = eml_files(folder)
    assert len(files) == 1 and "ada@contoh.id" in files[0].read_text()
    assert message().state == OutboxState.SENT


# --- a process killed between its commit and the delivery -------------------------------------
_KILLED_WORKER = """
import json, os, signal, sys
from marketplace import create_app
from marketplace.kernel.extensions import db
from marketplace.kernel.outbox import enqueue_mail

app = create_app(json.loads(sys.argv[1]))
with app.test_request_context("/akun/lupa-sandi", method="POST"):
    enqueue_mail("ada@contoh.id", "Atur ulang kata sandi", "password_reset", key="reset:killed",
                 user={"name": "Ada"}, url="https://pasar.example/akun/reset/abc", minutes=60)
    db.session.commit()
    os.kill(os.getpid(), signal.SIGKILL)  # before any response could deliver it
"""


@pytest.mark.parametrize(("backend", "app_config"), [("sqlite", {})])
def test_mail_committed_by_a_killed_worker_is_delivered_by_the_command(app):
    # given a worker that committed an email and was killed before delivering it
    config = _base_config(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    worker = subprocess.run([sys.executable, "-c", _KILLED_WORKER, json.dumps(config)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert worker.returncode == -signal.SIGKILL, worker.stderr
    folder = Path(app.instance_path) / "outbox"
    assert message("reset:killed").state == OutboxState.QUEUED and eml_files(folder) == []
    # when cron runs `flask mail deliver`
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    # then the email is delivered, once
    assert result.exit_code == 0 and "1 sent" in result.output, result.output
    assert message("reset:killed").state == OutboxState.SENT and len(eml_files(folder)) == 1


# --- two deliverers at once -------------------------------------------------------------------
@pytest.mark.parametrize(("backend", "app_config"), [("postgresql", {})])
def test_two_deliverers_at_once_send_each_message_once(app, monkeypatch):
    # given twenty queued emails and a transport slow enough for the two to overlap
    recipients = [f"pembeli{n}@contoh.id" for n in range(20)]
    for n, to in enumerate(recipients):
        queue(f"race:{n}", to)
    db.session.commit()
    sent, lock = [], threading.Lock()

    def slow_transmit(email):
        time.sleep(0.01)
        with lock:
            sent.append(email["To"])

    monkeypatch.setattr("marketplace.kernel.outbox.services.transmit", slow_transmit)
    barrier, outcomes = threading.Barrier(2), []

    def deliverer():
        with app.app_context():
            barrier.wait(timeout=10)
            outcomes.append(deliver_due())
            db.session.remove()

    # when two deliverers run at the same moment
    threads = [threading.Thread(target=deliverer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # then each email went out exactly once
    assert sorted(sent) == sorted(recipients)
    assert sum(outcome["sent"] for outcome in outcomes) == 20
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.state == OutboxState.SENT)) == 20
