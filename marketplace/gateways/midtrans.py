"""Midtrans through `midtransclient`: the only module that imports it; it speaks our types."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import midtransclient
import requests

SIMULATOR_SERVER_KEY = "SB-Mid-server-SIMULATOR-pasar-sentra"  # noqa: S105 - public sandbox key
SIMULATOR_CLIENT_KEY = "SB-Mid-client-SIMULATOR"
DEFAULT_SIMULATOR_URL = "http://127.0.0.1:5001"
DEFAULT_TIMEOUT = 5.0

# Midtrans order ids: at most 50 characters, letters, digits and - _ ~ . only.
_ID = re.compile(r"[A-Za-z0-9\-_~.]{1,50}", re.ASCII)
_AMOUNT = re.compile(r"([0-9]+)(?:\.([0-9]+))?", re.ASCII)
_T = TypeVar("_T")


class MidtransConfigError(ValueError):
    """The Midtrans settings cannot be used."""


class MidtransError(Exception):
    """Base class of everything the gateway raises."""


class GatewayError(MidtransError):
    """Midtrans answered, with an error (a refused request, a wrong key, an illegal move)."""

    def __init__(self, http_status: int, messages: list[str], raw: dict | None = None) -> None:
        self.http_status = http_status
        self.messages = messages
        self.raw = raw or {}
        super().__init__(f"Midtrans error {http_status}: {'; '.join(messages) or 'no message'}")


class TransactionNotFoundError(GatewayError):
    """Midtrans knows no transaction by that id (or no payment method was chosen yet)."""


class GatewayUnavailableError(MidtransError):
    """Midtrans could not be reached or failed (timeout, refused connection, 5xx): retry later."""

    def __init__(self, message: str, http_status: int | None = None) -> None:
        self.http_status = http_status
        super().__init__(message)


@dataclass(frozen=True)
class MidtransConfig:
    """Keys, environment and where to send requests (None = the real Midtrans)."""

    server_key: str = field(repr=False)
    client_key: str
    is_production: bool = False
    base_url_override: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def uses_simulator(self) -> bool:
        """True when the built-in sandbox simulator stands in for Midtrans."""
        return self.server_key == SIMULATOR_SERVER_KEY


@dataclass(frozen=True)
class SnapTransaction:
    """What Snap answers: the token (for snap.js) and the payment page URL (opaque)."""

    token: str
    redirect_url: str


@dataclass(frozen=True)
class TransactionStatus:
    """A transaction as Midtrans reports it: the raw answer plus the fields we act on."""

    raw: dict = field(repr=False)
    order_id: str
    transaction_id: str | None
    transaction_status: str
    fraud_status: str | None
    status_code: str
    gross_amount: int | None
    payment_type: str | None
    transaction_time: str | None
    settlement_time: str | None
    status_message: str | None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TransactionStatus:
        """Parse a status answer or a notification leniently; ValueError on a bad amount."""
        amount = data.get("gross_amount")
        return cls(
            raw=dict(data),
            order_id=_text(data.get("order_id")) or "",
            transaction_id=_text(data.get("transaction_id")),
            transaction_status=(_text(data.get("transaction_status")) or "").lower(),
            fraud_status=_lower(data.get("fraud_status")),
            status_code=_text(data.get("status_code")) or "",
            gross_amount=None if amount in (None, "") else parse_amount(amount),
            payment_type=_text(data.get("payment_type")),
            transaction_time=_text(data.get("transaction_time")),
            settlement_time=_text(data.get("settlement_time")),
            status_message=_text(data.get("status_message")),
        )


@dataclass(frozen=True)
class RefundResult:
    """A refund Midtrans accepted: `refund` when the whole amount is back, else `partial_refund`."""

    raw: dict = field(repr=False)
    order_id: str
    transaction_status: str
    status_code: str
    refund_key: str | None
    refund_amount: int | None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _lower(value: Any) -> str | None:
    text = _text(value)
    return text.lower() if text else None


def parse_amount(value: str | int) -> int:
    """Whole rupiah from an int or a string like "125000" or "125000.00"; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("an amount cannot be a boolean")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"negative amount {value}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"amounts are int or str, not {type(value).__name__}")
    match = _AMOUNT.fullmatch(value.strip())
    if not match:
        raise ValueError(f"not an amount: {value!r}")
    whole, fraction = match.groups()
    if fraction and fraction.strip("0"):
        raise ValueError(f"not whole rupiah: {value!r}")
    return int(whole)


def signature_for(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """The hex sha512 Midtrans puts in `signature_key`."""
    text = order_id + status_code + gross_amount + server_key
    return hashlib.sha512(text.encode("utf-8")).hexdigest()


def _signed_status_code(value: Any) -> Any:
    """The string Midtrans signed: as received, or a JSON number's canonical form (200 -> "200")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return None
    return str(int(value))


def _signed_gross_amount(value: Any) -> Any:
    """The string Midtrans signed: as received, or a JSON number with two decimals
    (125000 and 125000.0 -> "125000.00")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return f"{value}.00" if isinstance(value, int) else f"{value:.2f}"


def verify_signature(payload: Mapping[str, Any], server_key: str) -> bool:
    """True if `signature_key` matches the strings received; False if any is missing.

    Strings are used exactly as received; a `status_code` or `gross_amount` that arrives as
    a JSON number is taken in the canonical form Midtrans signs ("200", "125000.00").
    """
    parts = [payload.get("order_id"), _signed_status_code(payload.get("status_code")),
             _signed_gross_amount(payload.get("gross_amount"))]
    received = payload.get("signature_key")
    if not server_key or not all(isinstance(part, str) for part in [*parts, received]):
        return False
    expected = signature_for(*parts, server_key)
    # Bytes, because compare_digest refuses non-ASCII str.
    return hmac.compare_digest(expected.encode("ascii"), received.encode("utf-8"))


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def config_from_app(app_config: Mapping[str, Any]) -> MidtransConfig:
    """Real Midtrans when MIDTRANS_SERVER_KEY is set, else the simulator at its URL."""
    server_key = str(app_config.get("MIDTRANS_SERVER_KEY") or "").strip()
    client_key = str(app_config.get("MIDTRANS_CLIENT_KEY") or "").strip()
    is_production = _as_bool(app_config.get("MIDTRANS_IS_PRODUCTION", False))
    try:
        timeout = float(app_config.get("MIDTRANS_TIMEOUT", DEFAULT_TIMEOUT))
    except (TypeError, ValueError) as exc:
        raise MidtransConfigError("MIDTRANS_TIMEOUT must be a number of seconds") from exc
    if timeout <= 0:
        raise MidtransConfigError("MIDTRANS_TIMEOUT must be positive")
    if server_key:
        return MidtransConfig(server_key, client_key, is_production, None, timeout)
    if is_production:
        raise MidtransConfigError("MIDTRANS_IS_PRODUCTION needs MIDTRANS_SERVER_KEY")
    url = str(app_config.get("MIDTRANS_SIMULATOR_URL") or DEFAULT_SIMULATOR_URL).rstrip("/")
    return MidtransConfig(SIMULATOR_SERVER_KEY, SIMULATOR_CLIENT_KEY, False, url, timeout)


class _TimeoutSession(requests.Session):
    """A session that applies our timeout, since midtransclient sets none."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.default_timeout = timeout

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        """Send with the default timeout unless the caller gave one."""
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        return super().request(method, url, *args, **kwargs)


def _check_id(order_id: str) -> str:
    # The id goes into the URL path as is: refuse anything that could change the path.
    if not isinstance(order_id, str) or not _ID.fullmatch(order_id) or not order_id.strip("."):
        raise ValueError(f"not a Midtrans order or transaction id: {order_id!r}")
    return order_id


def _messages(body: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    for key in ("error_messages", "validation_messages"):
        value = body.get(key)
        if isinstance(value, list):
            found.extend(str(item) for item in value)
    if body.get("status_message"):
        found.append(str(body["status_message"]))
    return found


def _api_error(exc: midtransclient.MidtransAPIError, lookup: bool) -> MidtransError:
    body = exc.api_response_dict if isinstance(exc.api_response_dict, dict) else {}
    http_status = exc.http_status_code
    body_status = str(body.get("status_code", ""))
    messages = _messages(body) or [str(exc)]
    if http_status >= 500 or http_status == 429 or body_status.startswith("5"):
        return GatewayUnavailableError("; ".join(messages), http_status)
    if lookup and body_status == "404":
        return TransactionNotFoundError(http_status, messages, body)
    return GatewayError(http_status, messages, body)


class Gateway:
    """Snap and Core API calls with our timeout, URLs and exceptions; see gateway_from_config."""

    def __init__(self, config: MidtransConfig, snap: Any, core: Any) -> None:
        self.config = config
        self._snap = snap
        self._core = core

    @property
    def client_key(self) -> str:
        """The public key snap.js needs."""
        return self.config.client_key

    def _call(self, func: Callable[..., _T], *args: Any, lookup: bool = True) -> _T:
        try:
            return func(*args)
        except midtransclient.MidtransAPIError as exc:
            raise _api_error(exc, lookup) from exc
        except midtransclient.JSONDecodeError as exc:
            raise GatewayUnavailableError("Midtrans answered with something not JSON") from exc
        except requests.RequestException as exc:
            name = exc.__class__.__name__
            raise GatewayUnavailableError(f"Midtrans unreachable: {name}") from exc

    def _status_of(self, body: Any) -> TransactionStatus:
        if not isinstance(body, dict):
            raise GatewayError(200, ["the answer is not a JSON object"])
        if str(body.get("status_code", "")) == "404":
            raise TransactionNotFoundError(404, _messages(body), body)
        try:
            return TransactionStatus.from_dict(body)
        except ValueError as exc:
            raise GatewayError(200, [str(exc)], body) from exc

    def create_snap(self, params: dict) -> SnapTransaction:
        """Create a Snap transaction (Midtrans refuses a gross_amount that is not an int)."""
        body = self._call(self._snap.create_transaction, params, lookup=False)
        if not isinstance(body, dict) or not body.get("token") or not body.get("redirect_url"):
            raise GatewayError(201, ["Snap answered without a token or redirect_url"])
        return SnapTransaction(token=str(body["token"]), redirect_url=str(body["redirect_url"]))

    def status(self, order_id: str) -> TransactionStatus:
        """The transaction's status by our order id or Midtrans's transaction id."""
        body = self._call(self._core.transactions.status, _check_id(order_id))
        return self._status_of(body)

    def cancel(self, order_id: str) -> TransactionStatus:
        """Cancel a pending (or challenged) transaction."""
        return self._status_of(self._call(self._core.transactions.cancel, _check_id(order_id)))

    def expire(self, order_id: str) -> TransactionStatus:
        """Expire a pending transaction now (status_code "407" is not an error)."""
        return self._status_of(self._call(self._core.transactions.expire, _check_id(order_id)))

    def approve(self, order_id: str) -> TransactionStatus:
        """Accept a card payment held for fraud review (capture + challenge)."""
        return self._status_of(self._call(self._core.transactions.approve, _check_id(order_id)))

    def deny(self, order_id: str) -> TransactionStatus:
        """Refuse a card payment held for fraud review."""
        return self._status_of(self._call(self._core.transactions.deny, _check_id(order_id)))

    def refund(self, order_id: str, amount: int, reason: str, refund_key: str) -> RefundResult:
        """Refund `amount` rupiah; the same `refund_key` twice refunds once."""
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise ValueError("a refund amount is a positive int")
        params = {"refund_key": refund_key, "amount": amount, "reason": reason}
        body = self._call(self._core.transactions.refund, _check_id(order_id), params)
        if not isinstance(body, dict):
            raise GatewayError(200, ["the answer is not a JSON object"])
        try:
            refunded = body.get("refund_amount")
            refund_amount = None if refunded in (None, "") else parse_amount(refunded)
        except ValueError as exc:
            raise GatewayError(200, [str(exc)], body) from exc
        return RefundResult(
            raw=body,
            order_id=_text(body.get("order_id")) or order_id,
            transaction_status=(_text(body.get("transaction_status")) or "").lower(),
            status_code=_text(body.get("status_code")) or "",
            refund_key=_text(body.get("refund_key")) or refund_key,
            refund_amount=refund_amount,
        )

    def close(self) -> None:
        """Close the HTTP connections the clients keep open."""
        for client in (self._snap, self._core):
            client.http_client.http_client.close()

    def __enter__(self) -> Gateway:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def gateway_from_config(config: MidtransConfig) -> Gateway:
    """Build the Snap and Core clients, pointed per instance at the simulator if configured."""
    clients = [
        cls(
            is_production=config.is_production,
            server_key=config.server_key,
            client_key=config.client_key,
            custom_headers={},
            proxies={},
        )
        for cls in (midtransclient.Snap, midtransclient.CoreApi)
    ]
    snap, core = clients
    if config.base_url_override:
        base = config.base_url_override.rstrip("/")
        # Instance attributes shadow the class constants: other clients keep Midtrans's URLs.
        if config.is_production:
            snap.api_config.SNAP_PRODUCTION_BASE_URL = base + "/snap/v1"
            snap.api_config.CORE_PRODUCTION_BASE_URL = base  # Snap's .transactions use it
            core.api_config.CORE_PRODUCTION_BASE_URL = base
        else:
            snap.api_config.SNAP_SANDBOX_BASE_URL = base + "/snap/v1"
            snap.api_config.CORE_SANDBOX_BASE_URL = base
            core.api_config.CORE_SANDBOX_BASE_URL = base
    for client in clients:
        # A new dict each: the constructors' default dict is shared by every instance.
        client.api_config.custom_headers = {}
        session = _TimeoutSession(config.timeout)
        # The simulator listens on loopback: a developer's HTTP_PROXY must not catch it.
        session.trust_env = config.base_url_override is None
        client.http_client.http_client = session
    return Gateway(config, snap, core)
