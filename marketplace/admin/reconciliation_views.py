"""Reconciliation (/admin/rekonsiliasi): a period's figures per group and in total, the
monthly chart by sentra, and CSV exports of the table, the chart's numbers and the
commission ledger. Read-only; the figures come from ledger/reports.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template, request
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from marketplace.admin.blueprint import bp
from marketplace.kernel.csvout import csv_download
from marketplace.kernel.timeutil import jakarta_today as today_wib
from marketplace.ledger import chart, reports
from marketplace.ledger.reports import Period, ledger_entries
from marketplace.ledger.reports import month_period as month_of

INVALID = 422  # the page comes back with the message, what was typed and the default period
MAX_DAYS = 5 * 366 + 1
FIRST_YEAR, LAST_YEAR = 2000, 2099
_DAY_FORMATS = (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), re.compile(r"(\d{1,2})[/.-](\d{1,2})"
                                                                       r"[/.-](\d{4})"))
COLUMNS = ("gross_sales", "shipping", "commission_earned", "commission_reversed", "refunds",
           "paid_out", "owed_to_groups", "owed_to_buyers")




def quick_periods(today: date) -> list[tuple[str, Period]]:
    """The period chooser's shortcuts: this month, last month, this year."""
    return [
        (_("This month"), month_of(today)),
        (_("Last month"), month_of(today.replace(day=1) - timedelta(days=1))),
        (_("This year"), Period(date(today.year, 1, 1), date(today.year, 12, 31))),
    ]


def parse_day(text: str) -> date:
    """'2026-03-31' (what a date field sends) or '31/03/2026'; ValueError otherwise."""
    value = text.strip()
    iso, local = _DAY_FORMATS
    if match := iso.fullmatch(value):
        year, month, day = map(int, match.groups())
    elif match := local.fullmatch(value):
        day, month, year = map(int, match.groups())
    else:
        raise ValueError(value)
    return date(year, month, day)


@dataclass(frozen=True)
class PeriodChoice:
    period: Period
    typed_from: str
    typed_to: str
    error: str | None = None


def choose_period(start_text: str | None, end_text: str | None,
                  default: Period | None = None) -> PeriodChoice:
    """The period asked for, or the default (this month) with a message saying why."""
    default = default or month_of(today_wib())
    start_text, end_text = (start_text or "").strip()[:20], (end_text or "").strip()[:20]
    if not start_text and not end_text:
        return PeriodChoice(default, default.start.isoformat(), default.end.isoformat())

    def refuse(message: str) -> PeriodChoice:
        return PeriodChoice(default, start_text, end_text, message)

    if not start_text or not end_text:
        return refuse(_("Enter both the first and the last day of the period."))
    days = []
    for text in (start_text, end_text):
        try:
            days.append(parse_day(text))
        except ValueError:
            return refuse(_("“%(value)s” is not a date; enter it like 2026-03-31.", value=text))
    start, end = days
    if not all(FIRST_YEAR <= day.year <= LAST_YEAR for day in days):
        return refuse(_("Choose days between %(first)s and %(last)s.",
                        first=FIRST_YEAR, last=LAST_YEAR))
    if start > end:
        return refuse(_("The period starts after it ends: %(start)s is later than %(end)s.",
                        start=format_date(start), end=format_date(end)))
    if (end - start).days + 1 > MAX_DAYS:
        return refuse(_("Choose a period of at most five years."))
    return PeriodChoice(Period(start, end), start_text, end_text)


# --- the page ------------------------------------------------------------------------
@bp.get("/rekonsiliasi")
def reconciliation():
    choice = choose_period(request.args.get("from"), request.args.get("to"))
    status = INVALID if choice.error else 200
    export = EXPORTS.get(request.args.get("format", ""))
    if export and not choice.error:
        return export(choice.period)
    period = choice.period
    rows, totals = reports.reconciliation(period)
    late = reports.late_settlements(period)
    locale = str(get_locale())
    months = reports.months_between(period)
    names, sales, commission = chart.by_month_and_sentra(
        months, reports.monthly_by_sentra(period))
    labels = [format_date(month, "MMM yy") for month in months]
    return render_template(
        "admin/reconciliation.html",
        choice=choice, period=period, rows=rows, totals=totals, late=late,
        identity=_identity(period, totals, late),
        quick=[(label, _period_args(p)) for label, p in quick_periods(today_wib())],
        args=_period_args(period),
        months=months, sentra_names=names, sales=sales, commission=commission,
        sales_chart=chart.stacked_bars(labels, names, sales, locale),
        commission_chart=chart.stacked_bars(labels, names, commission, locale,
                                            plot_height=140),
    ), status


def _period_args(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


@dataclass(frozen=True)
class Identity:
    """Money in (net of commission and refunds) against where it went: paid out, or
    still owed. Both sides are equal when the books balance."""

    came_in: int
    paid_out: int
    owed_groups_change: int
    owed_buyers_change: int

    @property
    def went_out(self) -> int:
        return self.paid_out + self.owed_groups_change + self.owed_buyers_change

    @property
    def balanced(self) -> bool:
        return self.came_in == self.went_out


def _identity(period: Period, totals: reports.Figures, late: reports.LateFigures) -> Identity:
    """Late settlements (no group) add what came in and what the buyers are still owed."""
    day_before = period.start - timedelta(days=1)
    before = reports.Figures()
    for figures in reports.figures_by_group(Period(day_before, day_before)).values():
        before.add(figures)
    return Identity(
        came_in=totals.gross_sales + totals.shipping - totals.commission_net - totals.refunds
        + late.received - late.revived - late.refunded,
        paid_out=totals.paid_out,
        owed_groups_change=totals.owed_to_groups - before.owed_to_groups,
        owed_buyers_change=totals.owed_to_buyers - before.owed_to_buyers
        + late.owed_at_end - late.owed_at_start,
    )


# --- CSV exports ---------------------------------------------------------------------
def _name(period: Period, what: str) -> str:
    return f"{what}-{period.start.isoformat()}_{period.end.isoformat()}.csv"


def _figures_csv(period: Period):
    rows, totals = reports.reconciliation(period)
    header = ("sentra", "group_id", "group", *COLUMNS[:4], "commission_net", *COLUMNS[4:])

    def cells(figures: reports.Figures) -> list[int]:
        values = [getattr(figures, name) for name in COLUMNS]
        return [*values[:4], figures.commission_net, *values[4:]]

    lines = [(row.sentra_name, row.group_id, row.group_name, *cells(row.figures))
             for row in rows]
    lines.append((_("Total"), "", "", *cells(totals)))
    return csv_download(_name(period, "rekonsiliasi"), header, lines)


def _monthly_csv(period: Period):
    bars = reports.monthly_by_sentra(period)
    return csv_download(_name(period, "penjualan-bulanan"),
                        ("month", "sentra", "sales", "commission"),
                        ((bar.month.strftime("%Y-%m"), bar.sentra_name, bar.sales,
                          bar.commission) for bar in bars))


def _ledger_csv(period: Period):
    """Every commission entry booked in the period, oldest first."""
    return csv_download(
        _name(period, "buku-komisi"),
        ("entry_id", "date_wib", "order_number", "group", "kind", "base_amount", "rate_bp",
         "amount", "reason"),
        ((entry_id, created, number, group, str(kind), base, rate, amount, reason)
         for entry_id, created, number, group, kind, base, rate, amount, reason
         in ledger_entries(period)))


LATE_FIGURES = ("owed_at_start", "received", "revived", "refunded", "owed_at_end")


def _late_csv(period: Period):
    """The late settlements' lines of the page (no group): one figure a row, as on it."""
    late = reports.late_settlements(period)
    return csv_download(_name(period, "pelunasan-terlambat"), ("figure", "amount"),
                        ((name, getattr(late, name)) for name in LATE_FIGURES))


EXPORTS = {"csv": _figures_csv, "ledger": _ledger_csv, "monthly": _monthly_csv,
           "late": _late_csv}
