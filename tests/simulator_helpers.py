"""Helpers for tests against the Midtrans simulator: a recording receiver, Snap params, polling."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import requests
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

NOTIFY_PATH = "/pembayaran/midtrans/notifikasi"
# Fractions of a second, so retries happen within a test.
FAST = {"retry_schedule": (0.05, 0.1, 0.2), "notify_timeout": 2.0, "sweep_interval": 0.1}


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without a log line per request."""

    def log_request(self, *args, **kwargs) -> None:
        """Stay silent."""


@contextmanager
def serving(app: Callable) -> Iterator[str]:
    """Serve a WSGI app on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


class Receiver:
    """A WSGI app that records every request and answers with scripted statuses, then 200."""

    def __init__(self, answers: list[int] | None = None) -> None:
        self.answers = list(answers or [])
        self.requests: list[dict] = []
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        with self._lock:
            self.requests.append(
                {"method": request.method, "path": request.path,
                 "json": request.get_json(silent=True)}
            )
            status = self.answers.pop(0) if self.answers else 200
        headers = {"Location": "/elsewhere"} if 300 <= status < 400 else {}
        return Response("ok", status=status, headers=headers)(environ, start_response)

    @property
    def payloads(self) -> list[dict]:
        """The JSON bodies received at the notification path."""
        with self._lock:
            return [r["json"] for r in self.requests if r["path"] == NOTIFY_PATH]


def wait_for(predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
    """Poll until `predicate()` is truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def snap_params(order_id: str, amount: int = 125_000, **extra: Any) -> dict:
    """A Snap request whose items (goods plus one shipping line) add up to `amount`."""
    shipping = 15_000
    return {
        "transaction_details": {"order_id": order_id, "gross_amount": amount},
        "item_details": [
            {"id": "P-1", "name": "Tas anyaman pandan", "price": amount - shipping,
             "quantity": 1, "merchant_name": "KUB Anyaman Rajapolah"},
            {"id": "SHIP-1", "name": "Ongkos kirim", "price": shipping, "quantity": 1},
        ],
        "customer_details": {"first_name": "Siti", "last_name": "Rahayu",
                             "email": "siti@example.com", "phone": "+6281234567890"},
        **extra,
    }


def create_snap(base_url: str, server_key: str, params: dict) -> requests.Response:
    """POST a Snap request over plain HTTP, as midtransclient would."""
    return requests.post(
        f"{base_url}/snap/v1/transactions", json=params, auth=(server_key, ""), timeout=5
    )


def hook(base_url: str, path: str, body: dict | None = None) -> requests.Response:
    """POST to a /_simulator/ hook."""
    return requests.post(f"{base_url}/_simulator/{path}", json=body or {}, timeout=5)
