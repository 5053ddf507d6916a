"""Choosing a courier service per parcel at checkout, at the price the buyer was shown.

The review page quotes every parcel (shipping.quotes) for the address, and keeps what it
showed in the session: for each parcel, the weight, goods amount and village it was quoted
for and each option's code, price and estimate. Placing the order charges the chosen
option at exactly that price, as long as the parcel is still what was quoted and the quote
is recent; otherwise the buyer is sent back to the review page with fresh prices. So the
sale never waits for a provider twice, and never charges a price that was not on the page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import session

from marketplace.cart.services import CartView
from marketplace.kernel.couriers import COURIERS
from marketplace.shipping.quotes import FLAT, ParcelQuotes, ServiceQuote, quote_parcel

SESSION_KEY = "checkout_shipping"
CHOICE_KEY = "checkout_shipping_choice"
QUOTE_SECONDS = 30 * 60  # how long a shown price holds


@dataclass(frozen=True)
class ParcelChoice:
    """One parcel's quotes as shown, and the option chosen (or proposed) among them."""

    quotes: ParcelQuotes
    chosen: ServiceQuote


def _parcel_key(group_id: int, weight_grams: int, goods: int, village_code: str) -> str:
    return f"{group_id}:{weight_grams}:{goods}:{village_code}"


def quote_cart(view: CartView, address: dict) -> list[ParcelChoice]:
    """Quote every parcel of the cart for the address; remember what is shown."""
    village = address.get("village_code", "")
    remembered = session.get(CHOICE_KEY) or {}
    shown, choices, provider_failed = {}, [], False
    for parcel in view.parcels:
        # once the provider failed for one parcel, the others use the table at once: the
        # page waits for one timeout at most, not one per parcel
        quotes = quote_parcel(parcel.group, village, parcel.parcel.weight_grams,
                              parcel.parcel.subtotal, ask_provider=not provider_failed)
        provider_failed = provider_failed or quotes.fell_back
        wanted = remembered.get(str(parcel.group.id)) if isinstance(remembered, dict) else None
        chosen = quotes.option(wanted) if isinstance(wanted, str) else None
        choices.append(ParcelChoice(quotes, chosen or quotes.cheapest))
        shown[_parcel_key(parcel.group.id, parcel.parcel.weight_grams, parcel.parcel.subtotal,
                          village)] = {
            "at": int(time.time()), "fell_back": quotes.fell_back,
            "options": [[q.code, q.price, q.etd_min_days, q.etd_max_days, q.source]
                        for q in quotes.options]}
    session[SESSION_KEY] = shown
    return choices


def remember_choices(form) -> None:
    """The options ticked on the review form, preselected when it is shown again."""
    session[CHOICE_KEY] = {key[5:]: value[:40] for key, value in form.items()
                           if key.startswith("ship-") and key[5:].isdigit()}


def forget() -> None:
    session.pop(SESSION_KEY, None)
    session.pop(CHOICE_KEY, None)


def _quote_from(row, group_id: int) -> ServiceQuote | None:
    try:
        code, price, etd_min, etd_max, source = row
    except (TypeError, ValueError):
        return None
    if not isinstance(code, str) or not all(isinstance(n, int) for n in (price, etd_min,
                                                                        etd_max)):
        return None
    if code == FLAT:
        return ServiceQuote(code=FLAT, courier_code="", courier_name="", service_code="",
                            service_name="", price=price, etd_min_days=0, etd_max_days=0,
                            source=FLAT)
    courier_code, _sep, service_code = code.partition(":")
    courier = COURIERS.get(courier_code)
    courier_name = courier.name if courier else courier_code.upper()
    service_name = courier.services.get(service_code, service_code.upper()) if courier \
        else service_code.upper()
    return ServiceQuote(code=code, courier_code=courier_code, courier_name=courier_name,
                        service_code=service_code, service_name=service_name, price=price,
                        etd_min_days=etd_min, etd_max_days=etd_max, source=str(source))


def shown_choices(view: CartView, address: dict, form) -> dict[int, ServiceQuote] | None:
    """The option chosen on the review form for each parcel, at the price it was shown;
    None when a parcel was not quoted as it is now, or the quote is too old (quote again)."""
    shown = session.get(SESSION_KEY)
    if not isinstance(shown, dict):
        return None
    village, now, result = address.get("village_code", ""), time.time(), {}
    for parcel in view.parcels:
        entry = shown.get(_parcel_key(parcel.group.id, parcel.parcel.weight_grams,
                                      parcel.parcel.subtotal, village))
        if not isinstance(entry, dict) or now - entry.get("at", 0) > QUOTE_SECONDS:
            return None
        options = [_quote_from(row, parcel.group.id) for row in entry.get("options") or []]
        options = [quote for quote in options if quote is not None]
        if not options:
            return None
        wanted = form.get(f"ship-{parcel.group.id}")
        chosen = next((q for q in options if q.code == wanted), None) if wanted else options[0]
        if chosen is None:
            return None  # a choice the page did not offer
        result[parcel.group.id] = chosen
    return result
