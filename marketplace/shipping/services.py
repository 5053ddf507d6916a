"""Reading and changing shipping settings: a group's couriers and packing, and the
association's rate table (every change to it audited). Services flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import insert, select, tuple_
from sqlalchemy.exc import IntegrityError

from marketplace.catalog.models import ProducerGroup
from marketplace.kernel import audit, regions
from marketplace.kernel.couriers import COURIERS, Courier
from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError, Money
from marketplace.kernel.timeutil import utcnow
from marketplace.shipping import default_rates, rules
from marketplace.shipping.models import GroupShipping, ShippingRate

MAX_PACKING_FEE = 1_000_000
MAX_RATE_PRICE = 50_000_000
MAX_DAYS = 60
RATE_FIELDS = ("origin_province_code", "destination_province_code", "courier_code",
               "service_code", "first_kg_price", "next_kg_price", "etd_min_days",
               "etd_max_days")


class ShippingError(MessageError):
    """Shipping input refused; str(error) is the message, `field` the form field it is
    about (None when it is about the whole thing)."""

    def __init__(self, message: str, field: str | None = None, **params) -> None:
        super().__init__(message, **params)
        self.field = field


# --- The courier catalogue, as choices ---------------------------------------------------
def known_service(code: str) -> bool:
    """Whether 'jne:reg' names a service of the courier catalogue."""
    try:
        courier, service = rules.split_service_key(code)
    except ValueError:
        return False
    return courier in COURIERS and service in COURIERS[courier].services


def catalogue_services() -> list[tuple[str, str]]:
    """Every (courier code, service code) of the catalogue, in its order."""
    return [(courier.code, service) for courier in COURIERS.values()
            for service in courier.services]


def courier_choices() -> list[tuple[Courier, list[tuple[str, str]]]]:
    """Each courier with its services as ('jne:reg', 'REG') pairs, for checkboxes."""
    return [(courier, [(rules.service_key(courier.code, code), name)
                       for code, name in courier.services.items()])
            for courier in COURIERS.values()]


# --- A group's settings ------------------------------------------------------------------
def settings_for(group: ProducerGroup) -> GroupShipping:
    """The group's settings; a group that never saved any gets the defaults (no courier
    services, no packing fee, 300 g tolerance), not added to the session."""
    saved = db.session.get(GroupShipping, group.id)
    if saved is not None:
        return saved
    return GroupShipping(group_id=group.id, services="", packing_fee=0,
                         weight_tolerance_grams=rules.DEFAULT_TOLERANCE_GRAMS)


def chosen_services(settings: GroupShipping) -> tuple[str, ...]:
    """The group's services that the catalogue still knows ('jne:reg', ...)."""
    return tuple(code for code in settings.service_codes if known_service(code))


def ships_by_courier(group: ProducerGroup) -> bool:
    """Whether the group's parcels are priced per courier service (it chose services and
    its origin village), rather than at its flat fee."""
    return bool(getattr(group, "origin_village_code", "")) and \
        bool(chosen_services(settings_for(group)))


def save_group_settings(group: ProducerGroup, services: Iterable[str], packing_fee: int,
                        weight_tolerance_grams: int) -> GroupShipping:
    """Save the group's courier services, packing fee and weight tolerance.

    ShippingError (with the field) for a service the catalogue does not know, a packing
    fee outside 0..MAX_PACKING_FEE or a tolerance outside 0..999 grams.
    """
    codes = rules.split_service_codes(",".join(services))
    unknown = [code for code in codes if not known_service(code)]
    if unknown:
        raise ShippingError(N_("Choose services from the list (unknown: %(codes)s)."),
                            "services", codes=", ".join(unknown))
    if not isinstance(packing_fee, int) or not 0 <= packing_fee <= MAX_PACKING_FEE:
        raise ShippingError(N_("The packing fee must be from 0 to %(max)s."), "packing_fee",
                            max=Money(MAX_PACKING_FEE))
    if not isinstance(weight_tolerance_grams, int) or \
            not 0 <= weight_tolerance_grams <= rules.MAX_TOLERANCE_GRAMS:
        raise ShippingError(N_("The weight tolerance must be from 0 to %(max)d grams."),
                            "weight_tolerance_grams", max=rules.MAX_TOLERANCE_GRAMS)
    settings = db.session.get(GroupShipping, group.id, with_for_update=True)
    if settings is None:
        try:
            with db.session.begin_nested():  # another member's first save may win the race
                settings = GroupShipping(group_id=group.id)
                db.session.add(settings)
                db.session.flush()
        except IntegrityError:
            settings = db.session.get(GroupShipping, group.id, with_for_update=True)
    settings.services = rules.join_service_codes(codes)
    settings.packing_fee = packing_fee
    settings.weight_tolerance_grams = weight_tolerance_grams
    db.session.flush()
    return settings


# --- The rate table ----------------------------------------------------------------------
def province_choices() -> list[tuple[str, str]]:
    """(code, name) of every province, by name."""
    return [(region.code, region.name) for region in regions.children(None)]


def province_name(code: str) -> str:
    region = regions.get(code)
    return region.name if region is not None else code


def origins_in_table() -> list[str]:
    """The origin province codes the table has rows for, in code order."""
    return list(db.session.scalars(
        select(ShippingRate.origin_province_code).distinct()
        .order_by(ShippingRate.origin_province_code)))


def rates_from(origin_province_code: str,
               destination_province_code: str | None = None) -> list[ShippingRate]:
    """The table's rows from one province (optionally to one), by destination, courier
    and service."""
    stmt = select(ShippingRate).where(
        ShippingRate.origin_province_code == origin_province_code)
    if destination_province_code:
        stmt = stmt.where(ShippingRate.destination_province_code == destination_province_code)
    return list(db.session.scalars(stmt.order_by(
        ShippingRate.destination_province_code, ShippingRate.courier_code,
        ShippingRate.service_code)))


def table_rates(origin_province_code: str, destination_province_code: str,
                services: Iterable[str]) -> list[ShippingRate]:
    """The table's rows for one route and these 'courier:service' codes."""
    pairs = []
    for code in services:
        try:
            pairs.append(rules.split_service_key(code))
        except ValueError:
            continue
    if not pairs:
        return []
    return list(db.session.scalars(select(ShippingRate).where(
        ShippingRate.origin_province_code == origin_province_code,
        ShippingRate.destination_province_code == destination_province_code,
        tuple_(ShippingRate.courier_code, ShippingRate.service_code).in_(pairs))))


@dataclass(frozen=True)
class RateValues:
    """What the admin typed for a row (the view's form has already parsed the numbers)."""

    origin_province_code: str
    destination_province_code: str
    service: str  # 'jne:reg'
    first_kg_price: int | None
    next_kg_price: int | None
    etd_min_days: int | None
    etd_max_days: int | None


def _check_numbers(values: RateValues) -> None:
    if values.first_kg_price is None or not 1 <= values.first_kg_price <= MAX_RATE_PRICE:
        raise ShippingError(N_("The first kilogram costs from %(min)s to %(max)s."),
                            "first_kg_price", min=Money(1), max=Money(MAX_RATE_PRICE))
    if values.next_kg_price is None or not 0 <= values.next_kg_price <= MAX_RATE_PRICE:
        raise ShippingError(N_("Each further kilogram costs from %(min)s to %(max)s."),
                            "next_kg_price", min=Money(0), max=Money(MAX_RATE_PRICE))
    if values.etd_min_days is None or not 1 <= values.etd_min_days <= MAX_DAYS:
        raise ShippingError(N_("Delivery takes at least 1 and at most %(max)d days."),
                            "etd_min_days", max=MAX_DAYS)
    if values.etd_max_days is None or not 1 <= values.etd_max_days <= MAX_DAYS:
        raise ShippingError(N_("Delivery takes at least 1 and at most %(max)d days."),
                            "etd_max_days", max=MAX_DAYS)
    if values.etd_max_days < values.etd_min_days:
        raise ShippingError(_("The longest delivery time cannot be shorter than the "
                              "shortest."), "etd_max_days")


def _check_route(values: RateValues) -> tuple[str, str]:
    for field in ("origin_province_code", "destination_province_code"):
        region = regions.get(getattr(values, field) or "")
        if region is None or region.level != 1:
            raise ShippingError(_("Choose a province from the list."), field)
    if not known_service(values.service):
        raise ShippingError(_("Choose a courier service from the list."), "service")
    return rules.split_service_key(values.service)


def _summary(rate: ShippingRate) -> str:
    return (f"{rate.origin_province_code}->{rate.destination_province_code} "
            f"{rate.service_key}: {rate.first_kg_price} + {rate.next_kg_price}/kg, "
            f"{rate.etd_min_days}-{rate.etd_max_days} d")


def _duplicate() -> ShippingError:
    return ShippingError(_("The table already has this service on this route: edit that "
                           "row instead."), "service")


def add_rate(values: RateValues) -> ShippingRate:
    """Add a row to the table; ShippingError for bad input or a route and service the
    table already has."""
    courier, service = _check_route(values)
    _check_numbers(values)
    key = (values.origin_province_code, values.destination_province_code, courier, service)
    exists = db.session.scalar(select(ShippingRate.id).where(
        ShippingRate.origin_province_code == key[0],
        ShippingRate.destination_province_code == key[1],
        ShippingRate.courier_code == courier, ShippingRate.service_code == service))
    if exists:
        raise _duplicate()
    rate = ShippingRate(origin_province_code=key[0], destination_province_code=key[1],
                        courier_code=courier, service_code=service,
                        first_kg_price=values.first_kg_price,
                        next_kg_price=values.next_kg_price, etd_min_days=values.etd_min_days,
                        etd_max_days=values.etd_max_days)
    try:
        with db.session.begin_nested():  # a concurrent twin loses on the unique key
            db.session.add(rate)
            db.session.flush()
    except IntegrityError:
        raise _duplicate() from None
    audit.record("shipping_rate.add", rate, _summary(rate), None,
                 audit.snapshot(rate, RATE_FIELDS))
    return rate


def update_rate(rate: ShippingRate, first_kg_price: int | None, next_kg_price: int | None,
                etd_min_days: int | None, etd_max_days: int | None) -> bool:
    """Change a row's prices and days (its route and service stay); False when nothing
    changed. ShippingError for bad input."""
    values = RateValues(rate.origin_province_code, rate.destination_province_code,
                        rate.service_key, first_kg_price, next_kg_price, etd_min_days,
                        etd_max_days)
    _check_numbers(values)
    before = audit.snapshot(rate, RATE_FIELDS)
    rate.first_kg_price, rate.next_kg_price = first_kg_price, next_kg_price
    rate.etd_min_days, rate.etd_max_days = etd_min_days, etd_max_days
    after = audit.snapshot(rate, RATE_FIELDS)
    if after == before:
        return False
    db.session.flush()
    changed = [k for k in after if before[k] != after[k]]
    audit.record("shipping_rate.update", rate, _summary(rate),
                 {k: before[k] for k in changed}, {k: after[k] for k in changed})
    return True


def delete_rate(rate: ShippingRate) -> None:
    """Remove a row: that service is then no longer quoted from the table on that route."""
    audit.record("shipping_rate.delete", rate, _summary(rate),
                 audit.snapshot(rate, RATE_FIELDS), None)
    db.session.delete(rate)
    db.session.flush()


def seed_default_rates(provinces: Iterable[str] | None = None) -> int:
    """Fill the table with the demo rates (default_rates.py) between every two of
    `provinces` (default: all) for every service of the courier catalogue; rows already
    there, edited or not, stay. Returns how many rows were added."""
    have = set(db.session.execute(select(
        ShippingRate.origin_province_code, ShippingRate.destination_province_code,
        ShippingRate.courier_code, ShippingRate.service_code)).all())
    if provinces is None:
        provinces = [code for code, _name in province_choices()] or default_rates.PROVINCE_CODES
    now = utcnow()
    rows = [{**vars(rate), "updated_at": now}
            for rate in default_rates.default_rates(catalogue_services(), tuple(provinces))
            if (rate.origin_province_code, rate.destination_province_code,
                rate.courier_code, rate.service_code) not in have]
    if rows:
        db.session.execute(insert(ShippingRate.__table__), rows)  # Core: 5x faster
        db.session.flush()
    return len(rows)

