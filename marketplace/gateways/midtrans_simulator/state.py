"""Simulated transactions: their moves, their expiry, a movable clock and SQLite persistence."""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

from marketplace.gateways.midtrans_simulator.payloads import wib
from marketplace.gateways.midtrans_simulator.validation import (
    ORDER_TAKEN,
    SnapRequest,
    SnapRequestError,
    is_int,
)

# What the payment page and the /_simulator/pay hook may set.
CHOICES = {"settlement", "pending", "capture", "deny", "expire", "failure"}
FROM_PENDING = {"settlement", "capture", "deny", "expire", "failure"}
FROM_CHALLENGE = {"capture", "deny"}
# What Midtrans may later do to a settled payment; the hook sets these only with `force`.
FORCED_ONLY = {"cancel", "chargeback", "partial_chargeback"}
REFUNDABLE = {"settlement", "capture", "partial_refund"}
# Midtrans refunds only these through its API; a bank transfer, a convenience-store payment
# and the like are refunded by the merchant's own transfer, and the API refuses them.
API_REFUNDABLE_TYPES = frozenset(
    {"credit_card", "gopay", "shopeepay", "qris", "akulaku", "kredivo"}
)
_TIMES = ("created_at", "page_expires_at", "transaction_time", "settlement_time", "expires_at")


class Refused(Exception):
    """A request Midtrans would refuse, with the HTTP status it would answer."""

    def __init__(self, http_status: int, message: str) -> None:
        self.http_status = http_status
        self.message = message
        super().__init__(message)


class NotFound(Refused):
    """No transaction by that id, or no payment method was chosen yet."""

    def __init__(self) -> None:
        super().__init__(404, "Transaction doesn't exist.")


@dataclass
class Transaction:
    """One Snap transaction; `status` stays None until a payment method is chosen."""

    token: str
    order_id: str
    gross_amount: int
    items: list[dict]
    customer: dict
    finish_url: str | None
    created_at: datetime
    page_expires_at: datetime
    expiry_seconds: int
    expiry_from_start: bool
    status: str | None = None
    fraud_status: str | None = None
    payment_type: str | None = None
    transaction_id: str | None = None
    transaction_time: datetime | None = None
    settlement_time: datetime | None = None
    expires_at: datetime | None = None
    refunds: list[dict] = field(default_factory=list)

    @property
    def refunded_amount(self) -> int:
        """Rupiah refunded so far."""
        return sum(refund["amount"] for refund in self.refunds)

    @property
    def challenged(self) -> bool:
        """A card payment held for the merchant's fraud review."""
        return self.status == "capture" and self.fraud_status == "challenge"

    def to_json(self) -> str:
        """Serialise for the state file."""
        data = asdict(self)
        for name in _TIMES:
            data[name] = data[name].isoformat() if data[name] else None
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> Transaction:
        """Read back what to_json wrote."""
        data = json.loads(text)
        for name in _TIMES:
            data[name] = datetime.fromisoformat(data[name]) if data[name] else None
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


class Store:
    """All transactions behind one lock; `on_change(tx)` is called for every notifying move."""

    def __init__(
        self,
        state_file: str | Path | None = None,
        on_change: Callable[[Transaction], None] | None = None,
    ) -> None:
        self.on_change = on_change
        self._lock = threading.RLock()
        self._by_token: dict[str, Transaction] = {}
        self._tokens: dict[str, str] = {}  # order_id and transaction_id -> token
        self._offset = 0.0
        self._refund_ids = 0
        self._path = Path(state_file) if state_file else None
        if self._path:
            self._load()

    # --- clock ---------------------------------------------------------------------
    def now(self) -> datetime:
        """The simulator's time: real time plus whatever the clock hook added."""
        return datetime.now(UTC) + timedelta(seconds=self._offset)

    def advance_clock(self, seconds: float) -> datetime:
        """Move the clock forward, then expire what became due."""
        if seconds < 0:
            raise Refused(400, "the clock only moves forward")
        with self._lock:
            self._offset += seconds
            self._save_meta()
            self.expire_due()
            return self.now()

    # --- Snap ----------------------------------------------------------------------
    def create(self, request: SnapRequest) -> Transaction:
        """Record a new Snap transaction; an order id is usable once."""
        with self._lock:
            if request.order_id in self._tokens:
                raise SnapRequestError([ORDER_TAKEN])
            now = self.now()
            start = request.expiry_start or now
            tx = Transaction(
                token=str(uuid.uuid4()),
                order_id=request.order_id,
                gross_amount=request.gross_amount,
                items=request.items,
                customer=request.customer,
                finish_url=request.finish_url,
                created_at=now,
                page_expires_at=start + timedelta(seconds=request.expiry_seconds),
                expiry_seconds=request.expiry_seconds,
                expiry_from_start=request.expiry_start is not None,
            )
            self._by_token[tx.token] = tx
            self._tokens[tx.order_id] = tx.token
            self._save(tx)
            return copy.deepcopy(tx)

    def by_token(self, token: str) -> Transaction | None:
        """The transaction behind a Snap token, expired first if it is due."""
        with self._lock:
            tx = self._by_token.get(token)
            if tx is None:
                return None
            self._expire_if_due(tx)
            return copy.deepcopy(tx)

    def page_expired(self, tx: Transaction) -> bool:
        """True if the Snap page timed out before a method was chosen."""
        return tx.status is None and self.now() >= tx.page_expires_at

    def token_for(self, order_id: str) -> str:
        """The Snap token of an order id (whether or not a method was chosen)."""
        with self._lock:
            token = self._tokens.get(order_id)
            if token is None:
                raise NotFound()
            return token

    def all(self) -> list[Transaction]:
        """Every transaction, newest first."""
        with self._lock:
            for tx in self._by_token.values():
                self._expire_if_due(tx)
            found = sorted(self._by_token.values(), key=lambda tx: tx.created_at, reverse=True)
            return copy.deepcopy(found)

    # --- moves ---------------------------------------------------------------------
    def choose(
        self,
        token: str,
        status: str,
        fraud_status: str | None = None,
        payment_type: str | None = None,
        *,
        notify: bool = True,
        force: bool = False,
    ) -> Transaction:
        """What the payment page's buttons do; `force` allows any move (e.g. settlement → deny)."""
        with self._lock:
            tx = self._by_token.get(token)
            if tx is None:
                raise NotFound()
            self._expire_if_due(tx)
            if self.page_expired(tx):
                raise Refused(410, "The Snap token has expired")
            if status not in CHOICES and not (force and status in FORCED_ONLY):
                raise Refused(400, f"transaction_status must be one of {sorted(CHOICES)}")
            if not force and status not in self._next_choices(tx):
                raise Refused(412, f"Cannot move a {tx.status} transaction to {status}")
            now = self.now()
            if tx.status is None:
                tx.transaction_id = str(uuid.uuid4())
                tx.transaction_time = now
                start = tx.page_expires_at - timedelta(seconds=tx.expiry_seconds)
                tx.expires_at = (start if tx.expiry_from_start else now) + timedelta(
                    seconds=tx.expiry_seconds
                )
                self._tokens[tx.transaction_id] = tx.token
            card = status in ("capture", "deny") and tx.payment_type in (None, "credit_card")
            tx.payment_type = payment_type or ("credit_card" if card else tx.payment_type)
            tx.payment_type = tx.payment_type or "bank_transfer"
            if fraud_status is None and tx.payment_type == "credit_card":
                fraud_status = "deny" if status == "deny" else "accept"
            tx.fraud_status = fraud_status
            tx.status = status
            if status == "settlement":
                tx.settlement_time = now
            self._changed(tx, notify)
            return copy.deepcopy(tx)

    def _next_choices(self, tx: Transaction) -> set[str]:
        if tx.status is None:
            return CHOICES
        if tx.status == "pending":
            return FROM_PENDING
        return FROM_CHALLENGE if tx.challenged else set()

    def lookup(self, any_id: str) -> Transaction:
        """A transaction by order id or transaction id; NotFound until a method was chosen."""
        with self._lock:
            return copy.deepcopy(self._chosen(any_id))

    def _chosen(self, any_id: str) -> Transaction:
        token = self._tokens.get(any_id)
        tx = self._by_token.get(token) if token else None
        if tx is None or tx.status is None:
            raise NotFound()
        self._expire_if_due(tx)
        return tx

    def cancel(self, any_id: str) -> Transaction:
        """Cancel a pending or challenged transaction."""
        return self._api_move(any_id, "cancel", lambda tx: tx.status == "pending" or tx.challenged)

    def expire(self, any_id: str) -> Transaction:
        """Expire a pending or challenged transaction."""
        return self._api_move(any_id, "expire", lambda tx: tx.status == "pending" or tx.challenged)

    def approve(self, any_id: str) -> Transaction:
        """Accept a challenged card payment."""
        return self._api_move(any_id, "capture", lambda tx: tx.challenged, fraud="accept")

    def deny(self, any_id: str) -> Transaction:
        """Refuse a challenged card payment."""
        return self._api_move(any_id, "deny", lambda tx: tx.challenged, fraud="deny")

    def _api_move(
        self, any_id: str, status: str, allowed: Callable[[Transaction], bool], fraud: str = ""
    ) -> Transaction:
        with self._lock:
            tx = self._chosen(any_id)
            if not allowed(tx):
                raise Refused(412, "Merchant cannot modify the status of the transaction")
            tx.status = status
            if fraud:
                tx.fraud_status = fraud
            self._changed(tx, notify=True)
            return copy.deepcopy(tx)

    def refund(self, any_id: str, body: dict) -> tuple[Transaction, dict]:
        """Refund all or part of a paid transaction; a known refund_key returns its refund."""
        with self._lock:
            tx = self._chosen(any_id)
            key = body.get("refund_key")
            amount = body.get("amount")
            if key is not None and (not isinstance(key, str) or not key or len(key) > 50):
                raise Refused(400, "refund_key must be a string of at most 50 characters")
            if amount is not None and (not is_int(amount) or amount < 1):
                raise Refused(400, "amount must be a positive integer")
            for refund in tx.refunds:
                if key and refund["refund_key"] == key:
                    if amount is not None and amount != refund["amount"]:
                        raise Refused(400, "refund_key was already used for another amount")
                    return copy.deepcopy(tx), dict(refund)
            if tx.status not in REFUNDABLE or tx.challenged:
                raise Refused(412, "Transaction status cannot be updated")
            if tx.payment_type not in API_REFUNDABLE_TYPES:
                raise Refused(
                    412, f"Payment Type {tx.payment_type} does not support refund through API"
                )
            remaining = tx.gross_amount - tx.refunded_amount
            amount = remaining if amount is None else amount
            if amount > remaining:
                raise Refused(412, "The refund amount is more than the amount left to refund")
            self._refund_ids += 1
            refund = {
                "refund_chargeback_id": self._refund_ids,
                "amount": amount,
                "created_at": wib(self.now()),  # Midtrans's "YYYY-MM-DD HH:MM:SS" (WIB)
                "reason": str(body.get("reason") or ""),
                "refund_key": key or str(uuid.uuid4()),
            }
            tx.refunds.append(refund)
            tx.status = "refund" if tx.refunded_amount == tx.gross_amount else "partial_refund"
            self._changed(tx, notify=True)
            return copy.deepcopy(tx), dict(refund)

    # --- expiry --------------------------------------------------------------------
    def expire_due(self) -> int:
        """Expire every pending transaction past its time; how many were expired."""
        with self._lock:
            return sum(self._expire_if_due(tx) for tx in self._by_token.values())

    def _expire_if_due(self, tx: Transaction) -> bool:
        if tx.status != "pending" or tx.expires_at is None or self.now() < tx.expires_at:
            return False
        tx.status = "expire"
        self._changed(tx, notify=True)
        return True

    def _changed(self, tx: Transaction, notify: bool) -> None:
        self._save(tx)
        if notify and self.on_change:
            self.on_change(copy.deepcopy(tx))

    # --- persistence ---------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        assert self._path is not None  # noqa: S101 - only called when a state file is set
        conn = sqlite3.connect(self._path)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS transactions "
            "(token TEXT PRIMARY KEY, order_id TEXT UNIQUE NOT NULL, data TEXT NOT NULL)"
        )
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        return conn

    def _load(self) -> None:
        assert self._path is not None  # noqa: S101 - only called when a state file is set
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as conn:
            for (text,) in conn.execute("SELECT data FROM transactions"):
                tx = Transaction.from_json(text)
                self._by_token[tx.token] = tx
                self._tokens[tx.order_id] = tx.token
                if tx.transaction_id:
                    self._tokens[tx.transaction_id] = tx.token
                ids = [refund["refund_chargeback_id"] for refund in tx.refunds]
                self._refund_ids = max([self._refund_ids, *ids])
            row = conn.execute("SELECT value FROM meta WHERE key = 'clock_offset'").fetchone()
            self._offset = float(row[0]) if row else 0.0

    def _save(self, tx: Transaction) -> None:
        if self._path is None:
            return
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO transactions (token, order_id, data) VALUES (?, ?, ?)",
                (tx.token, tx.order_id, tx.to_json()),
            )

    def _save_meta(self) -> None:
        if self._path is None:
            return
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('clock_offset', ?)",
                (str(self._offset),),
            )
