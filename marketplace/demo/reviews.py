"""The demo history's reviews: buyers rate some lines of their completed parcels, and the
groups answer some of them, so product pages, cards and the studio show real ratings.

Planned on the history's timeline with the real services (reviews.services), a few days
after each delivery: by then the buyer confirmed receipt, or the auto-complete command
completed the parcel (demo/after_sale.py); a parcel still open (a complaint) is skipped.
It draws from a random generator of its own, so the rest of the history is the same.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.orders.models import SubOrder
from marketplace.reviews import services as reviews

SEED_OFFSET = 16  # the reviews' generator's seed: the history's plus this
REVIEWED_PERCENT = 55  # of the lines of completed parcels
REPLIED_PERCENT = 40  # of the reviews
# Stars as buyers give them: mostly happy.
STARS = (5, 5, 5, 5, 4, 4, 4, 3, 2)
TEXTS = {
    5: ("Barangnya bagus sekali, sesuai foto. Pengemasan rapi dan aman.",
        "Kualitas juara! Buatan tangan terasa sekali, pasti pesan lagi.",
        "Cepat sampai, dibungkus rapi. Terima kasih, sukses terus untuk perajinnya.",
        ""),
    4: ("Bagus dan rapi, hanya pengirimannya agak lama.",
        "Sesuai deskripsi. Warnanya sedikit lebih gelap dari foto, tapi tetap cantik.",
        ""),
    3: ("Lumayan, tapi ada sedikit cacat kecil di bagian pinggir.",),
    2: ("Ukurannya lebih kecil dari yang saya bayangkan, dan kemasannya kurang tebal.",),
}
REPLIES = (
    "Terima kasih banyak atas ulasannya, Kak! Ditunggu pesanan berikutnya.",
    "Matur nuwun sudah berbelanja di kelompok kami. Masukannya kami catat.",
    "Mohon maaf atas kekurangannya, Kak. Kami akan lebih teliti saat mengemas.",
)


def plan_reviews(history) -> None:
    """Plan reviews (and some replies) on `history` (demo.history._History), whose
    `delivered` lists the planned deliveries."""
    rng = random.Random(history.cfg.seed + SEED_OFFSET)  # noqa: S311 - demo data
    limit = history.now - timedelta(minutes=30)
    for delivered, sub in sorted(history.delivered, key=lambda pair: (pair[0], pair[1].id)):
        moment = delivered + timedelta(days=rng.uniform(2, 14))
        if moment >= limit:
            continue
        stars = [rng.choice(STARS) if rng.randrange(100) < REVIEWED_PERCENT else None
                 for _line in sub.lines]
        texts = [rng.choice(TEXTS[n]) if n else "" for n in stars]
        reply_at = moment + timedelta(hours=rng.uniform(4, 48))
        reply = rng.choice(REPLIES) if rng.randrange(100) < REPLIED_PERCENT \
            and reply_at < limit else None
        history.timeline.add(moment, lambda s=sub, n=stars, t=texts:
                             _review(history, s, n, t))
        if reply:
            history.timeline.add(reply_at, lambda s=sub, r=reply: _reply(s, r))


def _review(history, sub: SubOrder, stars: list[int | None], texts: list[str]) -> None:
    if not reviews.completed(sub):  # a complaint holds it, or it is not completed yet
        return
    for line, rating, text in zip(sub.lines, stars, texts, strict=True):
        if rating and reviews.review_of_line(line.id) is None:
            reviews.add_review(line, rating, text, [], sub.order.user_id)
            history.counts["reviews"] += 1


def _reply(sub: SubOrder, text: str) -> None:
    member = db.session.scalar(
        select(User).join(GroupMembership, GroupMembership.user_id == User.id)
        .where(GroupMembership.group_id == sub.group_id).order_by(User.id).limit(1))
    if member is None:
        return
    for line in sub.lines:
        review = reviews.review_of_line(line.id)
        if review is not None and review.replied_at is None:
            reviews.reply_to_review(review, text, member.id)
