"""The studio's reviews page: the group's product reviews, each answered once.

Every review comes from reviews.services.reviews_for_group(g.group): another group's
review is a 404.
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import parse_page
from marketplace.reviews import services
from marketplace.reviews.forms import ReplyForm
from marketplace.studio.blueprint import bp

PER_PAGE = 20


def _page(reply_to: int | None = None, form: ReplyForm | None = None):
    unanswered = request.args.get("belum") == "1"
    return render_template(
        "studio/reviews.html",
        reviews=services.group_review_page(g.group, parse_page(request.args.get("page")),
                                           PER_PAGE, unanswered=unanswered),
        unanswered=unanswered, reply_to=reply_to,
        reply_form=form or ReplyForm(formdata=None),
    )


@bp.get("/<group_slug>/ulasan", endpoint="reviews")
def reviews_page(group_slug: str):
    return _page()


@bp.post("/<group_slug>/ulasan/<int:review_id>/balas")
def review_reply(group_slug: str, review_id: int):
    review = services.review_for_group(g.group, review_id) or abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _page(reply_to=review.id, form=form), 422
    try:
        services.reply_to_review(review, form.reply.data, current_user.id)
    except services.ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Your reply is published under the review."), "success")
    return redirect(url_for("studio.reviews") + f"#ulasan-{review_id}")
