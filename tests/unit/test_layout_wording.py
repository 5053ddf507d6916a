"""No text sends the reader to a side of the page: on a phone the columns stack, and what
was "on the left" is above."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIDES = re.compile(r"\b(?:on|to|at) the (?:left|right)\b|\b(?:di )?sebelah (?:kiri|kanan)\b"
                   r"|\bdi (?:kiri|kanan)\b", re.IGNORECASE)


def test_no_text_points_at_a_side_of_the_layout():
    # given every template, Python message and translation
    sources = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("marketplace/**/*.py"),
               *ROOT.glob("marketplace/translations/*/LC_MESSAGES/messages.po")]
    # when they are searched for "on the left", "sebelah kiri" and the like
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sources
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if SIDES.search(line) and not line.lstrip().startswith("#")]
    # then there are none (obsolete catalogue entries, starting with "#~", do not count)
    assert not found, "\n".join(found)
