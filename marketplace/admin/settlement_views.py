"""The settlement check (/admin/rekonsiliasi/settlement): Midtrans's report or status API
against our payments. Read-only: nothing is stored, nothing is audited.

The mismatch list travels back for its CSV download signed with the app's secret key, so
the download needs neither the file again nor new API calls, and cannot be forged.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from marketplace.admin.blueprint import bp
from marketplace.admin.reconciliation_views import choose_period, today_wib
from marketplace.gateways import midtrans
from marketplace.kernel.csvout import csv_download
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import rupiah
from marketplace.ledger import settlement, settlement_books, settlement_compare
from marketplace.ledger.reports import Period
from marketplace.orders.status import ORDER_STATUS_LABELS
from marketplace.payments.client import gateway

INVALID = 422
SHOWN = 500  # mismatches shown on the page; the CSV has them all
SHOWN_PROBLEMS = 50
MAX_API_CHECKS = 300  # one status call each: a longer list would keep the page waiting
KIND_LABELS = {
    "amount": _l("Amount differs"),
    "status": _l("Status differs"),
    "settled_not_paid": _l("Settled by Midtrans, not paid here"),
    "paid_not_settled": _l("Paid here, not settled by Midtrans"),
    "unknown": _l("Unknown order ID"),
}
CSV_HEADER = ("kind", "midtrans_order_id", "order_number", "file_row", "midtrans_status",
              "midtrans_amount", "our_status", "our_amount", "detail")


def order_label(status) -> str:
    """An order's status in the reader's language."""
    return str(ORDER_STATUS_LABELS.get(str(status), status))


def problem_text(problem: settlement.Problem) -> str:
    """A settlement message (an N_ msgid with params) in the reader's language."""
    params = {key: rupiah(value) if key.endswith("amount") and isinstance(value, int)
              else value for key, value in problem.params.items()}
    return _(problem.message, **params)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="settlement-mismatches")


def _signed(result: settlement_compare.Comparison) -> str:
    return _serializer().dumps([
        [m.kind, m.midtrans_order_id, m.order_number, m.line, m.midtrans_status,
         m.midtrans_amount, m.our_status, m.our_amount, m.detail.message,
         dict(m.detail.params)] for m in result.mismatches])


def _page(status: int = 200, **context):
    context.setdefault("file_from", "")
    context.setdefault("file_to", "")
    context.setdefault("api_choice", choose_period(None, None))
    return render_template(
        "admin/settlement.html", kinds=settlement.KINDS, kind_labels=KIND_LABELS,
        text=problem_text, order_label=order_label, shown=SHOWN,
        shown_problems=SHOWN_PROBLEMS, **context,
    ), status


@bp.route("/rekonsiliasi/settlement", methods=["GET", "POST"])
def settlement_check():
    if request.method == "GET":
        return _page()
    db.session.rollback()  # the POST took SQLite's write lock; this check writes nothing
    if request.form.get("source") == "api":
        return _check_api()
    return _check_file()


def _check_file():
    typed_from = request.form.get("from", "").strip()[:20]
    typed_to = request.form.get("to", "").strip()[:20]
    context = {"file_from": typed_from, "file_to": typed_to}
    upload = request.files.get("report")
    if upload is None or not upload.filename:
        return _page(INVALID, file_errors=[_("Choose the CSV file you downloaded from the "
                                             "Midtrans dashboard.")], **context)
    choice = None
    if typed_from or typed_to:
        choice = choose_period(typed_from, typed_to)
        if choice.error:
            return _page(INVALID, file_errors=[choice.error], **context)
    with upload.stream:  # a large upload is spooled to a temporary file: close it now
        data = upload.read(settlement.MAX_BYTES + 1)
    report = settlement.read_report(data)
    if not report.ok:
        return _page(INVALID, file_errors=[problem_text(p) for p in report.problems],
                     **context)
    notices = [problem_text(notice) for notice in report.notices]
    days = (choice.period.start, choice.period.end) if choice else report.days()
    if days is None:
        notices.append(_("The file has no dates, so paid orders missing from it are not "
                         "listed: enter the days to look for them."))
    ours = settlement_books.attempts_by_id([row.order_id for row in report.rows])
    expected = settlement_books.paid_between(*days) if days else []
    result = settlement_compare.compare(report.rows, ours, expected)
    return _page(result=result, source="file", filename=upload.filename[:120],
                 days=Period(*days) if days else None, notices=notices,
                 payload=_signed(result), **context)


def _check_api():
    choice = choose_period(request.form.get("from"), request.form.get("to"))
    if choice.error:
        return _page(INVALID, api_choice=choice, api_errors=[choice.error])
    attempts = settlement_books.attempts_created_between(choice.period.start, choice.period.end)
    db.session.rollback()  # no transaction held while Midtrans answers
    if len(attempts) > MAX_API_CHECKS:
        return _page(INVALID, api_choice=choice, api_errors=[_(
            "The period has %(count)s payments; ask Midtrans about at most %(max)s at a time. "
            "Choose a shorter period, or upload the report from the dashboard.",
            count=len(attempts), max=MAX_API_CHECKS)])
    try:
        with gateway() as client:
            result = settlement_books.fetch_statuses(attempts, client)
    except midtrans.MidtransConfigError as error:
        return _page(INVALID, api_choice=choice, api_errors=[str(error)])
    return _page(result=result, source="api", api_choice=choice, payload=_signed(result),
                 notices=[])


@bp.post("/rekonsiliasi/settlement/ekspor")
def settlement_export():
    db.session.rollback()
    try:
        rows = _serializer().loads(request.form.get("payload", ""))
    except BadSignature:
        return _page(400, file_errors=[_("That list could not be downloaded; run the check "
                                         "again.")])
    return csv_download(
        f"selisih-midtrans-{today_wib().isoformat()}.csv", CSV_HEADER,
        ([kind, order_id, number, line, m_status, m_amount, our_status, our_amount,
          problem_text(settlement.Problem(message, params))]
         for kind, order_id, number, line, m_status, m_amount, our_status, our_amount,
         message, params in rows))
