"""Run the simulator: python -m marketplace.gateways.midtrans_simulator --port 5001."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from marketplace.gateways.midtrans_simulator.notifier import DEFAULT_RETRY_SCHEDULE
from marketplace.gateways.midtrans_simulator.server import (
    DEFAULT_NOTIFY_URL,
    DEFAULT_SERVER_KEY,
    SimulatorServer,
)


def _schedule(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError("a comma-separated list of seconds") from exc


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m marketplace.gateways.midtrans_simulator",
        description="An offline stand-in for Midtrans Snap, for demos and tests.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--server-key", default=DEFAULT_SERVER_KEY)
    parser.add_argument("--notify-url", default=DEFAULT_NOTIFY_URL)
    parser.add_argument("--state-file", help="SQLite file that keeps transactions over restarts")
    parser.add_argument("--public-url", help="base URL browsers use, if not http://host:port")
    parser.add_argument(
        "--retry-schedule",
        type=_schedule,
        default=DEFAULT_RETRY_SCHEDULE,
        help="seconds between notification attempts (default 1,3,10,30)",
    )
    parser.add_argument("--sweep-interval", type=float, default=2.0)
    parser.add_argument("--quiet", action="store_true", help="do not log every request")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("warning: the /_simulator/ hooks have no authentication", file=sys.stderr)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server = SimulatorServer(
        args.server_key,
        args.notify_url,
        args.state_file,
        host=args.host,
        port=args.port,
        retry_schedule=args.retry_schedule,
        sweep_interval=args.sweep_interval,
        public_url=args.public_url,
        quiet=args.quiet,
    )
    with server:
        print(f"Midtrans simulator on {server.base_url}, notifying {args.notify_url}", flush=True)
        try:
            while not stop.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
