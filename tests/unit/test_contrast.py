"""Text colours of the stylesheet reach WCAG AA contrast (4.5:1 for normal-size text),
computed from the values in static/css/site.css itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
AA = 4.5


def _top_level_rules() -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, declarations) of each rule outside @media blocks, in file order."""
    text = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    text = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*\s*\}", "", text)
    return [([s.strip() for s in selectors.split(",")],
             {name.strip(): value.strip()
              for name, value in (d.split(":", 1) for d in body.split(";") if ":" in d)})
            for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text)]


RULES = _top_level_rules()


def declarations(selector: str) -> dict[str, str]:
    """What the rules naming `selector` declare, later ones winning; var(--x) resolved
    from :root."""
    def merged(wanted: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for selectors, props in RULES:
            if wanted in selectors:
                found.update(props)
        return found

    root = merged(":root")
    return {name: re.sub(r"var\((--[\w-]+)\)", lambda m: root[m.group(1)], value)
            for name, value in merged(selector).items()}


def luminance(colour: str) -> float:
    hex_digits = colour.strip().lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_of_known_pairs_matches_wcag():
    # black on white is the maximum, and #767676 on white the well-known AA edge
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("selector", [".button.whatsapp", ".button.whatsapp:hover"])
def test_contrast_whatsapp_button_text_reads_on_its_green(selector):
    # given the WhatsApp button's green and the white text every .button has
    text = declarations(".button")["color"]
    background = declarations(selector)["background"]
    # then the text reaches AA
    assert contrast(text, background) >= AA, (selector, text, background)


def test_contrast_in_stock_badge_reaches_aa():
    # given the "in stock" badge (.badge-ok), green on pale green
    badge = declarations(".badge-ok")
    # then its text reaches AA
    assert contrast(badge["color"], badge["background"]) >= AA, badge


def test_contrast_every_coloured_badge_reaches_aa():
    # given every badge rule that sets both its text and its background colour
    pairs = {}
    for selectors, _props in RULES:
        for selector in selectors:
            props = declarations(selector)
            if selector.startswith(".badge-") and {"color", "background"} <= props.keys():
                pairs[selector] = (props["color"], props["background"])
    assert len(pairs) > 10
    # then each reaches AA
    weak = {s: round(contrast(*pair), 2) for s, pair in pairs.items() if contrast(*pair) < AA}
    assert not weak, weak
