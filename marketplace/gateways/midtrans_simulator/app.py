"""The simulator's WSGI app: Midtrans's Snap and Core endpoints plus /_simulator/ test hooks."""

from __future__ import annotations

import hmac
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from marketplace.gateways.midtrans_simulator import pages
from marketplace.gateways.midtrans_simulator.notifier import Notifier
from marketplace.gateways.midtrans_simulator.payloads import (
    error_body,
    money,
    status_body,
    status_code_of,
)
from marketplace.gateways.midtrans_simulator.state import NotFound, Refused, Store
from marketplace.gateways.midtrans_simulator.validation import SnapRequestError, parse_snap_request

UNAUTHORIZED = "Access denied due to unauthorized transaction, please check client or server key"
# Page button -> (transaction_status, fraud_status, payment_type on a first choice)
PAGE_CHOICES = {
    "settlement": ("settlement", None, "bank_transfer"),
    "gopay": ("settlement", None, "gopay"),
    "pending": ("pending", None, "bank_transfer"),
    "challenge": ("capture", "challenge", "credit_card"),
    "deny": ("deny", None, "credit_card"),
    "expire": ("expire", None, "bank_transfer"),
}
FRAUD_STATUSES = {None, "accept", "challenge", "deny"}
# Core API moves: store method, status_message, the status_code the answer carries.
API_MOVES = {
    "cancel": ("Success, transaction is canceled", "200"),
    "expire": ("Success, transaction has expired", "407"),
    "approve": ("Success, transaction is approved", "200"),
    "deny": ("Success, transaction is denied", "200"),
}
SNAP_JS = """(function () {
  var base = %s;
  function open(token) {
    window.location.href = base + "/snap/v4/redirection/" + encodeURIComponent(token);
  }
  window.snap = {pay: open, embed: open, show: function () {}, hide: function () {}};
})();
"""


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _html(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/html")


def with_query(url: str, params: dict[str, str]) -> str:
    """The URL with `params` added to whatever query it already has."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


class SimulatorApp:
    """A WSGI app around a Store and a Notifier, checking the server key as Midtrans does."""

    def __init__(
        self, store: Store, notifier: Notifier, server_key: str, public_url: str | None = None
    ) -> None:
        self.store = store
        self.notifier = notifier
        self.server_key = server_key
        self.public_url = public_url.rstrip("/") if public_url else None
        self.url_map = Map(
            [
                Rule("/", endpoint="index", methods=["GET"]),
                Rule("/snap/v1/transactions", endpoint="snap_create", methods=["POST"]),
                Rule("/snap/v4/redirection/<token>", endpoint="snap_page", methods=["GET", "POST"]),
                Rule("/snap/snap.js", endpoint="snap_js", methods=["GET"]),
                Rule("/v2/<tx_id>/status", endpoint="status", methods=["GET"]),
                Rule("/v2/<tx_id>/refund", endpoint="refund", methods=["POST"]),
                Rule("/v2/<tx_id>/<any(cancel,expire,approve,deny):move>", endpoint="move",
                     methods=["POST"]),
                Rule("/_simulator/health", endpoint="health", methods=["GET"]),
                Rule("/_simulator/pay/<order_id>", endpoint="pay", methods=["POST"]),
                Rule("/_simulator/notifications", endpoint="notifications", methods=["GET"]),
                Rule("/_simulator/resend/<order_id>", endpoint="resend", methods=["POST"]),
                Rule("/_simulator/clock", endpoint="clock", methods=["GET", "POST"]),
            ]
        )

    def __call__(self, environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        try:
            endpoint, values = self.url_map.bind_to_environ(environ).match()
            response = getattr(self, f"on_{endpoint}")(request, **values)
        except Refused as exc:
            response = _json(error_body(exc.http_status, exc.message), exc.http_status)
        except HTTPException as exc:
            response = exc.get_response(environ)
        return response(environ, start_response)

    def _base(self, request: Request) -> str:
        return self.public_url or request.host_url.rstrip("/")

    def _authorized(self, request: Request) -> bool:
        auth = request.authorization
        if auth is None or auth.type != "basic":
            return False
        return hmac.compare_digest((auth.username or "").encode(), self.server_key.encode())

    def _check_core_auth(self, request: Request) -> None:
        if not self._authorized(request):
            raise Refused(401, UNAUTHORIZED)

    # --- Snap ----------------------------------------------------------------------
    def on_snap_create(self, request: Request) -> Response:
        """Create a Snap transaction: 201 with a token and the payment page URL."""
        if not self._authorized(request):
            return _json({"error_messages": [UNAUTHORIZED]}, 401)
        try:
            tx = self.store.create(parse_snap_request(request.get_json(silent=True)))
        except SnapRequestError as exc:
            return _json({"error_messages": exc.messages}, 400)
        redirect_url = f"{self._base(request)}/snap/v4/redirection/{tx.token}"
        return _json({"token": tx.token, "redirect_url": redirect_url}, 201)

    def on_snap_page(self, request: Request, token: str) -> Response:
        """The payment page; a POST applies the chosen outcome and returns to the shop."""
        tx = self.store.by_token(token)
        if tx is None:
            return _html(pages.message_page("Not found", "No such payment page."), 404)
        if self.store.page_expired(tx):
            # Like Midtrans: the page just says so, and no notification is sent.
            text = "This payment page has expired. Please go back to the shop and try again."
            return _html(pages.message_page("Payment page expired", text, tx.finish_url), 410)
        if request.method == "POST":
            choice = PAGE_CHOICES.get(request.form.get("choice", ""))
            if choice is None:
                return _html(pages.message_page("Unknown choice", "Pick one of the buttons."), 400)
            status, fraud, payment_type = choice
            try:
                tx = self.store.choose(
                    token, status, fraud, payment_type if tx.status is None else None
                )
            except Refused as exc:
                return _html(pages.message_page("Not possible", exc.message), exc.http_status)
        elif tx.status in (None, "pending"):
            return _html(pages.payment_page(tx))
        if tx.finish_url and request.method == "POST":
            query = {
                "order_id": tx.order_id,
                "status_code": status_code_of(tx),
                "transaction_status": tx.status or "",
            }
            return Response(status=303, headers={"Location": with_query(tx.finish_url, query)})
        text = f"This payment is now: {tx.status}."
        return _html(pages.message_page("Payment recorded", text, tx.finish_url))

    def on_snap_js(self, request: Request) -> Response:
        """A stand-in for snap.js whose snap.pay(token) opens the simulator's page."""
        script = SNAP_JS % json.dumps(self._base(request))
        return Response(script, mimetype="application/javascript")

    def on_index(self, request: Request) -> Response:
        """The latest transactions, for a demo."""
        return _html(pages.index_page(self.store.all()))

    # --- Core API ------------------------------------------------------------------
    def on_status(self, request: Request, tx_id: str) -> Response:
        """Status by order id or transaction id; 404 until a method was chosen."""
        self._check_core_auth(request)
        tx = self.store.lookup(tx_id)
        return _json(status_body(tx, self.server_key, "Success, transaction is found"))

    def on_move(self, request: Request, tx_id: str, move: str) -> Response:
        """Cancel, expire, approve or deny a transaction."""
        self._check_core_auth(request)
        tx = getattr(self.store, move)(tx_id)
        message, code = API_MOVES[move]
        return _json(status_body(tx, self.server_key, message, code))

    def on_refund(self, request: Request, tx_id: str) -> Response:
        """Refund all or part of a paid transaction; a repeated refund_key changes nothing."""
        self._check_core_auth(request)
        data = request.get_json(silent=True)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise Refused(400, "the request body must be a JSON object")
        tx, refund = self.store.refund(tx_id, data)
        body = status_body(tx, self.server_key, "Success, refund request is approved", "200")
        body.update(
            refund_chargeback_id=refund["refund_chargeback_id"],
            refund_amount=money(refund["amount"]),
            refund_key=refund["refund_key"],
        )
        return _json(body)

    # --- test hooks (not Midtrans; loopback only) ----------------------------------
    def on_health(self, request: Request) -> Response:
        """Whether the simulator is up."""
        return _json({"status": "ok"})

    def on_pay(self, request: Request, order_id: str) -> Response:
        """Do what a payment page button does, without a browser."""
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise Refused(400, "send a JSON object with transaction_status")
        fraud_status = data.get("fraud_status")
        if fraud_status not in FRAUD_STATUSES:
            raise Refused(400, "fraud_status must be one of accept, challenge, deny")
        payment_type = data.get("payment_type")
        if payment_type is not None and not isinstance(payment_type, str):
            raise Refused(400, "payment_type must be a string")
        tx = self.store.choose(
            self.store.token_for(order_id),
            str(data.get("transaction_status", "")),
            fraud_status,
            payment_type,
            notify=data.get("notify", True) is not False,
            force=data.get("force") is True,
        )
        return _json(status_body(tx, self.server_key, "simulated payment recorded"))

    def on_notifications(self, request: Request) -> Response:
        """Every notification delivery with its attempts (`?order_id=` narrows)."""
        deliveries = self.notifier.deliveries()
        order_id = request.args.get("order_id")
        if order_id:
            deliveries = [d for d in deliveries if d["order_id"] == order_id]
        return _json(deliveries)

    def on_resend(self, request: Request, order_id: str) -> Response:
        """Send the order's last notification again, byte for byte the same payload."""
        delivery_id = self.notifier.resend(order_id)
        if delivery_id is None:
            raise NotFound()
        return _json({"delivery_id": delivery_id}, 202)

    def on_clock(self, request: Request) -> Response:
        """Read the clock, or move it forward by `advance_seconds` (then expire what is due)."""
        if request.method == "POST":
            data = request.get_json(silent=True)
            seconds = data.get("advance_seconds") if isinstance(data, dict) else None
            if not isinstance(seconds, int | float) or isinstance(seconds, bool):
                raise Refused(400, "send a JSON object with advance_seconds")
            now = self.store.advance_clock(seconds)
        else:
            now = self.store.now()
        return _json({"now": now.isoformat()})

