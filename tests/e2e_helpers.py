"""Shared by the browser journeys."""

from __future__ import annotations

PASSWORD = "tanah liat dinoyo 77"

# Dinoyo, Lowokwaru, Kota Malang, Jawa Timur 65144, as the region picker's lists hold it.
DINOYO = {"province_code": "35", "regency_code": "35.73", "district_code": "35.73.05",
          "village_code": "35.73.05.1004", "postal_code": "65144"}


def choose_region(page, codes: dict = DINOYO) -> None:
    """Choose province, regency, district and village with the region picker as a buyer does
    with JavaScript on: each list is filled once the one above is chosen, and the village's
    postal code is filled in."""
    for level in ("province", "regency", "district", "village"):
        code = codes[f"{level}_code"]
        page.wait_for_selector(f'#{level}_code option[value="{code}"]', state="attached")
        page.select_option(f"#{level}_code", code)
    assert page.input_value("#postal_code") == codes["postal_code"]
