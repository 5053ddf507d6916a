"""Reviews: who may write one, adding it, the group's reply, the association hiding it.

A product's `rating_sum` and `rating_count` hold its visible reviews' stars: every change
here that adds, hides or shows a review moves them in the same flush, with a SQL
expression (`rating_sum + n`), so two reviews saved at once both count. That flush also
moves the catalogue version (cached pages) and queues the product for search.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.catalog.cache import bump_catalog_version
from marketplace.catalog.models import ProducerGroup, Product
from marketplace.catalog.ratings import valid_stars
from marketplace.kernel import audit
from marketplace.kernel.extensions import db
from marketplace.kernel.media import StoredImage
from marketplace.kernel.messages import N_, MessageError
from marketplace.kernel.pagination import Page
from marketplace.kernel.timeutil import utcnow
from marketplace.orders.models import Order, OrderLine, SubOrder
from marketplace.orders.status import SubOrderStatus
from marketplace.reviews.models import Review, ReviewPhoto

MAX_PHOTOS = 3
MAX_TEXT = 2000
MAX_REPLY = 1000
MAX_REASON = 500


class ReviewError(MessageError):
    """A review, reply or hiding refused; str(error) says why in the reader's language."""


# --- the buyer -----------------------------------------------------------------------------
def line_of_order(order: Order, line_id: int) -> OrderLine | None:
    """One line of this order; another order's line gives None (a 404)."""
    return db.session.scalar(
        select(OrderLine).join(OrderLine.sub_order)
        .where(OrderLine.id == line_id, SubOrder.order_id == order.id)
    )


def review_of_line(line_id: int) -> Review | None:
    return db.session.scalar(select(Review).where(Review.order_line_id == line_id))


def reviewed_lines(order: Order) -> dict[int, Review]:
    """The order's lines already reviewed, by line id."""
    return {review.order_line_id: review for review in db.session.scalars(
        select(Review).where(Review.order_id == order.id))}


def completed(sub: SubOrder) -> bool:
    return sub.status == SubOrderStatus.COMPLETED


def check_reviewable(line: OrderLine) -> None:
    """Raise ReviewError unless the line's parcel is completed and the line not reviewed."""
    if not completed(line.sub_order):
        raise ReviewError(N_("You can review this product once its parcel is completed: "
                             "after you confirm that it arrived."))
    if review_of_line(line.id) is not None:
        raise ReviewError(N_("You have already reviewed this item."))


def first_name(buyer_name: str) -> str:
    """How a review is signed: the buyer's first name only."""
    words = (buyer_name or "").split()
    return words[0][:60] if words else "?"


def add_review(line: OrderLine, rating: int, text: str, photos: list[StoredImage],
               user_id: int | None) -> Review:
    """The buyer's review of a completed line, counted in the product's rating at once."""
    check_reviewable(line)
    if not valid_stars(rating):
        raise ReviewError(N_("Choose from one to five stars."))
    if len(photos) > MAX_PHOTOS:
        raise ReviewError(N_("A review has at most %(max)d photos."), max=MAX_PHOTOS)
    order = line.sub_order.order
    review = Review(
        order_line_id=line.id, order_id=order.id, product_id=line.product_id,
        group_id=line.sub_order.group_id, variant_label=line.variant_label or "",
        user_id=user_id, author_name=first_name(order.buyer_name), rating=rating,
        text=(text or "").strip()[:MAX_TEXT], created_at=utcnow(),
        photos=[ReviewPhoto(key=p.key, position=i, width=p.width, height=p.height)
                for i, p in enumerate(photos)],
    )
    try:
        with db.session.begin_nested():  # the same line reviewed at once in another tab
            db.session.add(review)
            db.session.flush()
    except IntegrityError as error:
        raise ReviewError(N_("You have already reviewed this item.")) from error
    _count(line.product_id, rating, 1)
    return review


def _count(product_id: int, stars: int, reviews: int) -> None:
    """Add (or take away) a review's stars in the product's figures, in this flush."""
    product = db.session.get(Product, product_id)
    product.rating_sum = Product.rating_sum + stars
    product.rating_count = Product.rating_count + reviews
    db.session.flush()


# --- the group -----------------------------------------------------------------------------
def reviews_for_group(group: ProducerGroup):
    """Every review of the group's products: the studio's one scope."""
    return select(Review).where(Review.group_id == group.id)


def review_for_group(group: ProducerGroup, review_id: int) -> Review | None:
    return db.session.scalar(reviews_for_group(group).where(Review.id == review_id))


def reply_to_review(review: Review, text: str, user_id: int) -> None:
    """The group's answer, once: a second reply (another member at once, too) is refused."""
    text = (text or "").strip()
    if not text:
        raise ReviewError(N_("Write your reply."))
    changed = db.session.execute(
        update(Review)
        .where(Review.id == review.id, Review.replied_at.is_(None))
        .values(reply=text[:MAX_REPLY], replied_at=utcnow(), replied_by_id=user_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise ReviewError(N_("This review already has the group's reply."))
    db.session.expire(review)
    bump_catalog_version(db.session.connection())  # the product page shows the reply


# --- the association -----------------------------------------------------------------------
def get_review(review_id: int) -> Review | None:
    return db.session.get(Review, review_id)


def hide_review(review: Review, reason: str, admin_id: int) -> None:
    """Take a review off the product page and out of the averages (audit-logged)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(N_("Say why the review is hidden."))
    before = audit.snapshot(review, ("hidden", "hidden_reason"))
    changed = db.session.execute(
        update(Review).where(Review.id == review.id, Review.hidden.is_(False))
        .values(hidden=True, hidden_reason=reason[:MAX_REASON], hidden_at=utcnow(),
                hidden_by_id=admin_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise ReviewError(N_("This review is already hidden."))
    db.session.expire(review)
    _count(review.product_id, -review.rating, -1)
    audit.record("review.hide", review, f"review {review.id} hidden: {reason}"[:300],
                 before=before, after=audit.snapshot(review, ("hidden", "hidden_reason")))


def show_review(review: Review, reason: str, admin_id: int) -> None:
    """Put a hidden review back (audit-logged with the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(N_("Say why the review is shown again."))
    before = audit.snapshot(review, ("hidden", "hidden_reason"))
    changed = db.session.execute(
        update(Review).where(Review.id == review.id, Review.hidden.is_(True))
        .values(hidden=False, hidden_reason="", hidden_at=None, hidden_by_id=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise ReviewError(N_("This review is not hidden."))
    db.session.expire(review)
    _count(review.product_id, review.rating, 1)
    audit.record("review.show", review, f"review {review.id} shown again: {reason}"[:300],
                 before=before, after=audit.snapshot(review, ("hidden", "hidden_reason")))


# --- listings ------------------------------------------------------------------------------
def _page(stmt, page: int, per_page: int, total: int | None = None) -> Page:
    if total is None:
        total = db.session.scalar(
            stmt.with_only_columns(func.count(Review.id)).order_by(None)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(
        stmt.options(selectinload(Review.photos))
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(per_page).offset((page - 1) * per_page))) if total else []
    return Page(items=items, page=page, per_page=per_page, total=total)


def product_reviews(product: Product, page: int = 1, per_page: int = 10) -> Page:
    """A product's visible reviews, newest first. Their number is the product's
    `rating_count` (kept with every change), so an unreviewed product costs no query."""
    return _page(select(Review).where(Review.product_id == product.id,
                                      Review.hidden.is_(False)), page, per_page,
                 total=product.rating_count)


def group_review_page(group: ProducerGroup, page: int, per_page: int = 20,
                      unanswered: bool = False) -> Page:
    stmt = reviews_for_group(group)
    if unanswered:
        stmt = stmt.where(Review.replied_at.is_(None))
    return _page(stmt.options(selectinload(Review.product)), page, per_page)


REVIEW_FILTERS = ("visible", "hidden")


def admin_review_page(page: int, shown: str | None = None, per_page: int = 30) -> Page:
    stmt = select(Review)
    if shown == "hidden":
        stmt = stmt.where(Review.hidden.is_(True))
    elif shown == "visible":
        stmt = stmt.where(Review.hidden.is_(False))
    return _page(stmt.options(selectinload(Review.product), selectinload(Review.order)),
                 page, per_page)
