"""An offline Midtrans sandbox: Snap, status lookups and signed notifications over HTTP."""

from .server import DEFAULT_NOTIFY_URL, DEFAULT_SERVER_KEY, SimulatorServer

__all__ = ["DEFAULT_NOTIFY_URL", "DEFAULT_SERVER_KEY", "SimulatorServer"]
