"""Run the simulator: python -m marketplace.gateways.biteship_simulator --port 5002."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from marketplace.gateways.biteship_simulator.app import MODES
from marketplace.gateways.biteship_simulator.server import DEFAULT_PORT, SimulatorServer


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m marketplace.gateways.biteship_simulator",
        description="An offline stand-in for Biteship's courier rates API, for demos and tests.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--api-key", help="the one key accepted (default: any key)")
    parser.add_argument("--mode", choices=MODES, default="ok",
                        help="ok, down (HTTP 503) or slow (answers after --slow-seconds)")
    parser.add_argument("--slow-seconds", type=float, default=30.0)
    parser.add_argument("--quiet", action="store_true", help="do not log every request")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    args = parse_args(argv)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("warning: the /_simulator/ hooks have no authentication", file=sys.stderr)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server = SimulatorServer(args.api_key, host=args.host, port=args.port, mode=args.mode,
                             slow_seconds=args.slow_seconds, quiet=args.quiet)
    with server:
        print(f"Biteship simulator on {server.base_url} (mode {server.mode})", flush=True)
        try:
            while not stop.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
