"""The ledger's statuses in the reader's language (lazy: translated when shown); the
enums themselves live with their tables in ledger/models.py."""

from flask_babel import lazy_gettext as _l

from marketplace.ledger.models import PayoutStatus, RefundMethod, RefundState

PAYOUT_STATUS_LABELS = {
    PayoutStatus.DRAFT: _l("Draft"),
    PayoutStatus.PAID: _l("Paid"),
    PayoutStatus.CANCELLED: _l("Cancelled"),
}
REFUND_STATE_LABELS = {
    RefundState.REQUESTED: _l("Waiting for Midtrans"),
    RefundState.SUCCEEDED: _l("Refunded"),
    RefundState.FAILED: _l("Failed"),
}
REFUND_METHOD_LABELS = {
    RefundMethod.MIDTRANS: _l("Through Midtrans"),
    RefundMethod.BANK_TRANSFER: _l("Bank transfer"),
    RefundMethod.REVERSAL: _l("Taken back by Midtrans"),
}
