"""Snap request checks, answered as Midtrans does: 400 with a list of error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ORDER_ID = re.compile(r"[A-Za-z0-9\-_~.]+", re.ASCII)
MAX_ID = 50
MAX_NAME = 50
DEFAULT_EXPIRY_SECONDS = 24 * 3600
UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
SUM_MISMATCH = "transaction_details.gross_amount is not equal to the sum of item_details"
ORDER_TAKEN = "transaction_details.order_id has already been taken"


class SnapRequestError(Exception):
    """The Snap request is refused; `messages` go to the client as `error_messages`."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class SnapRequest:
    """The parts of a Snap request the simulator keeps."""

    order_id: str
    gross_amount: int
    items: list[dict]
    customer: dict
    finish_url: str | None
    expiry_start: datetime | None
    expiry_seconds: int


def is_int(value: Any) -> bool:
    """True for a JSON integer (not a bool, not 10000.0, not "10000")."""
    return isinstance(value, int) and not isinstance(value, bool)


def _order_id(details: dict, errors: list[str]) -> str:
    order_id = details.get("order_id")
    if not isinstance(order_id, str) or not order_id:
        errors.append("transaction_details.order_id is required")
        return ""
    if len(order_id) > MAX_ID:
        errors.append(f"transaction_details.order_id must be at most {MAX_ID} characters")
    if not ORDER_ID.fullmatch(order_id):
        errors.append(
            "transaction_details.order_id may only contain letters, digits, '-', '_', '~' and '.'"
        )
    return order_id


def _items(raw: Any, errors: list[str]) -> list[dict] | None:
    """The items, or None when they are invalid (and the sum cannot be checked)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.append("item_details must be a list")
        return None
    valid = True
    for index, item in enumerate(raw):
        where = f"item_details[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{where} must be an object")
            valid = False
            continue
        if not is_int(item.get("price")):
            errors.append(f"{where}.price must be an integer")
            valid = False
        quantity = item.get("quantity")
        if not is_int(quantity) or quantity < 1:
            errors.append(f"{where}.quantity must be an integer of at least 1")
            valid = False
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(f"{where}.name is required")
        elif len(name) > MAX_NAME:
            errors.append(f"{where}.name must be at most {MAX_NAME} characters")
        item_id = item.get("id")
        if item_id is not None and (
            not isinstance(item_id, str | int) or len(str(item_id)) > MAX_ID
        ):
            errors.append(f"{where}.id must be at most {MAX_ID} characters")
    return raw if valid else None


def _expiry(raw: Any, errors: list[str]) -> tuple[datetime | None, int]:
    if raw is None:
        return None, DEFAULT_EXPIRY_SECONDS
    if not isinstance(raw, dict):
        errors.append("expiry must be an object")
        return None, DEFAULT_EXPIRY_SECONDS
    unit = str(raw.get("unit", "")).lower().removesuffix("s")
    duration = raw.get("duration")
    seconds = DEFAULT_EXPIRY_SECONDS
    if unit not in UNITS:
        errors.append("expiry.unit must be one of second, minute, hour, day")
    elif not is_int(duration) or duration < 1:
        errors.append("expiry.duration must be a positive integer")
    else:
        seconds = duration * UNITS[unit]
    start = raw.get("start_time")
    if start is None:
        return None, seconds
    try:
        return datetime.strptime(str(start), "%Y-%m-%d %H:%M:%S %z"), seconds
    except ValueError:
        errors.append("expiry.start_time must look like 2026-11-23 10:00:00 +0700")
        return None, seconds


def _finish_url(raw: Any, errors: list[str]) -> str | None:
    callbacks = raw if isinstance(raw, dict) else {}
    finish = callbacks.get("finish")
    if finish is None:
        return None
    if not isinstance(finish, str) or not finish.startswith(("http://", "https://")):
        errors.append("callbacks.finish must be an http or https URL")
        return None
    return finish


def parse_snap_request(body: Any) -> SnapRequest:
    """Check a Snap request body; SnapRequestError with every problem found."""
    if not isinstance(body, dict):
        raise SnapRequestError(["the request body must be a JSON object"])
    errors: list[str] = []
    details = body.get("transaction_details")
    if not isinstance(details, dict):
        raise SnapRequestError(["transaction_details is required"])
    order_id = _order_id(details, errors)
    gross_amount = details.get("gross_amount")
    if not is_int(gross_amount):
        errors.append("transaction_details.gross_amount must be an integer")
        gross_amount = None
    elif gross_amount < 1:
        errors.append("transaction_details.gross_amount must be at least 1")
    items = _items(body.get("item_details"), errors)
    if items and gross_amount is not None:
        if sum(item["price"] * item["quantity"] for item in items) != gross_amount:
            errors.append(SUM_MISMATCH)
    customer = body.get("customer_details")
    if customer is not None and not isinstance(customer, dict):
        errors.append("customer_details must be an object")
    finish_url = _finish_url(body.get("callbacks"), errors)
    expiry_start, expiry_seconds = _expiry(body.get("expiry"), errors)
    if errors:
        raise SnapRequestError(errors)
    return SnapRequest(
        order_id=order_id,
        gross_amount=gross_amount,
        items=list(items or []),
        customer=dict(customer or {}),
        finish_url=finish_url,
        expiry_start=expiry_start,
        expiry_seconds=expiry_seconds,
    )
