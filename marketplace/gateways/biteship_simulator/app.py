"""The simulator's WSGI app: Biteship's POST /v1/rates/couriers, plus /_simulator/ hooks."""

from __future__ import annotations

import hmac
import json
import threading
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from marketplace.gateways.biteship_simulator.pricing import (
    COURIER_CODES,
    place,
    place_body,
    price_services,
)

MODES = ("ok", "down", "slow")
# Biteship's error codes (docs/api/authentication) and a plausible one for bad bodies.
NO_KEY = (40101001, "Authorization failed")
WRONG_KEY = (40000001, "Authentication for your key has failed. Please make sure to input "
                       "the right key.")
BAD_REQUEST = 40001001
NOT_FOUND = 40401001
UNAVAILABLE = 50301001


class BodyError(ValueError):
    """The request body is not what the Rates API accepts."""


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _error(status: int, code: int, message: str) -> Response:
    return _json({"success": False, "error": message, "code": code}, status)


def _postal(body: dict, key: str) -> str:
    value = body.get(key)
    if isinstance(value, bool) or value is None:
        raise BodyError(f"{key} is required")
    text = str(value).strip()
    if not (len(text) == 5 and text.isascii() and text.isdigit()):
        raise BodyError(f"{key} must be a five-digit postal code")
    return text


def _whole(item: dict, key: str, least: int) -> int:
    value = item.get(key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise BodyError(f"items.{key} must be a whole number of at least {least}")
    return value


def parse_rates_body(body: Any) -> tuple[str, str, list[str], int]:
    """(origin, destination, courier codes, total grams) from a Rates request body."""
    if not isinstance(body, dict):
        raise BodyError("The request body must be a JSON object")
    origin = _postal(body, "origin_postal_code")
    destination = _postal(body, "destination_postal_code")
    couriers = body.get("couriers")
    if not isinstance(couriers, str) or not couriers.strip():
        raise BodyError("couriers is required")
    codes = [code.strip().lower() for code in couriers.split(",") if code.strip()]
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise BodyError("items is required")
    grams = 0
    for item in items:
        if not isinstance(item, dict):
            raise BodyError("items must be objects")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise BodyError("items.name is required")
        _whole(item, "value", 0)
        grams += _whole(item, "weight", 1) * _whole(item, "quantity", 1)
    return origin, destination, codes, grams


class SimulatorApp:
    """Answers the Rates API like Biteship, deterministically; `mode` makes it fail."""

    def __init__(self, api_key: str | None = None, stopping: threading.Event | None = None,
                 slow_seconds: float = 30.0) -> None:
        self.api_key = api_key  # None: any non-empty key is accepted
        self.mode = "ok"
        self.slow_seconds = slow_seconds
        self.stopping = stopping or threading.Event()
        self.calls: list[dict] = []  # every rates request body received, for tests
        self._lock = threading.Lock()
        self.url_map = Map([
            Rule("/v1/rates/couriers", endpoint="rates", methods=["POST"]),
            Rule("/_simulator/health", endpoint="health", methods=["GET"]),
            Rule("/_simulator/mode", endpoint="mode", methods=["GET", "POST"]),
        ])

    def __call__(self, environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        try:
            endpoint, values = self.url_map.bind_to_environ(environ).match()
            response = getattr(self, f"on_{endpoint}")(request, **values)
        except HTTPException as exc:
            status = exc.code or 500
            response = _error(status, NOT_FOUND if status == 404 else BAD_REQUEST,
                              exc.description or exc.name)
        return response(environ, start_response)

    def _key_error(self, request: Request) -> Response | None:
        header = (request.headers.get("Authorization") or "").strip()
        if header.lower().startswith("bearer "):
            header = header[7:].strip()
        if not header:
            return _error(401, *NO_KEY)
        if self.api_key is not None and not hmac.compare_digest(
            header.encode(), self.api_key.encode()
        ):
            return _error(401, *WRONG_KEY)
        return None

    def on_rates(self, request: Request) -> Response:
        """Courier rates between two postal codes, or Biteship's error shapes."""
        mode = self.mode
        if mode == "down":
            return _error(503, UNAVAILABLE, "Service is temporarily unavailable")
        if mode == "slow":
            # Wakes early when the server stops, so tests never wait the whole time.
            self.stopping.wait(self.slow_seconds)
        refused = self._key_error(request)
        if refused is not None:
            return refused
        body = request.get_json(silent=True)
        with self._lock:
            self.calls.append(body if isinstance(body, dict) else {})
        try:
            origin_code, destination_code, couriers, grams = parse_rates_body(body)
        except BodyError as exc:
            return _error(400, BAD_REQUEST, str(exc))
        origin, destination = place(origin_code), place(destination_code)
        for where, code in ((origin, origin_code), (destination, destination_code)):
            if where is None:
                return _error(400, BAD_REQUEST, f"No area found for postal code {code}")
        known = [code for code in couriers if code in COURIER_CODES]
        if not known:
            return _error(400, BAD_REQUEST,
                          f"No courier available; try: {','.join(COURIER_CODES)}")
        return _json({
            "success": True,
            "object": "courier_pricing",
            "message": "Success to retrieve courier pricing",
            "code": 20001003,
            "origin": place_body(origin),
            "destination": place_body(destination),
            "pricing": price_services(origin, destination, known, grams),
        })

    def on_health(self, request: Request) -> Response:
        return _json({"ok": True, "mode": self.mode})

    def on_mode(self, request: Request) -> Response:
        """GET: the mode; POST mode=ok|down|slow: switch (for demos of the fallback)."""
        if request.method == "POST":
            mode = (request.form.get("mode") or request.get_data(as_text=True)).strip()
            if mode not in MODES:
                return _error(400, BAD_REQUEST, f"mode must be one of {', '.join(MODES)}")
            self.mode = mode
        return _json({"mode": self.mode})
