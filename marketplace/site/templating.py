"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask, g, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from markupsafe import Markup, escape

from marketplace.catalog.status import GROUP_STATUS_LABELS, PRODUCT_STATUS_LABELS
from marketplace.kernel.couriers import COURIERS, tracking_link
from marketplace.kernel.messages import rate_percent, rupiah
from marketplace.kernel.timeutil import JAKARTA
from marketplace.ledger.status import (
    PAYOUT_STATUS_LABELS,
    REFUND_METHOD_LABELS,
    REFUND_STATE_LABELS,
)
from marketplace.orders.complaint_status import (
    COMPLAINT_EVENT_LABELS,
    COMPLAINT_REASON_LABELS,
    COMPLAINT_STATUS_LABELS,
)
from marketplace.orders.status import ORDER_STATUS_LABELS, SUB_ORDER_STATUS_LABELS
from marketplace.shipping.services import chosen_services, settings_for, ships_by_courier


def datetime_wib(moment, format: str = "medium") -> str:
    """A moment in Western Indonesian Time with the zone named, for buyers, who may live
    in WITA or WIT: '3 Des 2026 14.30 WIB'."""
    local = format_datetime(moment.astimezone(JAKARTA), format, rebase=False)
    return f"{local} WIB"


def paragraphs(text: str | None) -> Markup:
    """Plain text with blank-line paragraphs as escaped <p> elements."""
    if not text:
        return Markup("")
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(escape(p)) for p in parts)


_PLACEHOLDER = "ARGUMENT-PLACEHOLDER"


def link(endpoint: str, value: str, argument: str = "slug") -> str:
    """url_for(endpoint, argument=value) for endpoints with one argument, built once per
    request and endpoint: a listing links each of its cards, and routing is the costly part.
    """
    patterns = g.setdefault("link_patterns", {})
    pattern = patterns.get((endpoint, argument))
    if pattern is None:
        pattern = url_for(endpoint, **{argument: _PLACEHOLDER}).split(_PLACEHOLDER)
        patterns[(endpoint, argument)] = pattern
    return quote(str(value), safe="/").join(pattern)


def media_url(key: str | None, thumb: bool = False) -> str:
    """URL of a stored picture, or the local placeholder when there is none."""
    if not key:
        return url_for("static", filename="img/placeholder.svg")
    return link("site.media", f"{key}{'-thumb' if thumb else ''}.jpg", "filename")


def category_name(category) -> str:
    return category.display_name(str(get_locale()))


def language_url(code: str) -> str:
    """Switch language and come back to this same page."""
    here = request.full_path.rstrip("?") if request else "/"
    return url_for("site.set_language", code=code, next=here)


# Every status column's labels, from its feature's status module (lazy: translated when shown).
STATUS_LABELS = {
    "group": GROUP_STATUS_LABELS,
    "product": PRODUCT_STATUS_LABELS,
    "order": ORDER_STATUS_LABELS,
    "sub_order": SUB_ORDER_STATUS_LABELS,
    "payout": PAYOUT_STATUS_LABELS,
    "refund": REFUND_STATE_LABELS,
    "refund_method": REFUND_METHOD_LABELS,
    "complaint": COMPLAINT_STATUS_LABELS,
    "complaint_reason": COMPLAINT_REASON_LABELS,
    "complaint_event": COMPLAINT_EVENT_LABELS,
}


def status_label(kind: str, status) -> str:
    """A status value of `kind` (a key of STATUS_LABELS) in the reader's language."""
    return str(STATUS_LABELS[kind].get(str(status), status))


def group_status_label(status) -> str:
    return status_label("group", status)


def product_status_label(status) -> str:
    return status_label("product", status)


def order_status_label(status) -> str:
    return status_label("order", status)


def sub_order_status_label(status) -> str:
    return status_label("sub_order", status)


def init_templating(app: Flask) -> None:
    app.jinja_env.filters.update(
        rupiah=rupiah,
        paragraphs=paragraphs,
        datetime=format_datetime,
        datetime_wib=datetime_wib,
        date=format_date,
        number=format_decimal,
    )
    app.jinja_env.globals.update(
        media_url=media_url,
        link=link,
        category_name=category_name,
        language_url=language_url,
        current_locale=lambda: str(get_locale()),
        group_status_label=group_status_label,
        product_status_label=product_status_label,
        order_status_label=order_status_label,
        sub_order_status_label=sub_order_status_label,
        status_label=status_label,
        rate_percent=rate_percent,
        tracking_link=tracking_link,
        courier_names=courier_names,
    )


def courier_names(group) -> list[str]:
    """The couriers a group ships with ("JNE", "J&T"), [] when it ships at its flat fee."""
    if not ships_by_courier(group):
        return []
    codes = dict.fromkeys(code.split(":", 1)[0] for code in chosen_services(settings_for(group)))
    return [COURIERS[code].name for code in codes if code in COURIERS]
