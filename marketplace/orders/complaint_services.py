"""What can be done with a complaint: the buyer opens it (with photos), the group answers,
the admin rejects it, or refunds part or all of the parcel (ledger/complaint_refunds.py
books the refund through the existing refund flow, then calls `record_refund` here).

The window: a parcel marked delivered can get a complaint up to COMPLAINT_WINDOW_DAYS after
`delivered_at`. A parcel its group never marked delivered can get one while it is shipped,
up to AUTO_COMPLETE_DAYS after `shipped_at`: the moment the shop takes it as arrived and
completes it (a parcel that never came is what a complaint is for). A completed parcel
cannot get one. One complaint per parcel may be open (waiting for the group or the
association); after a decision the buyer may complain again within the window.

Every step appends a ComplaintEvent and queues the emails (orders.notices). Services flush;
the caller commits.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from marketplace.kernel import media, uploads
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError
from marketplace.kernel.pagination import Page
from marketplace.kernel.statemachine import IllegalTransitionError, transition
from marketplace.kernel.timeutil import utcnow
from marketplace.orders import notices
from marketplace.orders.complaint_status import (
    COMPLAINT_STATUS_LABELS,
    COMPLAINT_TRANSITIONS,
    OPEN_STATUSES,
    ComplaintEventKind,
    ComplaintReason,
    ComplaintStatus,
)
from marketplace.orders.complaints import Complaint, ComplaintEvent, ComplaintPhoto
from marketplace.orders.models import Order, SubOrder
from marketplace.orders.status import OrderStatus, SubOrderStatus

MAX_PHOTOS = 5
DESCRIPTION_LIMIT = 2000
ANSWER_LIMIT = 2000
NOTE_LIMIT = 1000
_COMPLAINABLE = (SubOrderStatus.SHIPPED, SubOrderStatus.DELIVERED)
_QUIET: ContextVar[bool] = ContextVar("complaint_emails_off", default=False)


class ComplaintError(MessageError):
    """A complaint step that cannot be taken; str(error) is the message for the user, and
    `.messages` one message per refused photo when photos were the trouble."""

    def __init__(self, message: str, messages: list[str] | None = None, **params) -> None:
        super().__init__(message, **params)
        self.messages = messages or []


def open_complaint_on(sub_order_id) -> exists:
    """SQL: the parcel (an id or a column) has a complaint waiting for a decision."""
    return exists().where(Complaint.sub_order_id == sub_order_id,
                          Complaint.status.in_(sorted(OPEN_STATUSES)))


# --- the window --------------------------------------------------------------------------
def complaint_deadline(sub: SubOrder) -> datetime | None:
    """Until when the buyer may open a complaint on the parcel (None: not now or never)."""
    config = current_app.config
    if sub.status == SubOrderStatus.DELIVERED and sub.delivered_at is not None:
        return sub.delivered_at + timedelta(days=config["COMPLAINT_WINDOW_DAYS"])
    if sub.status == SubOrderStatus.SHIPPED and sub.shipped_at is not None:
        return sub.shipped_at + timedelta(days=config["AUTO_COMPLETE_DAYS"])
    return None


def refusal(order: Order, sub: SubOrder, now: datetime | None = None) -> str | None:
    """Why the buyer cannot open a complaint on this parcel now, as a msgid (None: they
    can)."""
    now = now or utcnow()
    if order.status != OrderStatus.PAID:
        return N_("Only a parcel of a paid order can get a complaint.")
    if sub.status == SubOrderStatus.COMPLETED:
        return N_("This parcel is completed: it can no longer get a complaint.")
    if sub.status not in _COMPLAINABLE:
        return N_("A complaint can be opened once the parcel is shipped.")
    deadline = complaint_deadline(sub)
    if deadline is None or now > deadline:
        return N_("The time to complain about this parcel has passed.")
    if db.session.scalar(select(open_complaint_on(sub.id))):
        return N_("A complaint about this parcel is already open.")
    return None


def may_complain(order: Order, sub: SubOrder) -> bool:
    return refusal(order, sub) is None


# --- photos ------------------------------------------------------------------------------
def store_photos(files: list) -> list[media.StoredImage]:
    """Check and store every upload the way listing photos are (kernel/media: type, size
    and pixel checks, re-encoded, EXIF stripped; kernel/uploads: the whole batch or none),
    or raise ComplaintError with one message per refused file."""
    if len(uploads.chosen_files(files)) > MAX_PHOTOS:
        raise ComplaintError(N_("Send at most %(max)d photos."), max=MAX_PHOTOS)
    try:
        return uploads.store_batch(files, "complaints")
    except uploads.UploadsRefusedError as error:
        raise ComplaintError(str(error), messages=error.messages) from error


def discard(keys: list[str]) -> None:
    """Delete stored photo files (after a refused or failed commit)."""
    uploads.discard(keys)


# --- the steps ---------------------------------------------------------------------------
def lock_parcel(order: Order, sub_id: int) -> SubOrder | None:
    """The order's parcel, locked for a change (PostgreSQL: its row lock); None if the id is
    not one of this order's parcels."""
    return db.session.scalar(
        select(SubOrder).where(SubOrder.id == sub_id, SubOrder.order_id == order.id)
        .with_for_update().execution_options(populate_existing=True)
    )


def open_complaint(order: Order, sub: SubOrder, reason: str, description: str,
                   photos: list[media.StoredImage], user_id: int | None = None) -> Complaint:
    """The buyer complains about a parcel (locked by `lock_parcel`). Raises ComplaintError."""
    try:
        reason = ComplaintReason(reason)
    except ValueError:
        raise ComplaintError(_("Choose what went wrong.")) from None
    description = (description or "").strip()
    if not description:
        raise ComplaintError(_("Describe what went wrong, so the group can answer."))
    if len(description) > DESCRIPTION_LIMIT:
        raise ComplaintError(N_("Keep the description under %(n)d characters."),
                             n=DESCRIPTION_LIMIT)
    why = refusal(order, sub)
    if why:
        raise ComplaintError(_(why))  # the msgids are marked with N_ in refusal()
    complaint = Complaint(order_id=order.id, sub_order_id=sub.id, group_id=sub.group_id,
                          status=ComplaintStatus.OPEN, reason=reason, description=description,
                          created_at=utcnow())
    for position, picture in enumerate(photos):
        complaint.photos.append(ComplaintPhoto(key=picture.key, position=position,
                                               width=picture.width, height=picture.height))
    db.session.add(complaint)
    db.session.flush()
    _event(complaint, ComplaintEventKind.OPENED, "buyer", user_id, order.buyer_name,
           description)
    return complaint


def answer(complaint: Complaint, text: str, user) -> None:
    """The group answers (once): open -> answered."""
    text = (text or "").strip()
    if not text:
        raise ComplaintError(_("Write your answer to the buyer."))
    if len(text) > ANSWER_LIMIT:
        raise ComplaintError(N_("Keep the answer under %(n)d characters."), n=ANSWER_LIMIT)
    _move(complaint, ComplaintStatus.ANSWERED)
    complaint.answer = text
    complaint.answered_at = utcnow()
    group = complaint.sub_order.group_name
    _event(complaint, ComplaintEventKind.ANSWERED, "group", getattr(user, "id", None),
           f"{getattr(user, 'name', '')} ({group})" if user else group, text)


def reject(complaint: Complaint, note: str, admin) -> None:
    """The association rejects the complaint: the parcel goes on to completion and payout."""
    note = _note(note)
    _move(complaint, ComplaintStatus.REJECTED)
    complaint.decision_note = note
    complaint.decided_at = utcnow()
    _event(complaint, ComplaintEventKind.REJECTED, "admin", getattr(admin, "id", None),
           getattr(admin, "name", ""), note)


def check_decidable(complaint: Complaint, note: str) -> str:
    """Before a refund is booked: the complaint still waits for a decision; the note."""
    if complaint.status not in OPEN_STATUSES:
        raise ComplaintError(N_("Nothing was changed: this complaint is now “%(status)s”."),
                             status=COMPLAINT_STATUS_LABELS.get(complaint.status,
                                                                complaint.status))
    return _note(note)


def record_refund(complaint: Complaint, refund, full: bool, note: str, admin) -> None:
    """The association refunded (part of) the parcel for this complaint (`refund`, booked
    by ledger.complaint_refunds through the refund flow)."""
    status = ComplaintStatus.REFUNDED_FULLY if full else ComplaintStatus.REFUNDED_PARTLY
    _move(complaint, status)
    complaint.decision_note = note
    complaint.decided_at = utcnow()
    complaint.refund_id = refund.id
    complaint.refund_amount = refund.amount
    kind = ComplaintEventKind.REFUNDED_FULLY if full else ComplaintEventKind.REFUNDED_PARTLY
    _event(complaint, kind, "admin", getattr(admin, "id", None), getattr(admin, "name", ""),
           note, refund_id=refund.id, amount=refund.amount)


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ComplaintError(_("Say why, for the buyer and the group."))
    if len(note) > NOTE_LIMIT:
        raise ComplaintError(N_("Keep the note under %(n)d characters."), n=NOTE_LIMIT)
    return note


def _move(complaint: Complaint, new: ComplaintStatus) -> None:
    try:
        transition(complaint, COMPLAINT_TRANSITIONS, new)
    except IllegalTransitionError:
        raise ComplaintError(N_("Nothing was changed: this complaint is now “%(status)s”."),
                             status=COMPLAINT_STATUS_LABELS.get(complaint.status,
                                                                complaint.status)) from None


def _event(complaint: Complaint, kind: ComplaintEventKind, role: str, actor_id: int | None,
           actor_name: str, note: str, refund_id: int | None = None,
           amount: int = 0) -> ComplaintEvent:
    event = ComplaintEvent(complaint_id=complaint.id, kind=kind, actor_role=role,
                           actor_id=actor_id, actor_name=(actor_name or "")[:160], note=note,
                           refund_id=refund_id, amount=amount, created_at=utcnow())
    db.session.add(event)
    db.session.flush()
    tell(complaint, event)
    return event


def tell(complaint: Complaint, event: ComplaintEvent) -> None:
    """The one call site of the complaint emails: orders.notices queues them in the outbox,
    in this transaction, once per event and recipient."""
    if _QUIET.get():
        return
    notices.queue_complaint_notice(complaint, event)


@contextmanager
def without_emails():
    """Complaint steps that email no one (the demo history: its buyers are made up)."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


# --- reading -----------------------------------------------------------------------------
def _loaded():
    return select(Complaint).options(selectinload(Complaint.photos),
                                     selectinload(Complaint.events))


def complaints_of_order(order: Order) -> list[Complaint]:
    """Every complaint of the order, oldest first, with photos and events."""
    return list(db.session.scalars(
        _loaded().where(Complaint.order_id == order.id).order_by(Complaint.id)))


def complaints_of_parcel(sub: SubOrder) -> list[Complaint]:
    return list(db.session.scalars(
        _loaded().where(Complaint.sub_order_id == sub.id).order_by(Complaint.id)))


def lock_complaint(complaint_id: int, group_id: int | None = None) -> Complaint | None:
    """A complaint locked for a change (of this group's parcels, if given)."""
    stmt = select(Complaint).where(Complaint.id == complaint_id)
    if group_id is not None:
        stmt = stmt.where(Complaint.group_id == group_id)
    return db.session.scalar(stmt.with_for_update(of=Complaint)
                             .execution_options(populate_existing=True))


def complaint_page(only_open: bool, page: int, per_page: int = 30) -> Page:
    """The admin's list: waiting ones first (oldest first), or all of them newest first."""
    stmt = select(Complaint).options(selectinload(Complaint.order),
                                     selectinload(Complaint.sub_order))
    if only_open:
        stmt = stmt.where(Complaint.status.in_(sorted(OPEN_STATUSES))).order_by(Complaint.id)
    else:
        stmt = stmt.order_by(Complaint.id.desc())
    total = db.session.scalar(stmt.with_only_columns(func.count(Complaint.id)).order_by(None))
    page = min(page, max(1, -(-total // per_page)))
    items = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def open_count() -> int:
    return db.session.scalar(select(func.count(Complaint.id))
                             .where(Complaint.status.in_(sorted(OPEN_STATUSES))))
