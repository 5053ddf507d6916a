"""Reviews over HTTP: only the buyer of a completed line writes one, once; the group
replies once; the admin hides a review with a reason; averages everywhere."""

import io
import json
import os
import re

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Product
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.orders.access import order_token
from marketplace.reviews.models import Review, ReviewPhoto
from tests.factories import make_group, make_product
from tests.helpers import account, artisan, post_form, sign_in, sign_in_english
from tests.reviews_helpers import (
    completed_order,
    delivered_order,
    picture,
    review,
    review_url,
)


@pytest.fixture
def product(app):
    return make_product(group=make_group(name="Griya Keramik Laras"), name="Vas Bunga Keramik",
                        price=185_000)


def ratings(product) -> tuple[int, int]:
    db.session.expire_all()
    fresh = db.session.get(Product, product.id)
    return fresh.rating_sum, fresh.rating_count


def review_count() -> int:
    return db.session.scalar(select(func.count(Review.id)))


# --- who may write -------------------------------------------------------------------------
def test_buyer_reviews_a_completed_line_from_the_order_page(app, client, product):
    buyer = sign_in(client, Role.BUYER)
    order, line = completed_order(product, buyer)
    db.session.commit()

    page = client.get(f"/pesanan/{order.number}").text
    assert f'href="{review_url(order, line)}"' in page and "Write a review" in page
    form = client.get(review_url(order, line)).text
    assert form.count('type="radio"') == 5 and 'name="rating"' in form  # stars without JS
    assert 'enctype="multipart/form-data"' in form

    response = post_form(client, review_url(order, line),
                         {"rating": "4", "text": "Rapi, glasirnya cantik."})
    assert response.status_code == 302 and response.location.endswith(f"/pesanan/{order.number}")
    saved = db.session.scalar(select(Review))
    assert (saved.rating, saved.text, saved.user_id, saved.author_name) == (
        4, "Rapi, glasirnya cantik.", buyer.id, "Rina")
    assert ratings(product) == (4, 1)
    page = client.get(f"/pesanan/{order.number}").text
    assert "Thank you! Your review of Vas Bunga Keramik is published." in page
    assert "You reviewed this: 4 of 5 stars" in page and review_url(order, line) not in page


def test_a_parcel_not_completed_is_refused_with_a_message(app, client, product):
    buyer = sign_in(client, Role.BUYER)
    order, line = delivered_order(product, buyer)
    db.session.commit()
    assert review_url(order, line) not in client.get(f"/pesanan/{order.number}").text

    response = client.get(review_url(order, line), follow_redirects=True)
    assert "You can review this product once its parcel is completed" in response.text
    response = post_form(client, review_url(order, line), {"rating": "5"},
                         form_url=f"/produk/{product.slug}", follow_redirects=True)
    assert "once its parcel is completed" in response.text
    assert review_count() == 0 and ratings(product) == (0, 0)


def test_only_the_buyer_may_review(app, client, product):
    buyer = account(Role.BUYER)
    order, line = completed_order(product, buyer)
    other = make_product(group=product.group)
    other_order, other_line = completed_order(other, buyer)
    db.session.commit()
    url = review_url(order, line)
    with app.test_request_context():
        token = order_token(order)

    assert client.get(url).status_code == 404  # nobody signed in
    assert client.get(f"{url}?t={token}").status_code == 404  # an account's order: its account
    sign_in(client, Role.BUYER)  # someone else
    assert client.get(url).status_code == 404
    assert client.post(url, data={"rating": "5"}).status_code in (400, 404)
    # the buyer, but a line of another of their orders
    assert review_count() == 0
    fresh = app.test_client()
    sign_in_english(fresh, buyer)
    assert fresh.get(f"/pesanan/{order.number}/ulasan/{other_line.id}").status_code == 404
    assert fresh.get(f"/pesanan/{order.number}/ulasan/999999").status_code == 404
    assert fresh.get(url).status_code == 200


def test_a_guest_reviews_through_the_orders_signed_link(app, client, product):
    order, line = completed_order(product, buyer_name="Budi Santoso")
    db.session.commit()
    with app.test_request_context():
        token = order_token(order)
    client.set_cookie("lang", "en")
    assert client.get(review_url(order, line)).status_code == 404
    assert client.get(review_url(order, line, "forged")).status_code == 404

    url = review_url(order, line, token)
    response = post_form(client, url, {"rating": "5", "text": "Mantap"})
    assert response.status_code == 302 and f"t={token}" in response.location
    saved = db.session.scalar(select(Review))
    assert saved.user_id is None and saved.author_name == "Budi"  # first name only
    page = client.get(f"/produk/{product.slug}").text
    assert "Budi" in page and "Santoso" not in page and "Mantap" in page


def test_no_second_review_of_the_same_line(app, client, product):
    buyer = sign_in(client, Role.BUYER)
    order, line = completed_order(product, buyer)
    db.session.commit()
    url = review_url(order, line)
    form_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                           client.get(url).text).group(1)
    assert client.post(url, data={"rating": "5", "csrf_token": form_token}).status_code == 302
    # the same form sent again (another tab), then the page opened again
    again = client.post(url, data={"rating": "1", "csrf_token": form_token},
                        follow_redirects=True)
    assert "You have already reviewed this item." in again.text
    assert "already reviewed" in client.get(url, follow_redirects=True).text
    assert review_count() == 1 and ratings(product) == (5, 1)


def test_the_rating_must_be_one_to_five_stars(app, client, product):
    buyer = sign_in(client, Role.BUYER)
    order, line = completed_order(product, buyer)
    db.session.commit()
    for stars in ("", "0", "6", "abc"):
        response = post_form(client, review_url(order, line), {"rating": stars, "text": "Oke"})
        assert response.status_code == 200, stars
        assert 'class="errors" id="rating-errors"' in response.text
        assert "Oke</textarea>" in response.text  # what was typed stays
    assert review_count() == 0


# --- photos ------------------------------------------------------------------------------
def media_files(app) -> list[str]:
    root = os.path.join(app.config["MEDIA_DIR"], "reviews")
    return sorted(os.listdir(root)) if os.path.isdir(root) else []


def test_review_photos_go_through_the_safe_upload(app, client, product):
    buyer = sign_in(client, Role.BUYER)
    order, line = completed_order(product, buyer)
    db.session.commit()
    url = review_url(order, line)

    # a file that is not a picture: refused with its name, nothing kept
    not_a_picture = (io.BytesIO(b"MZ not a picture"), "virus.png")
    bad = post_form(client, url, {"rating": "5", "text": "Bagus",
                                  "photos": [picture(), not_a_picture]},
                    content_type="multipart/form-data")
    assert bad.status_code == 200 and "virus.png" in bad.text
    assert review_count() == 0 and media_files(app) == []
    # four photos: one too many
    many = post_form(client, url, {"rating": "5", "photos": [picture() for _ in range(4)]},
                     content_type="multipart/form-data")
    assert "A review has at most 3 photos." in many.text and media_files(app) == []
    # a too-small picture
    small = post_form(client, url, {"rating": "5", "photos": [picture(size=50)]},
                      content_type="multipart/form-data")
    assert "too small" in small.text and review_count() == 0

    good = post_form(client, url, {"rating": "5", "photos": [picture(), picture(fmt="JPEG",
                                                                                  name="b.jpg")]},
                     content_type="multipart/form-data")
    assert good.status_code == 302
    photos = db.session.scalars(select(ReviewPhoto).order_by(ReviewPhoto.position)).all()
    assert len(photos) == 2 and all(p.key.startswith("reviews/") for p in photos)
    assert len(media_files(app)) == 4  # a display file and a thumbnail each
    page = client.get(f"/produk/{product.slug}").text
    assert f"/media/{photos[0].key}-thumb.jpg" in page


# --- the group replies once --------------------------------------------------------------
def test_the_group_replies_once(app, client, product):
    written = review(product, 4, "Bagus, tapi lama dikirim.")
    db.session.commit()
    _user, group = artisan(client, product.group)
    page = client.get(f"/studio/{group.slug}/ulasan").text
    assert "Bagus, tapi lama dikirim." in page and "Publish reply" in page
    url = f"/studio/{group.slug}/ulasan/{written.id}/balas"

    empty = post_form(client, url, {"reply": "  "}, form_url=f"/studio/{group.slug}/ulasan")
    assert empty.status_code == 422 and "Write your reply." in empty.text
    response = post_form(client, url, {"reply": "Terima kasih, Kak!"},
                         form_url=f"/studio/{group.slug}/ulasan", follow_redirects=True)
    assert "Your reply is published under the review." in response.text
    assert "Publish reply" not in response.text  # no second form
    again = post_form(client, url, {"reply": "Sekali lagi"},
                      form_url=f"/studio/{group.slug}/ulasan", follow_redirects=True)
    assert "This review already has the group&#39;s reply." in again.text
    db.session.expire_all()
    assert db.session.get(Review, written.id).reply == "Terima kasih, Kak!"
    shown = app.test_client().get(f"/produk/{product.slug}").text
    assert "Terima kasih, Kak!" in shown and "Sekali lagi" not in shown


def test_another_groups_review_is_a_404_in_the_studio(app, client, product):
    written = review(product, 2)
    db.session.commit()
    _user, group = artisan(client)  # a member of another group
    assert f"ulasan-{written.id}" not in client.get(f"/studio/{group.slug}/ulasan").text
    response = post_form(client, f"/studio/{group.slug}/ulasan/{written.id}/balas",
                         {"reply": "Bukan kami"}, form_url=f"/studio/{group.slug}/ulasan")
    assert response.status_code == 404


# --- the association hides ---------------------------------------------------------------
def test_admin_hides_a_review_with_a_reason_and_it_leaves_the_averages(app, admin_client,
                                                                         product):
    rude = review(product, 1, "Kata-kata kasar")
    review(product, 5, "Indah sekali")
    db.session.commit()
    assert ratings(product) == (6, 2)
    page = admin_client.get("/admin/ulasan").text
    assert "Kata-kata kasar" in page and "Hide review" in page
    url = f"/admin/ulasan/{rude.id}/sembunyikan"

    refused = post_form(admin_client, url, {"reason": ""}, form_url="/admin/ulasan")
    assert refused.status_code == 422 and "Give a reason." in refused.text
    assert ratings(product) == (6, 2)
    done = post_form(admin_client, url, {"reason": "Bahasa kasar"}, form_url="/admin/ulasan",
                     follow_redirects=True)
    assert "The review is hidden" in done.text
    assert ratings(product) == (5, 1)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "review.hide"))
    assert entry.target_id == rude.id and "Bahasa kasar" in entry.summary
    assert json.loads(entry.after) == {"hidden": True, "hidden_reason": "Bahasa kasar"}
    shown = app.test_client().get(f"/produk/{product.slug}").text
    assert "Kata-kata kasar" not in shown and "Indah sekali" in shown
    assert "Bahasa kasar" in admin_client.get("/admin/ulasan?tampil=hidden").text

    # shown again, with a reason, counted again
    post_form(admin_client, f"/admin/ulasan/{rude.id}/tampilkan", {"reason": "Salah klik"},
              form_url="/admin/ulasan")
    assert ratings(product) == (6, 2)
    assert db.session.scalar(select(func.count(AuditEntry.id))
                             .where(AuditEntry.action == "review.show")) == 1


def test_the_reviews_list_is_for_admins_only(app, client, product):
    written = review(product, 3)
    db.session.commit()
    sign_in(client, Role.BUYER)
    assert client.get("/admin/ulasan").status_code in (403, 404)
    assert client.post(f"/admin/ulasan/{written.id}/sembunyikan",
                       data={"reason": "x"}).status_code in (400, 403, 404)
    assert ratings(product) == (3, 1)


# --- averages everywhere -----------------------------------------------------------------
def test_averages_on_the_product_page_cards_and_storefront(app, client, product):
    review(product, 4)
    review(product, 5)
    make_product(group=product.group, name="Cangkir Tanpa Ulasan")
    db.session.commit()
    client.set_cookie("lang", "en")
    detail = client.get(f"/produk/{product.slug}").text
    assert re.search(r'class="rating-average">4\.5</strong>', detail)
    assert "2 reviews" in detail
    card = client.get("/produk").text
    assert "4.5" in card and "(2 reviews)" in card
    assert card.count('class="card-rating"') == 1  # the unreviewed product shows no stars
    store = client.get(f"/toko/{product.group.slug}").text
    assert re.search(r'class="rating-average">4\.5</strong>', store) and "2 reviews" in store
    # Indonesian digits: a decimal comma
    client.set_cookie("lang", "id")
    assert re.search(r'class="rating-average">4,5</strong>',
                     client.get(f"/produk/{product.slug}").text)


def test_product_page_lists_reviews_newest_first_with_the_variant_paginated(app, client,
                                                                            product):
    for n in range(12):
        review(product, 1 + n % 5, f"Ulasan nomor {n}", variant_label="Biru" if n == 11 else "")
    db.session.commit()
    client.set_cookie("lang", "en")
    first = client.get(f"/produk/{product.slug}").text
    assert first.index("Ulasan nomor 11") < first.index("Ulasan nomor 10")
    assert "Variant: Biru" in first and "Ulasan nomor 1<" not in first
    assert "ulasan=2" in first
    second = client.get(f"/produk/{product.slug}?ulasan=2").text
    assert "Ulasan nomor 1<" in second and "Ulasan nomor 0<" in second
    assert "Ulasan nomor 11" not in second
