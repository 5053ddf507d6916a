"""When a parcel becomes payable to its group: the association's setting.

"delivered" (the default, the rule before completion existed): delivered or completed
parcels, counted from their delivery. "completed": only parcels the buyer confirmed or the
auto-complete command completed, counted from their completion. Either way a parcel with
an open complaint is never paid out (ledger/payouts.py).
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.kernel.messages import MessageError
from marketplace.kernel.settings import get_setting, put_setting

SETTING_KEY = "payout_on"


class PayoutOn(StrEnum):
    DELIVERED = "delivered"
    COMPLETED = "completed"


DEFAULT = PayoutOn.DELIVERED

PAYOUT_ON_LABELS = {
    PayoutOn.DELIVERED: _l("Delivered parcels (the group marked them delivered)"),
    PayoutOn.COMPLETED: _l("Completed parcels only (the buyer confirmed receipt, or the "
                           "days after shipping passed without a complaint)"),
}


class PayoutPolicyError(MessageError):
    """A setting value that does not exist; str(error) is the message for the admin."""


def payout_on() -> PayoutOn:
    """The association's current setting (the default when never set, or unreadable)."""
    try:
        return PayoutOn(get_setting(SETTING_KEY, DEFAULT.value))
    except ValueError:
        return DEFAULT


def set_payout_on(value: str, user_id: int | None = None) -> PayoutOn:
    """Store the setting; flushes (the view audits and commits)."""
    try:
        chosen = PayoutOn(value)
    except ValueError:
        raise PayoutPolicyError(_("Choose when parcels are paid out.")) from None
    put_setting(SETTING_KEY, chosen.value, user_id)
    return chosen
