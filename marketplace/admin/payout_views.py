"""Payouts (/admin/pencairan): who is owed what, the draft from a preview, paid or cancelled.

Services in ledger/payouts.py flush; these views open the write transaction, audit and
commit once. Two admins paying the same parcels at once: the database's unique claim on
each sub-order refuses the second payout, which is told so.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from marketplace.accounts.models import User
from marketplace.admin import services
from marketplace.admin.blueprint import bp
from marketplace.admin.payout_forms import (
    ActionForm,
    MarkPaidForm,
    PayoutCreateForm,
    PayoutPreviewForm,
)
from marketplace.catalog.models import ProducerGroup
from marketplace.kernel import audit
from marketplace.kernel.csvout import csv_download
from marketplace.kernel.dbtx import begin_write
from marketplace.kernel.extensions import db
from marketplace.kernel.inputs import parse_int
from marketplace.kernel.messages import rupiah
from marketplace.kernel.pagination import parse_page
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts, statements
from marketplace.ledger.models import Payout, PayoutStatus

PER_PAGE = 30
FIELDS = ("status", "amount", "cutoff", "bank_reference", "paid_on")


def _status_filter(value: str | None) -> PayoutStatus | None:
    try:
        return PayoutStatus(value)
    except ValueError:
        return None


def _group_filter(value: str | None) -> int | None:
    return parse_int(value)


@bp.get("/pencairan")
def payouts_index():
    status = _status_filter(request.args.get("status"))
    group_id = _group_filter(request.args.get("group"))
    args = {k: v for k, v in (("status", status and status.value), ("group", group_id)) if v}
    return render_template(
        "admin/payouts.html",
        owed=statements.owed_by_group(jakarta_date(utcnow())),
        rows=services.paginate(statements.payout_list(status, group_id),
                               parse_page(request.args.get("page")), PER_PAGE,
                               options=[joinedload(Payout.group)]),
        groups=statements.groups_with_payouts(),
        payable_groups={gid for gid, _name in statements.group_choices()},
        status=status, group_id=group_id, filter_args=args,
    )


@bp.get("/pencairan/ekspor.csv")
def payouts_csv():
    status = _status_filter(request.args.get("status"))
    group_id = _group_filter(request.args.get("group"))
    rows = db.session.scalars(statements.payout_list(status, group_id)
                              .options(joinedload(Payout.group))).all()
    return csv_download(
        f"pencairan-{jakarta_date(utcnow()):%Y%m%d}.csv",
        ["number", "group", "cutoff", "amount", "status", "paid_on", "bank_reference",
         "created_at"],
        ([p.number, p.group.name, p.cutoff, p.amount, str(p.status), p.paid_on,
          p.bank_reference, p.created_at] for p in rows),
    )


# --- A new payout: preview, then create the draft --------------------------------------
def _preview_page(form: PayoutPreviewForm, create_form: PayoutCreateForm | None = None,
                  error: str | None = None, status: int = 200):
    """The choice of group and cut-off; with a valid choice, the lines it would pay."""
    group = lines = None
    if form.group_id.data and not form.errors and form.cutoff.data:
        group = db.session.get(ProducerGroup, form.group_id.data)
        lines = payouts.preview(group, form.cutoff.data) if group else None
    total = sum(line.net for line in lines) if lines else 0
    if lines and (create_form is None or not create_form.errors):
        # The button always carries the total shown now; a note typed stays.
        create_form = PayoutCreateForm(formdata=None, data={
            "group_id": group.id, "cutoff": form.cutoff.data.isoformat(),
            "expected_amount": total, "note": create_form.note.data if create_form else ""})
    return render_template(
        "admin/payout_new.html", form=form, group=group, lines=lines, total=total,
        create_form=create_form, error=error,
    ), status


def _preview_form(formdata) -> PayoutPreviewForm:
    form = PayoutPreviewForm(formdata=formdata, data={"cutoff": jakarta_date(utcnow())})
    form.group_id.choices = [(0, _("— choose —")), *statements.group_choices()]
    return form


@bp.get("/pencairan/baru")
def payout_new():
    chosen = "group_id" in request.args or "cutoff" in request.args
    args = request.args.copy()
    args.setdefault("cutoff", jakarta_date(utcnow()).isoformat())  # a link from the list
    form = _preview_form(args if chosen else None)
    if chosen and not form.validate():
        return _preview_page(form, status=422)
    return _preview_page(form)


@bp.post("/pencairan/baru")
def payout_create():
    begin_write()
    create_form = PayoutCreateForm()
    form = _preview_form(request.form)
    if not create_form.validate_on_submit() or not form.validate():
        db.session.rollback()
        return _preview_page(form, create_form, status=422)
    group = db.session.get(ProducerGroup, form.group_id.data) or abort(404)
    try:
        payout = payouts.create_payout(group, form.cutoff.data, current_user,
                                       create_form.note.data)
    except payouts.PayoutError as error:
        db.session.rollback()
        return _preview_page(form, create_form, error=str(error), status=422)
    except IntegrityError:
        db.session.rollback()  # another admin's payout took these parcels first
        return _preview_page(form, create_form, status=409, error=_(
            "Another payout was just created for these parcels; nothing was created. "
            "Check the list of payouts before trying again."))
    if str(payout.amount) != (create_form.expected_amount.data or "").strip():
        db.session.rollback()
        return _preview_page(form, create_form, status=409, error=_(
            "What is owed to %(group)s changed since the preview; nothing was created. "
            "Check the new figures below.", group=group.name))
    audit.record("payout.create", payout,
                 f"{payout.number}: {group.name}, IDR {payout.amount}, "
                 f"{len(payout.lines)} lines",
                 after={**audit.snapshot(payout, FIELDS), "group_id": group.id,
                        "sub_order_ids": [li.sub_order_id for li in payout.lines
                                          if li.sub_order_id],
                        "refund_ids": [li.refund_id for li in payout.lines if li.refund_id]})
    db.session.commit()
    flash(_("Draft payout %(number)s for %(group)s is created: %(amount)s.",
            number=payout.number, group=group.name, amount=rupiah(payout.amount)), "success")
    return redirect(url_for("admin.payout_detail", payout_id=payout.id))


# --- One payout ------------------------------------------------------------------------
def _payout_or_404(payout_id: int) -> Payout:
    return db.session.scalar(
        select(Payout).where(Payout.id == payout_id).options(joinedload(Payout.group))
    ) or abort(404)


def _detail(payout: Payout, paid_form: MarkPaidForm | None = None, status: int = 200):
    lines = statements.payout_lines(payout)
    return render_template(
        "admin/payout_detail.html", payout=payout, lines=lines,
        created_by=db.session.get(User, payout.created_by_id) if payout.created_by_id else None,
        history=services.target_history("Payout", payout.id),
        paid_form=paid_form or MarkPaidForm(formdata=None,
                                            data={"paid_on": jakarta_date(utcnow())}),
        action_form=ActionForm(formdata=None),
    ), status


@bp.get("/pencairan/<int:payout_id>")
def payout_detail(payout_id: int):
    return _detail(_payout_or_404(payout_id))


@bp.post("/pencairan/<int:payout_id>/dibayar")
def payout_mark_paid(payout_id: int):
    begin_write()
    payout = payouts.lock_payout(payout_id) or abort(404)
    form = MarkPaidForm()
    if not form.validate_on_submit():
        db.session.rollback()
        return _detail(_payout_or_404(payout_id), form, status=422)
    before = audit.snapshot(payout, FIELDS)
    try:
        payouts.mark_paid(payout, form.bank_reference.data, form.paid_on.data)
    except payouts.PayoutError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _detail(_payout_or_404(payout_id), form, status=422)
    audit.record("payout.paid", payout,
                 f"{payout.number}: paid IDR {payout.amount}, ref {payout.bank_reference}",
                 before, audit.snapshot(payout, FIELDS))
    db.session.commit()
    flash(_("Payout %(number)s is marked paid.", number=payout.number), "success")
    return redirect(url_for("admin.payout_detail", payout_id=payout_id))


@bp.post("/pencairan/<int:payout_id>/batal")
def payout_cancel(payout_id: int):
    begin_write()
    payout = payouts.lock_payout(payout_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    before = {**audit.snapshot(payout, FIELDS),
              "sub_order_ids": [li.sub_order_id for li in payout.lines if li.sub_order_id],
              "refund_ids": [li.refund_id for li in payout.lines if li.refund_id]}
    try:
        freed = payouts.cancel(payout)
    except payouts.PayoutError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.payout_detail", payout_id=payout_id))
    audit.record("payout.cancel", payout,
                 f"{payout.number}: cancelled, {len(freed)} parcels owed again",
                 before, audit.snapshot(payout, FIELDS))
    db.session.commit()
    flash(_("Payout %(number)s is cancelled; its parcels are owed to the group again.",
            number=payout.number), "success")
    return redirect(url_for("admin.payout_detail", payout_id=payout_id))


@bp.get("/pencairan/<int:payout_id>/rincian.csv")
def payout_lines_csv(payout_id: int):
    payout = _payout_or_404(payout_id)
    return csv_download(
        f"{payout.number or payout.id}.csv",
        ["payout", "group", "line", "order_number", "delivered_at", "goods", "shipping",
         "commission", "refunded", "net"],
        ([payout.number, payout.group.name,
          "parcel" if paid.line.sub_order_id else "clawback", paid.order_number,
          paid.delivered_at, paid.line.goods_amount, paid.line.shipping_amount,
          paid.line.commission_amount, paid.line.refunded_amount, paid.line.net_amount]
         for paid in statements.payout_lines(payout)),
    )
