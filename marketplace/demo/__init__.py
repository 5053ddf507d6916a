"""The demo shop: its data files (data/*.toml), their loader, the catalogue writer, the
months of history and the pictures, behind `flask seed-demo` (cli.py).

Nothing imports this package but the CLI registration, the tests and the benchmarks.
"""

from marketplace.demo.catalogue import SeedReport, seed_demo
from marketplace.demo.history import seed_history
from marketplace.demo.loader import DemoDataError, load

__all__ = ["DemoDataError", "SeedReport", "load", "seed_demo", "seed_history"]
