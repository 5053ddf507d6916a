"""The demo data files (data/*.toml) read into plain dataclasses and checked, with errors
that name the file and the entry."""

from __future__ import annotations

import re
import tomllib
import types
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from marketplace.catalog.status import GroupStatus, ProductStatus
from marketplace.demo.images import MOTIFS
from marketplace.demo.records import (
    Address,
    Category,
    CommissionRule,
    Courier,
    DemoData,
    Group,
    Guest,
    History,
    Logins,
    Person,
    Product,
    Sentra,
)
from marketplace.kernel import regions

DATA_DIR = Path(__file__).with_name("data")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class DemoDataError(ValueError):
    """A data file is unreadable or holds an entry the demo cannot use."""


@cache
def load(data_dir: Path = DATA_DIR) -> DemoData:
    """Read and check every data file (once per process: the result is immutable)."""
    data_dir = Path(data_dir)
    categories = _categories(data_dir / "categories.toml")
    sentra, groups, products = [], [], []
    sentra_files = sorted((data_dir / "sentra").glob("*.toml"))  # their names give the order
    if not sentra_files:
        raise DemoDataError(f"{data_dir / 'sentra'}: no sentra files (*.toml)")
    seen: dict[tuple[str, str], Path] = {}
    for path in sentra_files:
        one, its_groups, its_products = _sentra_file(path, data_dir, categories)
        keys = [("sentra", one.slug), *(("group", g.slug) for g in its_groups),
                *(("product", p.slug) for p in its_products),
                *(("SKU", p.sku) for p in its_products),
                *(("SKU", v.sku) for p in its_products for v in p.variants)]
        for kind, key in keys:
            if (kind, key) in seen:
                other = seen[kind, key].relative_to(data_dir).as_posix()
                raise _Where(path, data_dir).error(f"{kind} {key!r} used twice" + (
                    f" (also in {other})" if seen[kind, key] != path else ""))
            seen[kind, key] = path
        sentra.append(one)
        groups += its_groups
        products += its_products
    groups.sort(key=lambda g: g.status != GroupStatus.APPROVED)  # stable: file order kept
    for_sale = {g.slug for g in groups if g.status == GroupStatus.APPROVED}
    products.sort(key=lambda p: not (p.status == ProductStatus.ACTIVE and p.group in for_sale))
    data = DemoData(tuple(categories), tuple(sentra), tuple(groups), tuple(products),
                    _logins(data_dir / "logins.toml"), _history(data_dir / "history.toml"))
    _check_references(data, data_dir)
    return data


# --- reading ---------------------------------------------------------------------------
class _Where:
    """Names a file (relative to the data folder) and an entry in it, for error messages."""

    def __init__(self, path: Path, data_dir: Path, entry: str = "") -> None:
        self.path, self.data_dir, self.entry = path, data_dir, entry

    def at(self, entry: str) -> _Where:
        return _Where(self.path, self.data_dir, entry)

    def error(self, problem: str) -> DemoDataError:
        try:
            name = self.path.relative_to(self.data_dir).as_posix()
        except ValueError:
            name = str(self.path)
        return DemoDataError(f"{name}{', ' + self.entry if self.entry else ''}: {problem}")


def _read(path: Path, data_dir: Path) -> tuple[dict, _Where]:
    where = _Where(path, data_dir)
    try:
        with path.open("rb") as f:
            return tomllib.load(f), where
    except FileNotFoundError:
        raise where.error("file missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise where.error(f"not valid TOML: {exc}") from None


def _tables(doc: dict, key: str, where: _Where) -> list[dict]:
    items = doc.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise where.error(f"`{key}` must be a list of tables ([[{key}]])")
    return items


def _make(cls: type, table: Any, where: _Where, implied: dict | None = None, **given: Any):
    """Build a dataclass from a TOML table: every field known, present and of its type.
    `given` fields are built by the caller from the table; `implied` ones come from where
    the table is (a product's group), so the table may not set them."""
    if not isinstance(table, dict):
        raise where.error("must be a table")
    given |= implied or {}
    hints = _hints(cls)
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(table) - (names - set(implied or ())))
    if unknown:
        raise where.error(f"unknown field(s): {', '.join(unknown)}")
    values = {}
    for f in fields(cls):
        if f.name in given:
            values[f.name] = given[f.name]
        elif f.name in table:
            values[f.name] = _typed(table[f.name], hints[f.name], where, f.name)
        elif f.default is MISSING:
            raise where.error(f"`{f.name}` is missing")
    return cls(**values)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _typed(value: Any, hint: Any, where: _Where, name: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):  # X | None: TOML has no null, leave it out
        return _typed(value, next(a for a in args if a is not type(None)), where, name)
    if isinstance(hint, type) and issubclass(hint, Enum):  # a status: one of its values
        _choice(value, hint, name, where)
        return hint(value)
    if origin is tuple:
        if not isinstance(value, list):
            raise where.error(f"`{name}` must be a list")
        return tuple(_typed(v, args[0], where, name) for v in value)
    if is_dataclass(hint):  # a table inside a table (a product's variants)
        return _make(hint, value, where.at(f"{name} {value.get('sku', '')!r}")
                     if isinstance(value, dict) else where)
    # bool is an int to Python, not to the data: true is no price
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)) or (
            hint is date and type(value) is not date):
        raise where.error(f"`{name}` must be {_TYPE_NAMES.get(hint, hint.__name__)}, "
                          f"not {value!r}")
    if hint is str and not value.strip():
        raise where.error(f"`{name}` is empty")
    if hint is int and value < 0:
        raise where.error(f"`{name}` cannot be negative ({value})")
    return value


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", date: "a date"}


def _categories(path: Path) -> list[Category]:
    doc, where = _read(path, path.parent)
    if set(doc) - {"categories"}:
        raise where.error(f"unknown section(s): {', '.join(sorted(set(doc) - {'categories'}))}")
    categories: list[Category] = []
    for number, table in enumerate(_tables(doc, "categories", where), start=1):
        here = where.at(f"category {table.get('slug', f'#{number}')!r}")
        category = _make(Category, table, here)
        _slug(category.slug, here)
        if category.slug in {c.slug for c in categories}:
            raise here.error("slug used twice")
        if category.parent and category.parent not in {c.slug for c in categories}:
            raise here.error(f"parent {category.parent!r} is not a category above it")
        categories.append(category)
    return categories


def _sentra_file(path: Path, data_dir: Path, categories: list[Category],
                 ) -> tuple[Sentra, list[Group], list[Product]]:
    doc, where = _read(path, data_dir)
    unknown = sorted(set(doc) - {"sentra", "groups"})
    if unknown:
        raise where.error(f"unknown section(s): {', '.join(unknown)}")
    if "sentra" not in doc:
        raise where.error("[sentra] is missing")
    here = where.at("[sentra]")
    sentra = _make(Sentra, doc["sentra"], here)
    _slug(sentra.slug, here)
    _color(sentra.color, here)
    groups, products = [], []
    for number, table in enumerate(_tables(doc, "groups", where), start=1):
        here = where.at(f"group {table.get('slug', f'#{number}')!r}")
        items = _tables(table, "products", here)
        group = _make(Group, {k: v for k, v in table.items() if k != "products"}, here,
                      implied={"sentra": sentra.slug})
        _slug(group.slug, here)
        if group.origin_village_code and regions.chain(group.origin_village_code) is None:
            raise here.error(f"`origin_village_code` {group.origin_village_code!r} is not a "
                             "village's Kemendagri code (e.g. \"35.73.05.1004\")")
        groups.append(group)
        for position, item in enumerate(items, start=1):
            spot = where.at(f"product {item.get('sku', f'#{position} of {group.slug}')!r}")
            product = _make(Product, item, spot, implied={"group": group.slug})
            _slug(product.slug, spot)
            _color(product.color, spot)
            _choice(product.motif, MOTIFS, "motif", spot)
            _variants(product, spot)
            if product.category not in {c.slug for c in categories}:
                raise spot.error(f"unknown category {product.category!r} (see categories.toml)")
            products.append(product)
    return sentra, groups, products


def _logins(path: Path) -> Logins:
    doc, where = _read(path, path.parent)
    admin = _make(Person, doc.get("admin"), where.at("[admin]"))
    buyer = _make(Person, doc.get("buyer"), where.at("[buyer]"))
    return _make(Logins, doc, where, admin=admin, buyer=buyer)


def _history(path: Path) -> History:
    doc, where = _read(path, path.parent)
    rules = []
    for number, table in enumerate(_tables(doc, "commission_rules", where), start=1):
        here = where.at(f"commission rule #{number}")
        rule = _make(CommissionRule, table, here)
        _choice(rule.scope, ("default", "sentra", "group"), "scope", here)
        if (rule.target is None) != (rule.scope == "default"):
            raise here.error("`target` names the sentra or group of a sentra or group rule, "
                             "and only then")
        if (rule.effective_from is None) == (rule.days_before_now is None):
            raise here.error("give either `effective_from` or `days_before_now`")
        if rule.rate_bp > 10_000:
            raise here.error(f"`rate_bp` is basis points, at most 10000 ({rule.rate_bp})")
        rules.append(rule)
    history = _make(
        History, doc, where, commission_rules=tuple(rules),
        account_address=_make(Address, doc.get("account_address"),
                              where.at("[account_address]")),
        guests=tuple(_make(Guest, g, where.at(f"guest #{n}"))
                     for n, g in enumerate(_tables(doc, "guests", where), start=1)),
        couriers=tuple(_make(Courier, c, where.at(f"courier #{n}"))
                       for n, c in enumerate(_tables(doc, "couriers", where), start=1)),
    )
    unpaid = history.expired_orders + history.abandoned_orders + history.group_cancellations
    if history.recent_orders + unpaid > history.orders:
        raise where.error("more recent, expired, abandoned and cancelled orders than `orders`")
    for name in ("payment_types", "partial_refund_reasons", "full_refund_reasons",
                 "group_cancel_reasons", "guests", "couriers"):
        if not getattr(history, name):
            raise where.error(f"`{name}` needs at least one entry")
    return history


def _check_references(data: DemoData, data_dir: Path) -> None:
    """Across files: the history's rules and draft payouts name existing sentra and groups."""
    history = _Where(data_dir / "history.toml", data_dir)
    targets = {"sentra": {s.slug for s in data.sentra}, "group": {g.slug for g in data.groups}}
    for number, rule in enumerate(data.history.commission_rules, start=1):
        if rule.target is not None and rule.target not in targets[rule.scope]:
            raise history.at(f"commission rule #{number}").error(
                f"no {rule.scope} {rule.target!r}")
    missing = sorted(set(data.history.draft_payout_groups) - targets["group"])
    if missing:
        raise history.error(f"`draft_payout_groups`: no group {', '.join(missing)}")


def _variants(product: Product, where: _Where) -> None:
    """Variants need options, one value per option, and combinations of their own."""
    if bool(product.options) != bool(product.variants):
        raise where.error("`options` and `variants` go together")
    if len(set(product.options)) != len(product.options) or len(product.options) > 3:
        raise where.error("`options`: at most three, each named once")
    seen = set()
    for variant in product.variants:
        if len(variant.values) != len(product.options) or variant.values in seen:
            raise where.error(f"variant {variant.sku!r}: one value per option, not repeated")
        seen.add(variant.values)


def _slug(value: str, where: _Where) -> None:
    if not SLUG.fullmatch(value):
        raise where.error(f"slug {value!r}: use lowercase letters, digits and dashes")


def _color(value: str, where: _Where) -> None:
    if not COLOR.fullmatch(value):
        raise where.error(f"colour {value!r}: write it as #rrggbb")


def _choice(value: str, allowed, name: str, where: _Where) -> None:
    choices = [getattr(a, "value", a) for a in allowed]
    if value not in choices:
        raise where.error(f"`{name}` {value!r} is not one of {', '.join(choices)}")
