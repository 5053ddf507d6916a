"""The Midtrans HTTP notification endpoint: no CSRF, no login, never a redirect."""

from flask import Blueprint, jsonify, request

from marketplace.kernel.extensions import csrf
from marketplace.kernel.inputs import keeps_raw_body
from marketplace.payments.notifications import record_notification

bp = Blueprint("payments", __name__)


@bp.post("/pembayaran/midtrans/notifikasi", strict_slashes=True)
@csrf.exempt
@keeps_raw_body  # the body is stored byte for byte, a NUL included: no form parsing
def notification():
    status, verdict = record_notification(request.get_data(cache=False),
                                          request.remote_addr or "")
    return jsonify(status=verdict), status
