"""Shipping for the demo shop: the demo rate table and each demo group's couriers and
packing (data/shipping.toml), behind `flask seed-demo`. Running it again adds nothing:
rates and settings already there, edited or not, stay."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from marketplace.catalog.models import ProducerGroup, Sentra
from marketplace.demo.loader import DATA_DIR, DemoDataError
from marketplace.kernel.extensions import db
from marketplace.shipping import services
from marketplace.shipping.models import GroupShipping
from marketplace.shipping.rules import MAX_TOLERANCE_GRAMS

FILE = "shipping.toml"


@dataclass(frozen=True)
class DemoShipping:
    services: tuple[str, ...]
    packing_fee: int
    weight_tolerance_grams: int


def load_shipping(data_dir: Path = DATA_DIR) -> tuple[dict[str, DemoShipping],
                                                      dict[str, DemoShipping]]:
    """(per sentra slug, per group slug) from data/shipping.toml, checked."""
    path = Path(data_dir) / FILE
    try:
        with path.open("rb") as f:
            doc = tomllib.load(f)
    except FileNotFoundError:
        raise DemoDataError(f"{FILE}: file missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DemoDataError(f"{FILE}: not valid TOML: {exc}") from None
    unknown = sorted(set(doc) - {"sentra", "groups"})
    if unknown:
        raise DemoDataError(f"{FILE}: unknown table(s): {', '.join(unknown)}")
    return ({slug: _entry(table, f"sentra {slug!r}")
             for slug, table in doc.get("sentra", {}).items()},
            {slug: _entry(table, f"group {slug!r}")
             for slug, table in doc.get("groups", {}).items()})


def _entry(table, where: str) -> DemoShipping:
    if not isinstance(table, dict):
        raise DemoDataError(f"{FILE}, {where}: must be a table")
    extra = sorted(set(table) - {"services", "packing_fee", "weight_tolerance_grams"})
    if extra:
        raise DemoDataError(f"{FILE}, {where}: unknown field(s): {', '.join(extra)}")
    codes = table.get("services", [])
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise DemoDataError(f"{FILE}, {where}: `services` must be a list of codes")
    for code in codes:
        if not services.known_service(code):
            raise DemoDataError(f"{FILE}, {where}: {code!r} is not a courier service of "
                                "marketplace/kernel/couriers.py")
    numbers = {}
    for name, default in (("packing_fee", 0), ("weight_tolerance_grams", 300)):
        value = table.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DemoDataError(f"{FILE}, {where}: `{name}` must be a whole number >= 0")
        numbers[name] = value
    if numbers["weight_tolerance_grams"] > MAX_TOLERANCE_GRAMS:
        raise DemoDataError(f"{FILE}, {where}: `weight_tolerance_grams` is at most "
                            f"{MAX_TOLERANCE_GRAMS}")
    if numbers["packing_fee"] > services.MAX_PACKING_FEE:
        raise DemoDataError(f"{FILE}, {where}: `packing_fee` is at most "
                            f"{services.MAX_PACKING_FEE}")
    return DemoShipping(tuple(codes), **numbers)


def seed_shipping(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Fill the rate table and give the demo groups without settings theirs; returns
    counts of what was added. Flushes; the caller commits."""
    by_sentra, by_group = load_shipping(data_dir)
    added = {"shipping rates": services.seed_default_rates(), "shipping settings": 0}
    have = set(db.session.scalars(select(GroupShipping.group_id)))
    rows = db.session.execute(
        select(ProducerGroup, Sentra.slug).join(Sentra, ProducerGroup.sentra_id == Sentra.id)
        .order_by(ProducerGroup.id)).all()
    for group, sentra_slug in rows:
        chosen = by_group.get(group.slug) or by_sentra.get(sentra_slug)
        if chosen is None or group.id in have:
            continue
        services.save_group_settings(group, list(chosen.services), chosen.packing_fee,
                                     chosen.weight_tolerance_grams)
        added["shipping settings"] += 1
    return {kind: n for kind, n in added.items() if n}
