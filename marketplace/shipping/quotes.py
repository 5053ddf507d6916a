"""The shipping services a buyer chooses from for one parcel, with price and estimate.

`quote_parcel` asks, in order: the rate provider (SHIPPING_PROVIDER = "biteship"), then the
association's rate table (when the provider is not configured, or cannot be reached or
gives nothing usable: `fell_back`), then the group's flat fee. It never raises for provider
trouble and always returns at least one option, so shipping never blocks a sale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app

from marketplace.catalog.models import ProducerGroup
from marketplace.gateways.biteship import DEFAULT_TIMEOUT, BiteshipClient, Rate, RateError
from marketplace.kernel import regions
from marketplace.kernel.couriers import COURIERS
from marketplace.shipping import rules, services
from marketplace.shipping.models import GroupShipping

log = logging.getLogger(__name__)

FLAT = "flat"
PROVIDER, TABLE = "provider", "table"
BITESHIP = "biteship"


@dataclass(frozen=True)
class ServiceQuote:
    """One way to ship the parcel. `price` is what the buyer pays for it: the rate plus the
    group's packing fee, or 0 from the group's free-shipping threshold on. The flat option
    (code "flat": the group's own fee, packing included) has no courier and no estimate
    (etd 0 and 0)."""

    code: str  # "jne:reg" or "flat"
    courier_code: str
    courier_name: str
    service_code: str
    service_name: str
    price: int
    etd_min_days: int
    etd_max_days: int
    source: str  # "provider" | "table" | "flat"

    @property
    def label(self) -> str:
        """'JNE REG'; "" for the flat option (the template names it)."""
        return f"{self.courier_name} {self.service_name}".strip()

    @property
    def has_estimate(self) -> bool:
        return self.source != FLAT


@dataclass(frozen=True)
class ParcelQuotes:
    group_id: int
    weight_grams: int
    charged_weight_grams: int
    destination_village_code: str
    options: tuple[ServiceQuote, ...]  # cheapest first, then fastest; never empty
    fell_back: bool  # the provider was asked but not usable: the table (or flat fee) used

    def option(self, code: str) -> ServiceQuote | None:
        """The option with this code, or None (a choice no longer offered)."""
        return next((quote for quote in self.options if quote.code == code), None)

    @property
    def cheapest(self) -> ServiceQuote:
        return self.options[0]


def quote_parcel(group: ProducerGroup, destination_village_code: str, weight_grams: int,
                 goods_amount: int, ask_provider: bool = True) -> ParcelQuotes:
    """The options to ship `weight_grams` of the group's goods worth `goods_amount` to a
    village; see the module's docstring for where prices come from. `ask_provider=False`:
    the provider failed a moment ago (another parcel of the same page), so go straight to
    the table, as after a failure (`fell_back`)."""
    settings = services.settings_for(group)
    charged = rules.charged_weight_grams(weight_grams, settings.weight_tolerance_grams)
    chosen = services.chosen_services(settings)
    origin = regions.get(getattr(group, "origin_village_code", "") or "")
    destination = regions.get(destination_village_code or "")
    options: list[ServiceQuote] = []
    fell_back = False
    if chosen and origin is not None and destination is not None:
        if current_app.config.get("SHIPPING_PROVIDER") == BITESHIP and not ask_provider:
            fell_back = True
        elif current_app.config.get("SHIPPING_PROVIDER") == BITESHIP:
            try:
                options = _from_provider(group, settings, chosen, origin, destination,
                                         charged, goods_amount)
            except RateError as error:
                log.warning("shipping rates for group %s to %s: provider failed (%s); "
                            "using the rate table", group.id, destination.code, error)
                fell_back = True
            else:
                if not options:
                    log.warning("shipping rates for group %s to %s: the provider offered "
                                "none of %s; using the rate table", group.id,
                                destination.code, ",".join(chosen))
                    fell_back = True
        if not options:
            options = _from_table(group, settings, chosen, origin, destination, charged,
                                  goods_amount)
    if not options:
        options = [_flat(group, goods_amount)]
    options.sort(key=lambda q: rules.option_order(q.price, q.etd_max_days, q.etd_min_days,
                                                  q.code))
    return ParcelQuotes(group_id=group.id, weight_grams=weight_grams,
                        charged_weight_grams=charged,
                        destination_village_code=destination_village_code or "",
                        options=tuple(options), fell_back=fell_back)


def _names(courier_code: str, service_code: str, rate: Rate | None = None) -> tuple[str, str]:
    """The catalogue's display names (the provider's when the catalogue lacks them)."""
    courier = COURIERS.get(courier_code)
    if courier is not None and service_code in courier.services:
        return courier.name, courier.services[service_code]
    if rate is not None:
        return rate.courier_name, rate.service_name
    return courier_code.upper(), service_code.upper()


def _from_provider(group: ProducerGroup, settings: GroupShipping, chosen: tuple[str, ...],
                   origin, destination, charged_grams: int,
                   goods_amount: int) -> list[ServiceQuote]:
    """The provider's rates for the group's chosen services; RateError when it fails."""
    config = current_app.config
    origin_postal = _postal_code(origin)
    destination_postal = _postal_code(destination)
    if not origin_postal or not destination_postal:
        raise RateError("no postal code for the origin or the destination")
    client = BiteshipClient(config.get("BITESHIP_API_URL", ""),
                            config.get("BITESHIP_API_KEY", ""),
                            float(config.get("SHIPPING_TIMEOUT_SECONDS", DEFAULT_TIMEOUT)))
    couriers = list(dict.fromkeys(rules.split_service_key(code)[0] for code in chosen))
    rates = client.rates(origin_postal_code=origin_postal,
                         destination_postal_code=destination_postal, couriers=couriers,
                         weight_grams=charged_grams, value=max(int(goods_amount), 0))
    quotes: dict[str, ServiceQuote] = {}
    for rate in rates:
        code = rules.service_key(rate.courier_code, rate.service_code)
        if code not in chosen or code in quotes:
            continue
        courier_name, service_name = _names(rate.courier_code, rate.service_code, rate)
        quotes[code] = ServiceQuote(
            code=code, courier_code=rate.courier_code, courier_name=courier_name,
            service_code=rate.service_code, service_name=service_name,
            price=rules.buyer_price(rate.price, settings.packing_fee, goods_amount,
                                    group.free_shipping_threshold),
            etd_min_days=rate.etd_min_days, etd_max_days=rate.etd_max_days, source=PROVIDER)
    return list(quotes.values())


def _postal_code(region) -> str:
    """A village's postal code (a region above village level has none)."""
    return (getattr(region, "postal_code", "") or "").strip()


def _from_table(group: ProducerGroup, settings: GroupShipping, chosen: tuple[str, ...],
                origin, destination, charged_grams: int,
                goods_amount: int) -> list[ServiceQuote]:
    kilograms = charged_grams // rules.GRAMS_PER_KG
    rows = services.table_rates(regions.province_code(origin.code),
                                regions.province_code(destination.code), chosen)
    quotes = []
    for row in rows:
        courier_name, service_name = _names(row.courier_code, row.service_code)
        rate = rules.table_price(row.first_kg_price, row.next_kg_price, kilograms)
        quotes.append(ServiceQuote(
            code=row.service_key, courier_code=row.courier_code, courier_name=courier_name,
            service_code=row.service_code, service_name=service_name,
            price=rules.buyer_price(rate, settings.packing_fee, goods_amount,
                                    group.free_shipping_threshold),
            etd_min_days=row.etd_min_days, etd_max_days=row.etd_max_days, source=TABLE))
    return quotes


def _flat(group: ProducerGroup, goods_amount: int) -> ServiceQuote:
    """The group's own flat fee per parcel (free from its threshold on)."""
    price = rules.buyer_price(max(int(group.shipping_fee or 0), 0), 0, goods_amount,
                              group.free_shipping_threshold)
    return ServiceQuote(code=FLAT, courier_code="", courier_name="", service_code="",
                        service_name="", price=price, etd_min_days=0, etd_max_days=0,
                        source=FLAT)
