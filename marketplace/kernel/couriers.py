"""The couriers groups ship with: their services and their own public tracking pages.

Codes are Biteship's (`courier_code`, `courier_service_code`), so a quote from the rates API
and a group's choice of services speak the same words. Pure data and functions.

Tracking pages (checked against the couriers' sites and public code that links to them):
- JNE's page (jne.co.id/tracking-package) takes the number in its own form, behind a
  captcha; links to it carrying the number disagree with each other, so we link the page.
- J&T Express's page (jet.co.id/track) is a single-page app that blocks scripted requests;
  public links to it pass the number in four different ways, so we link the page.
- SiCepat (sicepat.com/checkAwb/<number>), AnterAja (anteraja.id/tracking/<number>) and
  Pos Indonesia (posindonesia.co.id/id/tracking/<number>) open the parcel from the path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

# In a tracking URL template, where the tracking number goes.
NUMBER = "{number}"


@dataclass(frozen=True)
class Courier:
    """A courier: Biteship code, display name, services (code -> name), tracking page."""

    code: str
    name: str
    services: dict[str, str] = field(hash=False)
    # The courier's own tracking page; with NUMBER in it when the page takes the number.
    tracking_url: str = ""


COURIERS: dict[str, Courier] = {
    courier.code: courier
    for courier in (
        Courier("jne", "JNE", {"reg": "REG", "yes": "YES", "oke": "OKE"},
                "https://www.jne.co.id/tracking-package"),
        Courier("jnt", "J&T", {"ez": "EZ"}, "https://jet.co.id/track"),
        Courier("sicepat", "SiCepat", {"reg": "REG", "best": "BEST"},
                f"https://www.sicepat.com/checkAwb/{NUMBER}"),
        # Biteship lists Pos Indonesia's regular parcel as "reguler"; Kilat Khusus is the
        # name buyers know from the post office counter.
        Courier("pos", "Pos Indonesia", {"kilat": "Kilat Khusus", "reguler": "Reguler"},
                f"https://www.posindonesia.co.id/id/tracking/{NUMBER}"),
        Courier("anteraja", "AnterAja", {"reg": "Reguler", "next_day": "Next Day"},
                f"https://anteraja.id/tracking/{NUMBER}"),
    )
}

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def service_label(courier_code: str, service_code: str) -> str:
    """'JNE REG': the courier's and the service's display names (codes if unknown)."""
    courier = COURIERS.get(courier_code)
    if courier is None:
        return f"{courier_code.upper()} {service_code.upper()}".strip()
    return f"{courier.name} {courier.services.get(service_code, service_code.upper())}".strip()


def _compact(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower())


def courier_for(text: str) -> Courier | None:
    """The courier a code or free-text name means: 'jne', 'JNE REG', 'J&T Express', 'jnt',
    'SiCepat BEST', 'Pos Indonesia', 'POS Kilat', 'AnterAja'; None when unknown."""
    text = (text or "").strip()
    if text.lower() in COURIERS:
        return COURIERS[text.lower()]
    words = [_compact(word) for word in text.split()]
    words = [word for word in words if word]
    if not words:
        return None
    whole = "".join(words)
    # J&T Cargo and JET Express are other companies with their own pages.
    if "cargo" in words or whole.startswith("jet"):
        return None
    if whole.startswith("jne"):
        return COURIERS["jne"]
    if whole.startswith(("jnt", "jt")):  # "J&T" compacts to "jt"
        return COURIERS["jnt"]
    if whole.startswith("sicepat"):
        return COURIERS["sicepat"]
    if whole.startswith("anteraja"):
        return COURIERS["anteraja"]
    if words[0] == "pos" or whole.startswith(("posindonesia", "kantorpos")):
        return COURIERS["pos"]
    return None


def tracking_link(courier_text_or_code: str, number: str) -> str | None:
    """The courier's own tracking page for this parcel (the number in it where the page
    accepts it), or None when the courier is unknown or there is no number."""
    courier = courier_for(courier_text_or_code or "")
    number = (number or "").strip()
    if courier is None or not courier.tracking_url or not number:
        return None
    return courier.tracking_url.replace(NUMBER, quote(number, safe=""))
