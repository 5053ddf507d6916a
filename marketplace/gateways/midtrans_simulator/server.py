"""The simulator as its own HTTP server, in background threads (tests) or in the foreground."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from marketplace.gateways.midtrans_simulator.app import SimulatorApp
from marketplace.gateways.midtrans_simulator.notifier import (
    DEFAULT_RETRY_SCHEDULE,
    DEFAULT_TIMEOUT,
    Notifier,
)
from marketplace.gateways.midtrans_simulator.payloads import notification_body
from marketplace.gateways.midtrans_simulator.state import Store, Transaction

log = logging.getLogger(__name__)

# The same value as marketplace.gateways.midtrans.SIMULATOR_SERVER_KEY (kept apart on purpose:
# the simulator imports nothing from the shop).
DEFAULT_SERVER_KEY = "SB-Mid-server-SIMULATOR-pasar-sentra"  # noqa: S105 - public sandbox key
DEFAULT_NOTIFY_URL = "http://127.0.0.1:5000/pembayaran/midtrans/notifikasi"


class _QuietHandler(WSGIRequestHandler):
    """A request handler that does not log every request."""

    def log_request(self, *args, **kwargs) -> None:
        """Stay silent."""


class SimulatorServer:
    """Serve the simulator on host:port (port 0 picks a free one); use as a context manager."""

    def __init__(
        self,
        server_key: str = DEFAULT_SERVER_KEY,
        notify_url: str | None = None,
        state_file: str | Path | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        retry_schedule: tuple[float, ...] = DEFAULT_RETRY_SCHEDULE,
        notify_timeout: float = DEFAULT_TIMEOUT,
        sweep_interval: float = 2.0,
        public_url: str | None = None,
        quiet: bool = True,
    ) -> None:
        self.server_key = server_key
        self.host = host
        self.port = port
        self.sweep_interval = sweep_interval
        self.quiet = quiet
        self.notifier = Notifier(notify_url, retry_schedule, notify_timeout)
        self.store = Store(state_file, on_change=self._notify)
        self.app = SimulatorApp(self.store, self.notifier, server_key, public_url)
        self._server: BaseWSGIServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    def _notify(self, tx: Transaction) -> None:
        self.notifier.send(notification_body(tx, self.server_key))

    @property
    def notify_url(self) -> str | None:
        """Where notifications go; may be changed while running."""
        return self.notifier.url

    @notify_url.setter
    def notify_url(self, url: str | None) -> None:
        self.notifier.url = url

    @property
    def base_url(self) -> str:
        """http://host:port of the running server (what MIDTRANS_SIMULATOR_URL should be)."""
        if self._server is None:
            raise RuntimeError("the simulator is not running")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host  # noqa: S104
        return f"http://{host}:{self._server.server_port}"

    def start(self) -> SimulatorServer:
        """Bind, then serve, sweep expired transactions and deliver notifications in threads."""
        handler = _QuietHandler if self.quiet else None
        self._server = make_server(
            self.host, self.port, self.app, threaded=True, request_handler=handler
        )
        self._stopping.clear()
        self.notifier.start()
        server = self._server
        self._threads = [
            threading.Thread(
                target=lambda: server.serve_forever(poll_interval=0.05),
                name="simulator-http",
                daemon=True,
            ),
            threading.Thread(target=self._sweep, name="simulator-sweeper", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def _sweep(self) -> None:
        while not self._stopping.wait(self.sweep_interval):
            try:
                self.store.expire_due()
            except Exception:  # keep sweeping; a bug here is logged, not fatal
                log.exception("expiry sweep failed")

    def stop(self) -> None:
        """Stop serving, join every thread and close the socket."""
        self._stopping.set()
        try:
            if self._server is not None:
                self._server.shutdown()
        finally:
            for thread in self._threads:
                thread.join(5)
            self._threads = []
            if self._server is not None:
                self._server.server_close()
                self._server = None
            self.notifier.stop()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
