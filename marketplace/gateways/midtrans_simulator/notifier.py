"""HTTP notifications from a background thread, retried as Midtrans does but faster."""

from __future__ import annotations

import copy
import heapq
import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import requests

log = logging.getLogger(__name__)

# Seconds between attempts; Midtrans waits minutes (2, 10, 30, 90, 210), we scale down.
DEFAULT_RETRY_SCHEDULE = (1.0, 3.0, 10.0, 30.0)
DEFAULT_TIMEOUT = 10.0


@dataclass
class Delivery:
    """One notification and every attempt made to deliver it."""

    id: int
    order_id: str
    transaction_status: str
    payload: dict
    state: str = "queued"  # queued | retrying | delivered | failed
    attempts: int = 0
    last_status: int | None = None
    last_error: str | None = None
    log: list[dict] = field(default_factory=list)


class Notifier:
    """Posts JSON to the current notify URL; non-2xx and errors are retried, 3xx are not."""

    def __init__(
        self,
        url: str | None = None,
        retry_schedule: tuple[float, ...] = DEFAULT_RETRY_SCHEDULE,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.url = url
        self.retry_schedule = tuple(retry_schedule)
        self.timeout = timeout
        self._cond = threading.Condition()
        self._queue: list[tuple[float, int]] = []  # (due on the monotonic clock, delivery id)
        self._deliveries: dict[int, Delivery] = {}
        self._busy = False
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the delivery thread."""
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="simulator-notifier", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the attempt in flight (if any); retries still waiting are dropped."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(self.timeout + 5)
            self._thread = None

    def send(self, payload: dict) -> int:
        """Queue a notification for delivery now; returns its delivery id."""
        with self._cond:
            delivery_id = len(self._deliveries) + 1
            self._deliveries[delivery_id] = Delivery(
                id=delivery_id,
                order_id=str(payload.get("order_id", "")),
                transaction_status=str(payload.get("transaction_status", "")),
                payload=copy.deepcopy(payload),
            )
            heapq.heappush(self._queue, (time.monotonic(), delivery_id))
            self._cond.notify_all()
            return delivery_id

    def resend(self, order_id: str) -> int | None:
        """Send the last notification of an order again, unchanged; None if there was none."""
        with self._cond:
            sent = [d for d in self._deliveries.values() if d.order_id == order_id]
            return self.send(sent[-1].payload) if sent else None

    def deliveries(self) -> list[dict]:
        """Every delivery so far, oldest first, as plain data."""
        with self._cond:
            return [asdict(delivery) for delivery in self._deliveries.values()]

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is queued or in flight; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def _run(self) -> None:
        # Loopback target: a developer's HTTP_PROXY must not catch it.
        with requests.Session() as session:
            session.trust_env = False
            while True:
                with self._cond:
                    while not self._stopping and (
                        not self._queue or self._queue[0][0] > time.monotonic()
                    ):
                        wait = self._queue[0][0] - time.monotonic() if self._queue else None
                        self._cond.wait(wait)
                    if self._stopping:
                        return
                    _, delivery_id = heapq.heappop(self._queue)
                    delivery = self._deliveries[delivery_id]
                    payload = copy.deepcopy(delivery.payload)
                    url = self.url
                    self._busy = True
                status, error = None, "the attempt did not finish"
                try:
                    status, error = self._post(session, url, payload)
                finally:
                    with self._cond:
                        self._record(delivery, url, status, error)
                        self._busy = False
                        self._cond.notify_all()

    def _post(
        self, session: requests.Session, url: str | None, payload: dict
    ) -> tuple[int | None, str | None]:
        if not url:
            return None, "no notify URL configured"
        try:
            response = session.post(
                url,
                json=payload,
                timeout=self.timeout,
                allow_redirects=False,  # Midtrans does not follow redirects: the notice is lost
                headers={"User-Agent": "Veritrans"},
            )
            response.close()
        except requests.RequestException as exc:
            return None, f"{exc.__class__.__name__}: {exc}"
        except Exception as exc:  # a bug here must not kill the delivery thread
            log.exception("notification to %s failed", url)
            return None, f"{exc.__class__.__name__}: {exc}"
        return response.status_code, None

    def _record(
        self, delivery: Delivery, url: str | None, status: int | None, error: str | None
    ) -> None:
        """Log an attempt and schedule the next one (called with the lock held)."""
        delivery.attempts += 1
        delivery.last_status = status
        delivery.last_error = error
        delivery.log.append(
            {"at": datetime.now(UTC).isoformat(), "url": url, "status": status, "error": error}
        )
        if status is not None and 200 <= status < 300:
            delivery.state = "delivered"
        elif status is not None and 300 <= status < 400:
            delivery.state = "failed"
            delivery.last_error = "redirect not followed: the notification is lost"
        elif delivery.attempts <= len(self.retry_schedule):
            delivery.state = "retrying"
            due = time.monotonic() + self.retry_schedule[delivery.attempts - 1]
            heapq.heappush(self._queue, (due, delivery.id))
        else:
            delivery.state = "failed"
