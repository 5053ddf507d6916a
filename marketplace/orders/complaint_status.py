"""A complaint's statuses, reasons and transition table (pure data, DOMAIN.md).

open ──group answers──▶ answered ──admin decides──▶ rejected | refunded_partly | refunded_fully
  └───────────────admin decides (no answer)──────────▲

While a complaint is open or answered the parcel is held: never completed, never paid out.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ComplaintStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    REJECTED = "rejected"
    REFUNDED_PARTLY = "refunded_partly"
    REFUNDED_FULLY = "refunded_fully"


class ComplaintReason(StrEnum):
    NOT_ARRIVED = "not_arrived"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    INCOMPLETE = "incomplete"
    NOT_AS_DESCRIBED = "not_as_described"
    OTHER = "other"


class ComplaintEventKind(StrEnum):
    OPENED = "opened"
    ANSWERED = "answered"
    REJECTED = "rejected"
    REFUNDED_PARTLY = "refunded_partly"
    REFUNDED_FULLY = "refunded_fully"


# Held: the parcel waits for the admin's decision.
OPEN_STATUSES = frozenset({ComplaintStatus.OPEN, ComplaintStatus.ANSWERED})
DECISIONS = (ComplaintStatus.REJECTED, ComplaintStatus.REFUNDED_PARTLY,
             ComplaintStatus.REFUNDED_FULLY)

COMPLAINT_TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.OPEN: frozenset({ComplaintStatus.ANSWERED, *DECISIONS}),
    ComplaintStatus.ANSWERED: frozenset(DECISIONS),
    ComplaintStatus.REJECTED: frozenset(),
    ComplaintStatus.REFUNDED_PARTLY: frozenset(),
    ComplaintStatus.REFUNDED_FULLY: frozenset(),
}

COMPLAINT_STATUS_LABELS = {
    ComplaintStatus.OPEN: _l("Waiting for the group"),
    ComplaintStatus.ANSWERED: _l("Waiting for the association"),
    ComplaintStatus.REJECTED: _l("Rejected"),
    ComplaintStatus.REFUNDED_PARTLY: _l("Partly refunded"),
    ComplaintStatus.REFUNDED_FULLY: _l("Refunded in full"),
}

COMPLAINT_REASON_LABELS = {
    ComplaintReason.NOT_ARRIVED: _l("The parcel has not arrived"),
    ComplaintReason.DAMAGED: _l("Damaged"),
    ComplaintReason.WRONG_ITEM: _l("Wrong item"),
    ComplaintReason.INCOMPLETE: _l("Items missing"),
    ComplaintReason.NOT_AS_DESCRIBED: _l("Not as described"),
    ComplaintReason.OTHER: _l("Something else"),
}

COMPLAINT_EVENT_LABELS = {
    ComplaintEventKind.OPENED: _l("Complaint opened"),
    ComplaintEventKind.ANSWERED: _l("The group answered"),
    ComplaintEventKind.REJECTED: _l("The association rejected the complaint"),
    ComplaintEventKind.REFUNDED_PARTLY: _l("The association refunded part of the parcel"),
    ComplaintEventKind.REFUNDED_FULLY: _l("The association refunded the parcel in full"),
}
