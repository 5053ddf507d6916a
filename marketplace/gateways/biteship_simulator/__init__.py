"""An offline Biteship: the Rates API over HTTP, with prices from postal codes, no keys."""

from marketplace.gateways.biteship_simulator.server import DEFAULT_PORT, SimulatorServer

__all__ = ["DEFAULT_PORT", "SimulatorServer"]
