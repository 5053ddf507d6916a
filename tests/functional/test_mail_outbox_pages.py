"""Outgoing mail over HTTP: the reset page whatever the mail does, a paid order's emails
through a mail outage, and the admin's outgoing-mail page with "retry now"."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.kernel.outbox import OutboxMessage, OutboxState, deliver_due, enqueue_mail
from tests.checkout_helpers import notify, pay, place
from tests.factories import make_user
from tests.helpers import post_form, sign_in

SAME_ANSWER = "Jika ada akun dengan email itu"


@pytest.fixture
def blocker(tmp_path) -> Path:
    """A file where the outbox folder's parent should be: every delivery fails with
    NotADirectoryError until the file is removed."""
    path = tmp_path / "mail"
    path.write_text("not a folder")
    return path


@pytest.fixture
def app_config(tmp_path):
    return {"MAIL_OUTBOX": str(tmp_path / "mail" / "outbox")}


def outbox_rows() -> list[OutboxMessage]:
    db.session.commit()  # a fresh snapshot: deliveries commit in their own sessions
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def eml_files(app) -> list[Path]:
    folder = Path(app.config["MAIL_OUTBOX"])
    return sorted(folder.glob("*.eml")) if folder.is_dir() else []


def test_reset_request_answers_the_same_when_the_mail_fails(app, client, blocker):
    # given an account, and mail that cannot be delivered
    make_user(email="ada@contoh.id")
    db.session.commit()
    # when a reset link is asked for that account, and for an address with no account
    known = post_form(client, "/akun/lupa-sandi", {"email": "ada@contoh.id"},
                      follow_redirects=True)
    unknown = post_form(client, "/akun/lupa-sandi", {"email": "tidak-ada@contoh.id"},
                        follow_redirects=True)
    # then both get the same redirect, page and message (never a 500)
    for response in (known, unknown):
        assert [step.status_code for step in response.history] == [302]
        assert response.status_code == 200 and response.request.path == "/akun/masuk"
        assert SAME_ANSWER in response.text
    # and the link waits in the outbox for the mail server, with what went wrong
    [row] = outbox_rows()
    assert (row.recipient, row.state, row.attempts) == ("ada@contoh.id", OutboxState.QUEUED, 1)
    assert "NotADirectoryError" in row.last_error and "/akun/reset/" in row.body


@pytest.mark.parametrize("backend", ["sqlite"])
def test_reset_mail_is_delivered_once_the_response_is_closed(app, client):
    # given an account
    make_user(email="ada@contoh.id")
    db.session.commit()
    # when its reset is asked for, and the server has not closed the response yet
    response = post_form(client, "/akun/lupa-sandi", {"email": "ada@contoh.id"},
                         buffered=False)
    # then the page is answered while the email is still only queued
    assert response.status_code == 302 and eml_files(app) == []
    assert [row.state for row in outbox_rows()] == [OutboxState.QUEUED]
    # when the server closes the response (the user already has the page), it is sent
    response.close()
    assert len(eml_files(app)) == 1
    assert [row.state for row in outbox_rows()] == [OutboxState.SENT]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_paid_order_emails_survive_a_mail_outage_and_go_out_once(app, client, simulator, blocker,
                                                                 shop):
    # given a placed order, paid in Midtrans, while the mail cannot be delivered
    app.config["MIDTRANS_SIMULATOR_URL"] = simulator.base_url
    order, attempt, _ = place(client, shop, simulator)
    pay(simulator, attempt.midtrans_order_id)
    # when Midtrans notifies the shop
    response = notify(client, simulator, attempt.midtrans_order_id)
    # then the order is paid and its receipt and group emails wait, none lost
    assert response.status_code == 200 and response.json["status"] == "applied"
    rows = outbox_rows()
    assert sorted(row.template for row in rows) == ["group_new_order", "group_new_order",
                                                    "order_paid"]
    assert all(row.state == OutboxState.QUEUED and row.last_error for row in rows)
    # when the mail works again and cron runs `flask mail deliver` (after the backoff)
    blocker.unlink()
    db.session.execute(OutboxMessage.__table__.update().values(
        next_attempt_at=OutboxMessage.__table__.c.created_at))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    # then all three are sent, and a replayed notification queues nothing more
    assert "3 sent" in result.output, result.output
    assert notify(client, simulator, attempt.midtrans_order_id).json["status"] == "no_change"
    assert [row.state for row in outbox_rows()] == [OutboxState.SENT] * 3
    assert len(eml_files(app)) == 3
    receipt = next(path.read_text() for path in eml_files(app) if "dewi@contoh.id" in
                   path.read_text())
    assert order.number in receipt


def test_admin_outgoing_mail_lists_the_failed_email_and_retry_now_sends_it(app, client,
                                                                          blocker):
    # given one email sent, and one that failed its only attempt (the folder was blocked)
    app.config["MAIL_MAX_ATTEMPTS"] = 1
    args = {"user": {"name": "Ada"}, "url": "https://pasar.example/r", "minutes": 60}
    enqueue_mail("terkirim@contoh.id", "Sudah terkirim", "password_reset", key="ok", **args)
    db.session.commit()
    app.config["MAIL_OUTBOX"] = str(blocker.parent / "elsewhere")
    assert deliver_due() == {"sent": 1}
    app.config["MAIL_OUTBOX"] = str(blocker / "outbox")
    enqueue_mail("gagal@contoh.id", "Belum terkirim", "password_reset", key="bad", **args)
    db.session.commit()
    assert deliver_due() == {"failed": 1}
    sent, failed = outbox_rows()
    sign_in(client, Role.ADMIN)
    # when the admin opens the dashboard and follows the failed count
    dashboard = client.get("/admin").text
    assert 'href="/admin/surel?state=failed" id="mail-failed"><strong>1</strong>' in dashboard
    page = client.get("/admin/surel?state=failed").text
    # then the failed email is listed with its error and attempts, the sent one is not
    assert "gagal@contoh.id" in page and "NotADirectoryError" in page
    assert "terkirim@contoh.id" not in page
    assert "terkirim@contoh.id" in client.get("/admin/surel").text
    # when the mail works again and the admin asks for it to be sent now
    blocker.unlink()
    response = post_form(client, f"/admin/surel/{failed.id}/kirim-ulang", {"state": "failed"},
                         form_url="/admin/surel?state=failed", follow_redirects=True)
    # then it is sent right after that response, and the retry is in the audit log
    assert response.request.path == "/admin/surel" and "being sent again" in response.text
    assert [row.state for row in outbox_rows()] == [OutboxState.SENT, OutboxState.SENT]
    assert len(eml_files(app)) == 1 and "gagal@contoh.id" in eml_files(app)[0].read_text()
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "mail.retry")) == 1
    # and a sent email cannot be retried (nothing goes out twice); an unknown one is a 404
    again = post_form(client, f"/admin/surel/{sent.id}/kirim-ulang", form_url="/admin/surel",
                      follow_redirects=True)
    assert "cannot be retried" in again.text and len(eml_files(app)) == 1
    assert post_form(client, "/admin/surel/99999/kirim-ulang",
                     form_url="/admin/surel").status_code == 404
