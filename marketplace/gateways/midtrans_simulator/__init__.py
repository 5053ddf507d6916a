"""An offline Midtrans sandbox: Snap, status lookups and signed notifications over HTTP."""

from marketplace.gateways.midtrans_simulator.server import (
    DEFAULT_NOTIFY_URL,
    DEFAULT_SERVER_KEY,
    SimulatorServer,
)

__all__ = ["DEFAULT_NOTIFY_URL", "DEFAULT_SERVER_KEY", "SimulatorServer"]
