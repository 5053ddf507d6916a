"""Helpers for the papers' tests: read a PDF back, and a paid order with a UTF-8 name."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from marketplace.kernel.extensions import db
from tests.factories import make_group, make_order, pay


def read_pdf(data: bytes) -> tuple[str, int, list]:
    """The text of every page (joined, whitespace collapsed), the page count, and each
    page's size in millimetres."""
    reader = PdfReader(BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    sizes = [(round(float(p.mediabox.width) * 25.4 / 72), round(float(p.mediabox.height)
                                                                  * 25.4 / 72))
             for p in reader.pages]
    return " ".join(text.split()), len(reader.pages), sizes


def paid_order(user=None, groups=None, payment_type: str = "gopay", **kw):
    """An order of two parcels (two groups), paid; commits. Returns (order, groups)."""
    groups = groups or [make_group(name="Kelompok Gerabah Dinoyo"),
                        make_group(name="Perak Čeluk Ñusantara")]
    order = make_order([(groups[0], 125_000), (groups[1], 1_250_000)], shipping=18_000,
                       user_id=user.id if user else None, **kw)
    pay(order, payment_type=payment_type)
    db.session.commit()
    return order, groups
