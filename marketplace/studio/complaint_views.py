"""The group's side of a complaint, on the studio order page: the buyer's complaint with its
photos and steps, and the group's one answer. Scoped like every studio order page: the
parcel comes from orders.fulfilment (another group's id is a 404)."""

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.kernel.extensions import db
from marketplace.orders import complaint_services as complaints
from marketplace.orders import fulfilment
from marketplace.studio.blueprint import bp
from marketplace.studio.order_views import _detail_page


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Your answer to the buyer"), filters=[_strip], validators=[
        DataRequired(_l("Write your answer to the buyer.")),
        Length(max=complaints.ANSWER_LIMIT,
               message=_l("Keep the answer under %(max)d characters.",
                          max=complaints.ANSWER_LIMIT))],
        description=_l("What happened, and what you propose (a replacement, a refund of part "
                       "of the price...). The association reads it before it decides."))


@bp.context_processor
def complaint_context():
    """The order page asks for its parcel's complaints (and an empty answer form)."""
    return {"parcel_complaints": complaints.complaints_of_parcel,
            # after a refused answer, what was typed (and why) is shown again
            "answer_form": lambda: g.get("answer_form") or AnswerForm(formdata=None)}


@bp.post("/<group_slug>/pesanan/<int:sub_order_id>/komplain/<int:complaint_id>/jawab")
def complaint_answer(group_slug: str, sub_order_id: int, complaint_id: int):
    """The group's answer: open -> answered; the association decides next."""
    sub = fulfilment.sub_order_for_group(g.group, sub_order_id) or abort(404)
    form = AnswerForm()
    back = redirect(url_for("studio.order_detail", sub_order_id=sub.id)
                    + f"#complaint-{complaint_id}")
    complaint = complaints.lock_complaint(complaint_id, g.group.id)
    if complaint is None or complaint.sub_order_id != sub.id:
        abort(404)
    if not form.validate():
        db.session.rollback()
        return _again(sub_order_id, form)
    try:
        complaints.answer(complaint, form.answer.data, current_user)
    except complaints.ComplaintError as error:  # answered already (a second click, a
        db.session.rollback()                   # colleague) or decided meanwhile
        flash(str(error), "error")
        return back
    db.session.commit()
    flash(_("Your answer is sent to the buyer and the association."), "success")
    return back


def _again(sub_order_id: int, form: AnswerForm):
    """The order page again, with the answer as typed and why it was refused."""
    g.answer_form = form
    sub = fulfilment.sub_order_for_group(g.group, sub_order_id) or abort(404)
    return _detail_page(sub), 422
