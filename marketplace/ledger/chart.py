"""Server-drawn SVG bar charts: compact rupiah labels and the layout math, in integers.

Pure: no Flask, no database. The view gives month labels and values; the template
(templates/admin/_chart.html) draws what `stacked_bars` returns. Money stays int; pixel
positions are ints rounded half up from exact integer ratios, so stacked segments meet
without gaps and a stack is exactly as tall as its total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from marketplace.kernel.money import round_half_up_div

# (unit, Indonesian suffix, English suffix), largest first: triliun, miliar, juta, ribu.
UNITS = ((10**12, " T", "T"), (10**9, " M", "B"), (10**6, " jt", "M"), (10**3, " rb", "K"))
# Colour-blind-safe fills (Okabe-Ito) and black overlays: colour is never needed to tell
# the series apart, so a black-and-white print stays readable.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")
PATTERNS = ("solid", "diagonal", "dots", "horizontal", "crosshatch", "vertical")


def compact_rupiah(amount: int, locale: str = "id") -> str:
    """Rupiah for an axis: 'Rp 12,5 jt' / 'IDR 12.5M'; below a thousand, in full."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"rupiah amounts are int, got {type(amount).__name__}")
    english = not str(locale).startswith("id")
    prefix = ("-" if amount < 0 else "") + ("IDR " if english else "Rp ")
    value = abs(amount)
    for index, (unit, suffix_id, suffix_en) in enumerate(UNITS):
        if value < unit:
            continue
        tenths = round_half_up_div(value * 10, unit)
        whole = round_half_up_div(value, unit)
        if tenths >= 1000 and whole >= 1000 and index > 0:
            # 999.600 would read "1.000 rb": it is "1 jt".
            unit, suffix_id, suffix_en = UNITS[index - 1]
            tenths = round_half_up_div(value * 10, unit)
        suffix = suffix_en if english else suffix_id
        if tenths < 1000:  # under 100 units: one decimal, left out when it is 0
            whole, tenth = divmod(tenths, 10)
            decimal = ("." if english else ",") + str(tenth) if tenth else ""
            return f"{prefix}{whole}{decimal}{suffix}"
        return f"{prefix}{_grouped(whole, english)}{suffix}"
    return f"{prefix}{value}"


def _grouped(number: int, english: bool) -> str:
    text = f"{number:,}"
    return text if english else text.replace(",", ".")


def nice_step(span: int, intervals: int = 5) -> int:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ step with `intervals` steps covering `span`."""
    if span <= 0:
        return 1
    target = -(-span // intervals)
    magnitude = 1
    while magnitude * 10 <= target:
        magnitude *= 10
    candidates = [magnitude, 2 * magnitude, 5 * magnitude, 10 * magnitude]
    if magnitude >= 10:
        candidates.insert(2, magnitude * 5 // 2)
    return next(step for step in candidates if step >= target)


def _ceil_to(value: int, step: int) -> int:
    return -(-value // step) * step


@dataclass(frozen=True)
class Segment:
    """One series' part of one month's bar (a rectangle)."""

    month: int
    series: int
    value: int
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Tick:
    value: int
    y: int
    label: str


@dataclass(frozen=True)
class Slot:
    """A month: its centre, its axis label (None when thinned out) and its total."""

    month: int
    centre: int
    label: str | None
    total: int
    total_label: str | None
    total_y: int


@dataclass(frozen=True)
class LegendItem:
    series: int
    name: str
    x: int
    y: int

    @property
    def colour(self) -> str:
        return series_style(self.series)[0]

    @property
    def pattern(self) -> str:
        return series_style(self.series)[1]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_width: int
    plot_height: int
    zero_y: int
    ticks: list[Tick]
    slots: list[Slot]
    segments: list[Segment]
    legend: list[LegendItem]
    swatch: int

    @property
    def plot_right(self) -> int:
        return self.plot_left + self.plot_width

    @property
    def plot_bottom(self) -> int:
        return self.plot_top + self.plot_height

    @property
    def is_empty(self) -> bool:
        return not any(slot.total for slot in self.slots) and not self.segments


def by_month_and_sentra(months: Sequence[date], bars: Iterable) -> tuple[
        list[str], list[list[int]], list[list[int]]]:
    """(sentra names, sales[month][sentra], commission[month][sentra]) from rows with
    .month, .sentra_name, .sales and .commission (reports.MonthBar)."""
    bars = list(bars)
    names = sorted({bar.sentra_name for bar in bars})
    column = {name: index for index, name in enumerate(names)}
    row = {month: index for index, month in enumerate(months)}
    sales = [[0] * len(names) for _ in months]
    commission = [[0] * len(names) for _ in months]
    for bar in bars:
        if bar.month in row:
            sales[row[bar.month]][column[bar.sentra_name]] += bar.sales
            commission[row[bar.month]][column[bar.sentra_name]] += bar.commission
    return names, sales, commission


def series_style(series: int) -> tuple[str, str]:
    """(fill colour, pattern name) of a series; 24 series before one repeats."""
    return COLOURS[series % len(COLOURS)], PATTERNS[series % len(PATTERNS)]


def legend_layout(names: Sequence[str], width: int, left: int = 12, top: int = 10,
                  swatch: int = 14, row_height: int = 22,
                  char_width: int = 7) -> tuple[list[LegendItem], int]:
    """Legend entries flowed in rows across `width`; returns (items, height used)."""
    items: list[LegendItem] = []
    x, y = left, top
    for series, name in enumerate(names):
        needed = swatch + 6 + len(name) * char_width + 18
        if x > left and x + needed > width:
            x, y = left, y + row_height
        items.append(LegendItem(series, name, x, y))
        x += needed
    return items, (y - top + row_height if names else 0)


def stacked_bars(months: Sequence[str], series: Sequence[str],
                 values: Sequence[Sequence[int]], locale: str = "id", *, width: int = 960,
                 plot_height: int = 240, max_labels: int = 12, max_bar: int = 72,
                 intervals: int = 5) -> BarChart:
    """Lay out one stacked bar per month, one segment per series (values[month][series]).

    Positive values stack up from the zero line, negative ones down from it. Month labels
    are thinned to at most `max_labels`; totals are written above bars wide enough.
    """
    if len(values) != len(months) or any(len(row) != len(series) for row in values):
        raise ValueError("values must be months × series")
    legend, legend_height = legend_layout(series, width)
    left, right = 96, 16
    top = 10 + legend_height + 22
    bottom_space = 34
    plot_width = width - left - right
    ups = [sum(v for v in row if v > 0) for row in values]
    downs = [-sum(v for v in row if v < 0) for row in values]
    step = nice_step(max(ups, default=0) + max(downs, default=0), intervals)
    high = _ceil_to(max(ups, default=0), step)
    low = max(downs, default=0)  # exact: a little below zero takes little room
    if high == 0 and low == 0:
        high = step * intervals

    def y_of(value: int) -> int:
        return top + round_half_up_div((high - value) * plot_height, high + low)

    ticks = [Tick(v, y_of(v), compact_rupiah(v, locale))
             for v in range(-(low // step) * step, high + 1, step)]
    count = max(len(months), 1)
    every = -(-len(months) // max_labels) if months else 1
    segments: list[Segment] = []
    slots: list[Slot] = []
    for month, row in enumerate(values):
        slot_left = left + month * plot_width // count
        slot_right = left + (month + 1) * plot_width // count
        slot_width = slot_right - slot_left
        gap = slot_width // 5 if slot_width >= 5 else 0
        bar_width = min(slot_width - 2 * gap, max_bar)
        x = slot_left + (slot_width - bar_width) // 2
        up = down = 0
        for index, value in enumerate(row):
            if value > 0:
                y_top, y_bottom = y_of(up + value), y_of(up)
                up += value
            elif value < 0:
                y_top, y_bottom = y_of(down), y_of(down + value)
                down += value
            else:
                continue
            if y_bottom > y_top:  # too small to see is left out of the drawing only
                segments.append(Segment(month, index, value, x, y_top, bar_width,
                                        y_bottom - y_top))
        total = sum(row)
        wide = slot_width >= 56
        slots.append(Slot(
            month=month, centre=slot_left + slot_width // 2,
            label=months[month] if month % every == 0 else None, total=total,
            total_label=compact_rupiah(total, locale) if wide and total else None,
            total_y=y_of(up) - 5,
        ))
    return BarChart(
        width=width, height=top + plot_height + bottom_space, plot_left=left, plot_top=top,
        plot_width=plot_width, plot_height=plot_height, zero_y=y_of(0), ticks=ticks,
        slots=slots, segments=segments, legend=legend, swatch=14,
    )
