"""The reconciliation chart's pure parts: compact rupiah labels and the bar layout math."""

from __future__ import annotations

from collections import namedtuple
from datetime import date

import pytest

from marketplace.ledger.chart import (
    by_month_and_sentra,
    compact_rupiah,
    legend_layout,
    nice_step,
    series_style,
    stacked_bars,
)


@pytest.mark.parametrize("amount,indonesian,english", [
    (0, "Rp 0", "IDR 0"),
    (950, "Rp 950", "IDR 950"),
    (1_000, "Rp 1 rb", "IDR 1K"),
    (2_500, "Rp 2,5 rb", "IDR 2.5K"),
    (125_000, "Rp 125 rb", "IDR 125K"),
    (999_499, "Rp 999 rb", "IDR 999K"),
    (999_500, "Rp 1 jt", "IDR 1M"),  # not "1.000 rb"
    (12_500_000, "Rp 12,5 jt", "IDR 12.5M"),
    (12_549_999, "Rp 12,5 jt", "IDR 12.5M"),
    (12_550_000, "Rp 12,6 jt", "IDR 12.6M"),  # half up
    (99_950, "Rp 100 rb", "IDR 100K"),
    (1_250_000_000, "Rp 1,3 M", "IDR 1.3B"),
    (3_000_000_000_000, "Rp 3 T", "IDR 3T"),
    (1_234_000_000_000_000, "Rp 1.234 T", "IDR 1,234T"),
    (-1_250_000, "-Rp 1,3 jt", "-IDR 1.3M"),
])
def test_compact_rupiah_reads_like_the_locale(amount, indonesian, english):
    assert compact_rupiah(amount, "id") == indonesian
    assert compact_rupiah(amount, "en") == english


def test_compact_rupiah_refuses_floats():
    with pytest.raises(TypeError):
        compact_rupiah(12.5, "id")


@pytest.mark.parametrize("span,step", [
    (0, 1), (1, 1), (7, 2), (12, 5), (99, 20), (100, 20), (1_000, 200),
    (12_345_000, 2_500_000), (530_000, 200_000), (5_000_000, 1_000_000),
])
def test_nice_step_is_one_two_two_and_a_half_or_five_times_a_power_of_ten(span, step):
    assert nice_step(span) == step
    assert step * 5 >= span


MONTHS = ["Jan 26", "Feb 26", "Mar 26", "Apr 26"]
SENTRA = ["Dinoyo", "Celuk", "Sanan"]
VALUES = [[100_000, 50_000, 0], [0, 0, 0], [200_000, 80_000, 133_333], [40_000, 0, 9_999]]


def _stacks(layout):
    by_month = {}
    for segment in layout.segments:
        by_month.setdefault(segment.month, []).append(segment)
    return by_month


def test_stacked_bars_meet_without_gaps_from_the_zero_line():
    layout = stacked_bars(MONTHS, SENTRA, VALUES, "id")

    for month, segments in _stacks(layout).items():
        segments.sort(key=lambda s: s.y, reverse=True)  # bottom first
        assert segments[0].y + segments[0].height == layout.zero_y
        for lower, upper in zip(segments, segments[1:], strict=False):
            assert upper.y + upper.height == lower.y, month
        assert [s.series for s in segments] == [i for i, v in enumerate(VALUES[month]) if v]
        assert len({(s.x, s.width) for s in segments}) == 1  # one bar per month


def test_stacked_bars_are_as_tall_as_their_values():
    layout = stacked_bars(MONTHS, SENTRA, VALUES, "id", plot_height=240)

    top = max(tick.value for tick in layout.ticks)
    assert top == 500_000  # 413.333 rounded up to the step of 100.000
    for segment in layout.segments:
        exact = segment.value * 240 / top
        assert abs(segment.height - exact) <= 1, segment
    tallest = _stacks(layout)[2]
    assert layout.zero_y - min(s.y for s in tallest) == round(413_333 * 240 / top)


def test_stacked_bars_stay_inside_the_plot_and_apart():
    layout = stacked_bars(MONTHS, SENTRA, VALUES, "en")

    for s in layout.segments:
        assert layout.plot_top <= s.y and s.y + s.height <= layout.plot_bottom
        assert layout.plot_left <= s.x and s.x + s.width <= layout.plot_right
        assert s.width >= 1 and s.height >= 1
    bars = sorted({(s.x, s.width) for s in layout.segments})
    for (x1, w1), (x2, _) in zip(bars, bars[1:], strict=False):
        assert x1 + w1 < x2
    assert all(isinstance(v, int) for s in layout.segments
               for v in (s.x, s.y, s.width, s.height))


def test_stacked_bars_label_axis_and_totals_compactly():
    layout = stacked_bars(MONTHS, SENTRA, VALUES, "id")

    assert [t.label for t in layout.ticks] == ["Rp 0", "Rp 100 rb", "Rp 200 rb", "Rp 300 rb",
                                               "Rp 400 rb", "Rp 500 rb"]
    assert [t.y for t in layout.ticks] == sorted((t.y for t in layout.ticks), reverse=True)
    assert [slot.label for slot in layout.slots] == MONTHS
    assert [slot.total_label for slot in layout.slots] == ["Rp 150 rb", None, "Rp 413 rb",
                                                           "Rp 50 rb"]
    assert [slot.total for slot in layout.slots] == [150_000, 0, 413_333, 49_999]


def test_stacked_bars_draw_negative_values_below_zero():
    layout = stacked_bars(["Mar 26", "Apr 26"], ["Dinoyo", "Celuk"],
                          [[10_000, 5_000], [-3_000, 2_000]], "id")

    negative = [s for s in layout.segments if s.value < 0]
    assert len(negative) == 1
    assert negative[0].y == layout.zero_y
    assert layout.zero_y < layout.plot_bottom
    assert layout.slots[1].total == -1_000
    assert min(t.value for t in layout.ticks) <= 0


def test_stacked_bars_with_nothing_sold_are_empty_but_drawable():
    layout = stacked_bars(MONTHS, SENTRA, [[0, 0, 0]] * 4, "id")

    assert layout.is_empty
    assert layout.segments == []
    assert layout.zero_y == layout.plot_bottom
    assert len(layout.ticks) >= 2


def test_stacked_bars_thin_out_month_labels_for_long_periods():
    months = [f"M{n}" for n in range(60)]

    layout = stacked_bars(months, ["A"], [[n * 1000] for n in range(60)], "en")

    labels = [slot.label for slot in layout.slots if slot.label]
    assert len(labels) <= 12
    assert labels[0] == "M0"
    assert all(slot.total_label is None for slot in layout.slots)  # too narrow for totals
    assert layout.width == 960


def test_stacked_bars_refuse_values_of_the_wrong_shape():
    with pytest.raises(ValueError):
        stacked_bars(MONTHS, SENTRA, VALUES[:3], "id")
    with pytest.raises(ValueError):
        stacked_bars(MONTHS, SENTRA[:2], VALUES, "id")


def test_legend_wraps_within_the_width():
    names = [f"Sentra number {n} with a long name" for n in range(8)]

    items, height = legend_layout(names, 600)

    assert [item.name for item in items] == names
    assert all(item.x + 14 + 6 + len(item.name) * 7 <= 600 for item in items)
    assert len({item.y for item in items}) > 1
    assert height == len({item.y for item in items}) * 22


def test_series_styles_differ_for_twenty_four_series():
    styles = [series_style(n) for n in range(24)]

    assert len(set(styles)) == 24
    assert series_style(24) == series_style(0)


def test_by_month_and_sentra_builds_the_matrix():
    Bar = namedtuple("Bar", "month sentra_name sales commission")
    months = [date(2026, 2, 1), date(2026, 3, 1)]

    names, sales, commission = by_month_and_sentra(months, [
        Bar(date(2026, 3, 1), "Dinoyo", 200_000, 20_000),
        Bar(date(2026, 2, 1), "Celuk", 50_000, 5_000),
        Bar(date(2026, 3, 1), "Celuk", 120_000, -3_000),
        Bar(date(2026, 5, 1), "Celuk", 1, 1),  # outside the months: left out
    ])

    assert names == ["Celuk", "Dinoyo"]
    assert sales == [[50_000, 0], [120_000, 200_000]]
    assert commission == [[5_000, 0], [-3_000, 20_000]]
