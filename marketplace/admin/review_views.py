"""The association's reviews list: hide a review (with a reason) or show it again.

Both are audit-logged (reviews.services); a hidden review leaves the product page and
the product's average at once.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.admin.blueprint import bp
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import parse_page
from marketplace.reviews import services
from marketplace.reviews.forms import HideForm


def _shown() -> str | None:
    shown = request.args.get("tampil")
    return shown if shown in services.REVIEW_FILTERS else None


def _page(form_for: int | None = None, form: HideForm | None = None):
    shown = _shown()
    return render_template(
        "admin/reviews.html",
        reviews=services.admin_review_page(parse_page(request.args.get("page")), shown),
        shown=shown, form_for=form_for, form=form or HideForm(formdata=None),
    )


@bp.get("/ulasan")
def reviews():
    return _page()


def _change(review_id: int, action, success: str):
    review = services.get_review(review_id) or abort(404)
    form = HideForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _page(form_for=review.id, form=form), 422
    try:
        action(review, form.reason.data, current_user.id)
    except services.ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("admin.reviews", tampil=_shown()) + f"#ulasan-{review_id}")


@bp.post("/ulasan/<int:review_id>/sembunyikan")
def review_hide(review_id: int):
    return _change(review_id, services.hide_review,
                   _("The review is hidden: it no longer counts in the product's rating."))


@bp.post("/ulasan/<int:review_id>/tampilkan")
def review_show(review_id: int):
    return _change(review_id, services.show_review,
                   _("The review is shown again and counts in the product's rating."))
