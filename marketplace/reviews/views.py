"""The buyer's review form, and what every page needs to show reviews and stars.

Only the order's buyer may write: for an account's order, that account signed in; for a
guest order, whoever holds its signed link (or the browser that placed it). Anyone else
gets a 404, as for the order page itself.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.ratings import average_tenths
from marketplace.kernel import uploads
from marketplace.kernel.extensions import db
from marketplace.kernel.pagination import parse_page
from marketplace.orders.access import may_view
from marketplace.orders.models import Order
from marketplace.orders.services import order_by_number
from marketplace.reviews import services
from marketplace.reviews.forms import ReviewForm

bp = Blueprint("reviews", __name__)

PRODUCT_PAGE_REVIEWS = 10
PAGE_ARG = "ulasan"  # the product page's reviews page: /produk/<slug>?ulasan=2


def is_buyer(order: Order) -> bool:
    """The order's own buyer: its account, or for a guest order its link or browser."""
    if order.user_id is not None:
        return current_user.is_authenticated and current_user.id == order.user_id
    return may_view(order)


def _order_page(order: Order):
    return redirect(url_for("orders.detail", number=order.number, t=request.args.get("t")))


@bp.route("/pesanan/<number>/ulasan/<int:line_id>", methods=["GET", "POST"])
def write(number: str, line_id: int):
    order = order_by_number(number)
    if order is None or not is_buyer(order):
        abort(404)
    line = services.line_of_order(order, line_id) or abort(404)
    try:
        services.check_reviewable(line)
    except services.ReviewError as error:
        flash(str(error), "error")
        return _order_page(order)
    form = ReviewForm()
    if form.validate_on_submit():
        files = uploads.chosen_files(form.photos.data)
        if len(files) > services.MAX_PHOTOS:
            form.photos.errors = [*form.photos.errors, _(
                "A review has at most %(max)d photos.", max=services.MAX_PHOTOS)]
        else:
            done = _save(order, line, form, files)
            if done is not None:
                return done
    return render_template("reviews/write.html", order=order, line=line, form=form,
                           token=request.args.get("t"), max_photos=services.MAX_PHOTOS)


def _save(order: Order, line, form: ReviewForm, files: list):
    """Store the photos, add the review, commit; a redirect, or None to show the form."""
    keys: list[str] = []
    try:
        stored = uploads.store_batch(files, "reviews")
        keys = [s.key for s in stored]
        services.add_review(line, form.rating.data, form.text.data, stored, order.user_id)
        db.session.commit()
    except uploads.UploadsRefusedError as error:
        db.session.rollback()
        form.photos.errors = [*form.photos.errors, *error.messages]
        return None
    except services.ReviewError as error:
        db.session.rollback()
        uploads.discard(keys)
        flash(str(error), "error")
        return _order_page(order)
    except Exception:
        db.session.rollback()
        uploads.discard(keys)
        raise
    flash(_("Thank you! Your review of %(product)s is published.",
            product=line.display_name), "success")
    return _order_page(order)


# --- for every page ------------------------------------------------------------------------
@bp.app_template_global()
def reviewed_lines(order: Order) -> dict:
    """The order page's reviews, by line id (a "Beri ulasan" link for the others)."""
    return services.reviewed_lines(order)


@bp.app_template_global()
def product_review_page(product):
    """The product page's reviews, newest first, at the page its query string asks."""
    return services.product_reviews(product, parse_page(request.args.get(PAGE_ARG)),
                                    PRODUCT_PAGE_REVIEWS)


@bp.app_template_filter()
def stars_average(rating_sum: int, rating_count: int) -> str:
    """The average to one decimal in the reader's locale: '4,5' / '4.5'."""
    tenths = average_tenths(rating_sum or 0, rating_count or 0)
    return format_decimal(Decimal(tenths) / 10, format="0.0")
