"""The simulator as its own HTTP server, in a background thread (tests) or in the foreground."""

from __future__ import annotations

import threading

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from marketplace.gateways.biteship_simulator.app import MODES, SimulatorApp

DEFAULT_PORT = 5002


class _QuietHandler(WSGIRequestHandler):
    """A request handler that does not log every request."""

    def log_request(self, *args, **kwargs) -> None:
        """Stay silent."""


class SimulatorServer:
    """Serve the Rates API on host:port (port 0 picks a free one); use as a context manager.

    `api_key` None accepts any non-empty key (as the demo does); a string must be sent
    exactly. `mode` may be changed while running: "ok", "down" (every rates request gets
    HTTP 503) or "slow" (it waits `slow_seconds` first, past any client timeout).
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        mode: str = "ok",
        slow_seconds: float = 30.0,
        quiet: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.quiet = quiet
        self._stopping = threading.Event()
        self.app = SimulatorApp(api_key, self._stopping, slow_seconds)
        self.mode = mode
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def mode(self) -> str:
        """"ok", "down" or "slow"."""
        return self.app.mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.app.mode = mode

    @property
    def calls(self) -> list[dict]:
        """The body of every rates request received (with a key), oldest first."""
        return self.app.calls

    @property
    def base_url(self) -> str:
        """http://host:port of the running server (what BITESHIP_API_URL should be)."""
        if self._server is None:
            raise RuntimeError("the simulator is not running")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host  # noqa: S104
        return f"http://{host}:{self._server.server_port}"

    def start(self) -> SimulatorServer:
        """Bind, then serve in a daemon thread."""
        handler = _QuietHandler if self.quiet else None
        self._server = make_server(
            self.host, self.port, self.app, threaded=True, request_handler=handler
        )
        self._stopping.clear()
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.serve_forever(poll_interval=0.05),
            name="biteship-simulator-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake slow answers, stop serving, join the thread and close the socket."""
        self._stopping.set()
        try:
            if self._server is not None:
                self._server.shutdown()
        finally:
            if self._thread is not None:
                self._thread.join(5)
                self._thread = None
            if self._server is not None:
                self._server.server_close()
                self._server = None

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
