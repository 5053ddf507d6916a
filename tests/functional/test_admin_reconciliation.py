"""The reconciliation page (/admin/rekonsiliasi): every figure equals a direct SQL sum.

The expected numbers are written in raw SQL over the tables, independent of
marketplace/ledger/reports.py, so a wrong definition there shows up here.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import Date, DateTime, bindparam, text

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import JAKARTA, jakarta_date, jakarta_day_start, utcnow
from marketplace.ledger import payouts, refunds
from marketplace.ledger.models import RefundMethod
from marketplace.ledger.parcels import cancel_parcel
from marketplace.payments.outcomes import mark_order_paid
from tests.clock import frozen_at
from tests.factories import (
    deliver,
    late_settle,
    make_group,
    make_order,
    make_rule,
    make_sentra,
    pay,
)

URL = "/admin/rekonsiliasi"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
FIGURES = ("gross_sales", "shipping", "commission_earned", "commission_reversed", "refunds",
           "paid_out", "owed_to_groups", "owed_to_buyers")


def wib(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=JAKARTA).astimezone(UTC)


def _books():
    """Two sentra, three active groups and one idle; sales before, in and after March 2026,
    a group's cancellation, partial and full bank refunds, a paid and a draft payout."""
    keramik = make_sentra(name="Sentra Keramik Dinoyo")
    perak = make_sentra(name="Sentra IKM Perak Celuk")
    gerabah = make_group(keramik, name="Kelompok Gerabah Dinoyo")
    guci = make_group(keramik, name="UPK Guci Dinoyo")
    celuk = make_group(perak, name="Perak Celuk Jaya")
    make_group(perak, name="Kelompok Tanpa Penjualan")
    make_rule(1000)
    make_rule(1250, group=guci)

    before = pay(make_order([(gerabah, 100_000), (celuk, 50_000)], at=wib(2026, 2, 20)),
                 at=wib(2026, 2, 20))
    for sub in before.sub_orders:
        deliver(sub, at=wib(2026, 2, 25))
    with frozen_at(wib(2026, 3, 2)):
        paid = payouts.create_payout(celuk, date(2026, 3, 1))
    with frozen_at(wib(2026, 3, 3)):
        payouts.mark_paid(paid, "TRF-CELUK-1", date(2026, 3, 3))

    march = pay(make_order([(gerabah, 200_000), (guci, 80_000)], at=wib(2026, 3, 5)),
                at=wib(2026, 3, 5))
    deliver(march.sub_orders[0], at=wib(2026, 3, 8))
    cracked = pay(make_order([(celuk, 120_000)], at=wib(2026, 3, 10)), at=wib(2026, 3, 10))
    with frozen_at(wib(2026, 3, 15)):
        refunds.create_refund(cracked, cracked.sub_orders[0], 30_000, "One ring cracked",
                              RefundMethod.BANK_TRANSFER, "BCA-0001")
    cancelled = pay(make_order([(guci, 60_000)], at=wib(2026, 3, 12)), at=wib(2026, 3, 12))
    with frozen_at(wib(2026, 3, 14)):
        cancel_parcel(cancelled.sub_orders[0], "Kiln broke")
    with frozen_at(wib(2026, 3, 18)):
        refunds.create_refund(cancelled, cancelled.sub_orders[0], 20_000, "First part",
                              RefundMethod.BANK_TRANSFER, "BCA-0002")
    returned = pay(make_order([(gerabah, 40_000)], at=wib(2026, 3, 20)), at=wib(2026, 3, 20))
    with frozen_at(wib(2026, 3, 25)):
        refunds.create_refund(returned, returned.sub_orders[0], 55_000, "Wrong colour",
                              RefundMethod.BANK_TRANSFER, "BCA-0003")
    with frozen_at(wib(2026, 3, 28)):
        payouts.create_payout(gerabah, date(2026, 3, 27))  # stays a draft
    # the last minutes of March count in March, the first of April do not
    pay(make_order([(celuk, 30_000)], at=wib(2026, 3, 31, 23)), at=wib(2026, 3, 31, 23, 30))
    pay(make_order([(guci, 25_000)], at=wib(2026, 4, 1, 0)), at=wib(2026, 4, 1, 0, 10))
    april = pay(make_order([(gerabah, 70_000)], at=wib(2026, 4, 2)), at=wib(2026, 4, 2))
    with frozen_at(wib(2026, 4, 5)):
        refunds.create_refund(march, march.sub_orders[1], 10_000, "Late",
                              RefundMethod.BANK_TRANSFER, "BCA-0004")
    make_order([(guci, 90_000)], at=wib(2026, 3, 21))  # never paid: in no figure
    db.session.commit()
    return {"groups": (gerabah, guci, celuk), "april": april}


# --- the expected figures, in raw SQL --------------------------------------------------
def _bounds(first: date, last: date) -> dict:
    naive = {"lo": jakarta_day_start(first), "hi": jakarta_day_start(last + timedelta(days=1))}
    return {**{k: v.astimezone(UTC).replace(tzinfo=None) for k, v in naive.items()},
            "first": first, "last": last}


def _sql(statement: str, **params) -> dict[int, int]:
    query = text(statement).bindparams(
        *[bindparam(name, type_=DateTime()) for name in ("lo", "hi") if f":{name}" in statement],
        *[bindparam(name, type_=Date()) for name in ("first", "last")
          if f":{name}" in statement])
    used = {k: v for k, v in params.items() if f":{k}" in statement}
    return {gid: int(total or 0) for gid, total in db.session.execute(query, used)}


EXPECTED_SQL = {
    "gross_sales": "SELECT s.group_id, SUM(s.goods_amount) FROM sub_orders s "
                   "JOIN orders o ON o.id = s.order_id "
                   "WHERE o.paid_at >= :lo AND o.paid_at < :hi GROUP BY s.group_id",
    "shipping": "SELECT s.group_id, SUM(s.shipping_amount) FROM sub_orders s "
                "JOIN orders o ON o.id = s.order_id "
                "WHERE o.paid_at >= :lo AND o.paid_at < :hi GROUP BY s.group_id",
    "commission_earned": "SELECT group_id, SUM(amount) FROM commission_entries "
                         "WHERE kind = 'accrual' AND created_at >= :lo AND created_at < :hi "
                         "GROUP BY group_id",
    "commission_reversed": "SELECT group_id, -SUM(amount) FROM commission_entries "
                           "WHERE kind = 'reversal' AND created_at >= :lo "
                           "AND created_at < :hi GROUP BY group_id",
    # a late settlement's refund has no group (group_id NULL): it has lines of its own
    "refunds": "SELECT group_id, SUM(amount) FROM refunds WHERE state = 'succeeded' "
               "AND group_id IS NOT NULL "
               "AND completed_at >= :lo AND completed_at < :hi GROUP BY group_id",
    "paid_out": "SELECT group_id, SUM(amount) FROM payouts WHERE status = 'paid' "
                "AND paid_on >= :first AND paid_on <= :last GROUP BY group_id",
}
OWED_SQL = {
    "earned": "SELECT s.group_id, SUM(s.goods_amount + s.shipping_amount) FROM sub_orders s "
              "JOIN orders o ON o.id = s.order_id "
              "WHERE o.paid_at < :hi AND (s.cancelled_at IS NULL OR s.cancelled_at >= :hi) "
              "GROUP BY s.group_id",
    "commission": "SELECT s.group_id, SUM(e.amount) FROM commission_entries e "
                  "JOIN sub_orders s ON s.id = e.sub_order_id "
                  "WHERE e.created_at < :hi "
                  "AND (s.cancelled_at IS NULL OR s.cancelled_at >= :hi) GROUP BY s.group_id",
    "refunded": "SELECT s.group_id, SUM(r.amount) FROM refunds r "
                "JOIN sub_orders s ON s.id = r.sub_order_id WHERE r.state = 'succeeded' "
                "AND r.completed_at < :hi "
                "AND (s.cancelled_at IS NULL OR s.cancelled_at >= :hi) GROUP BY s.group_id",
    "paid_out": "SELECT group_id, SUM(amount) FROM payouts WHERE status = 'paid' "
                "AND paid_on <= :last GROUP BY group_id",
    "cancelled": "SELECT s.group_id, SUM(s.goods_amount + s.shipping_amount) "
                 "FROM sub_orders s JOIN orders o ON o.id = s.order_id "
                 "WHERE o.paid_at < :hi AND s.cancelled_at IS NOT NULL AND s.cancelled_at < :hi "
                 "GROUP BY s.group_id",
    "buyers_refunded": "SELECT s.group_id, SUM(r.amount) FROM refunds r "
                       "JOIN sub_orders s ON s.id = r.sub_order_id "
                       "WHERE r.state = 'succeeded' "
                       "AND r.completed_at < :hi AND s.cancelled_at IS NOT NULL "
                       "AND s.cancelled_at < :hi GROUP BY s.group_id",
}


def expected_figures(first: date, last: date) -> dict[int, dict[str, int]]:
    """{group id: {figure: value}} for every group with anything to show."""
    bounds = _bounds(first, last)
    sums = {name: _sql(sql, **bounds) for name, sql in EXPECTED_SQL.items()}
    owed = {name: _sql(sql, **bounds) for name, sql in OWED_SQL.items()}
    groups = set().union(*sums.values(), *owed.values())
    result = {}
    for gid in groups:
        row = {name: sums[name].get(gid, 0) for name in EXPECTED_SQL}
        row["owed_to_groups"] = (owed["earned"].get(gid, 0) - owed["commission"].get(gid, 0)
                                 - owed["refunded"].get(gid, 0) - owed["paid_out"].get(gid, 0))
        row["owed_to_buyers"] = owed["cancelled"].get(gid, 0) - \
            owed["buyers_refunded"].get(gid, 0)
        result[gid] = row
    return result


# --- reading the page --------------------------------------------------------------------
class Tables(HTMLParser):
    """Each <table id=…>'s rows as (row attributes, [cell texts])."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tables: dict[str, list[tuple[dict, list[str]]]] = {}
        self._table = self._row = self._cell = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id", ""), [])
        elif tag == "tr" and self._table is not None:
            self._row = (attrs, [])
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row[1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None


def rupiah_value(cell: str) -> int:
    """'IDR 1,234,567' -> 1234567; '-IDR 5,000' -> -5000."""
    digits = re.sub(r"\D", "", cell)
    assert digits, cell
    return -int(digits) if cell.strip().startswith(("-", "−")) else int(digits)


def page_figures(page: str) -> dict[str, dict[str, int]]:
    rows = Tables(page).tables["reconciliation-table"]
    found = {}
    for attrs, cells in rows:
        if "data-group-id" in attrs:
            found[attrs["data-group-id"]] = dict(
                zip(FIGURES, (rupiah_value(c) for c in cells[-8:]), strict=True))
    return found


def csv_rows(response) -> list[list[str]]:
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:], newline="")))


# --- the table -------------------------------------------------------------------------
def test_reconciliation_every_figure_equals_a_direct_sql_sum(app, admin_client):
    books = _books()
    expected = expected_figures(date(2026, 3, 1), date(2026, 3, 31))

    response = admin_client.get(URL, query_string=MARCH)

    assert response.status_code == 200
    shown = page_figures(response.text)
    assert {k for k in shown if k != "total"} == {str(gid) for gid in expected}
    for gid, figures in expected.items():
        assert shown[str(gid)] == figures, gid
    assert shown["total"] == {name: sum(f[name] for f in expected.values()) for name in FIGURES}
    # a few by hand, so the SQL above is checked too
    gerabah, guci, celuk = (str(group.id) for group in books["groups"])
    assert shown[gerabah]["gross_sales"] == 240_000
    assert shown[guci]["commission_reversed"] == 7_500  # the cancelled parcel's 12.5 %
    assert shown[guci]["owed_to_buyers"] == 60_000 + 15_000 - 20_000
    assert shown[celuk]["paid_out"] == 50_000 + 15_000 - 5_000
    assert shown[celuk]["gross_sales"] == 120_000 + 30_000  # 23:30 WIB on 31 March counts
    assert shown[gerabah]["paid_out"] == 0  # the draft payout is not paid out
    assert "The two sides agree." in response.text


@pytest.mark.parametrize("first,last", [(date(2026, 2, 1), date(2026, 2, 28)),
                                        (date(2026, 1, 1), date(2026, 12, 31)),
                                        (date(2026, 4, 1), date(2026, 4, 1))])
def test_reconciliation_figures_hold_for_other_periods(app, admin_client, first, last):
    _books()
    expected = expected_figures(first, last)

    response = admin_client.get(URL, query_string={"from": first.isoformat(),
                                                   "to": last.isoformat()})

    shown = page_figures(response.text)
    for gid, figures in expected.items():
        assert shown[str(gid)] == figures, (gid, first)
    assert shown["total"] == {name: sum(f[name] for f in expected.values()) for name in FIGURES}
    assert "The two sides agree." in response.text


def test_reconciliation_defaults_to_this_month_with_quick_links(app, admin_client):
    today = jakarta_date(utcnow())

    page = admin_client.get(URL).text

    first = today.replace(day=1).isoformat()
    assert f'value="{first}"' in page
    assert "This month" in page and "Last month" in page and "This year" in page
    assert f"from={date(today.year, 1, 1).isoformat()}" in page
    assert "No sales, commission, refunds, payouts or amounts owed in this period." in page


@pytest.mark.parametrize("start,end,message", [
    ("2026-03-31", "2026-03-01", "The period starts after it ends"),
    ("31 Maret", "2026-03-31", "“31 Maret” is not a date"),
    ("2026-02-30", "2026-03-31", "“2026-02-30” is not a date"),
    ("2019-01-01", "2026-03-31", "at most five years"),
    ("2026-03-01", "", "Enter both the first and the last day"),
    ("9999-12-31", "9999-12-31", "Choose days between 2000 and 2099"),
])
def test_reconciliation_refuses_bad_dates_and_shows_this_month(app, admin_client, start, end,
                                                               message):
    _books()

    response = admin_client.get(URL, query_string={"from": start, "to": end})

    assert response.status_code == 422
    assert message in response.text
    assert f'value="{start}"' in response.text  # what was typed stays
    assert "Showing this month instead." in response.text
    csv_response = admin_client.get(URL, query_string={"from": start, "to": end,
                                                       "format": "csv"})
    assert csv_response.status_code == 422
    assert csv_response.mimetype == "text/html"


def test_reconciliation_accepts_day_month_year(app, admin_client):
    _books()

    response = admin_client.get(URL, query_string={"from": "01/03/2026", "to": "31/03/2026"})

    assert response.status_code == 200
    assert page_figures(response.text) == page_figures(
        admin_client.get(URL, query_string=MARCH).text)


# --- late settlements: outside the group figures --------------------------------------
def _late_books():
    """Payments Midtrans settled after their order expired: one in February never refunded,
    one in March refunded by bank transfer in April, one in March revived in March."""
    group = make_group(make_sentra(name="Sentra Anyaman"), name="Anyaman Pandan")
    kept = make_order([(group, 10_000)], at=wib(2026, 2, 27))
    late_settle(kept, at=wib(2026, 2, 28, 23), expired_at=wib(2026, 2, 28))
    refunded = make_order([(group, 50_000)], at=wib(2026, 3, 20))
    attempt = late_settle(refunded, at=wib(2026, 3, 22), expired_at=wib(2026, 3, 21))
    with frozen_at(wib(2026, 4, 3)):
        refunds.create_late_refund(refunded, attempt.id, "Stok terjual",
                                   RefundMethod.BANK_TRANSFER, "BCA-LATE-9")
    revived = make_order([(group, 20_000)], at=wib(2026, 3, 24))
    late_settle(revived, at=wib(2026, 3, 26), expired_at=wib(2026, 3, 25))
    with frozen_at(wib(2026, 3, 27)):
        mark_order_paid(revived)  # what the admin's revive does
    db.session.commit()
    return group


LATE_SQL = {
    "received": "SELECT SUM(gross_amount) FROM payment_attempts "
                "WHERE late_settled_at >= :lo AND late_settled_at < :hi",
    "revived": "SELECT SUM(o.grand_total) FROM orders o WHERE o.paid_at >= :lo "
               "AND o.paid_at < :hi AND EXISTS (SELECT 1 FROM payment_attempts a "
               "WHERE a.order_id = o.id AND a.late_settled_at IS NOT NULL)",
    "refunded": "SELECT SUM(amount) FROM refunds WHERE sub_order_id IS NULL "
                "AND state = 'succeeded' AND completed_at >= :lo AND completed_at < :hi",
}


def expected_late(first: date, last: date) -> dict[str, int]:
    def total(name: str, lo: datetime, hi: datetime) -> int:
        query = text(LATE_SQL[name]).bindparams(bindparam("lo", type_=DateTime()),
                                                bindparam("hi", type_=DateTime()))
        return int(db.session.execute(query, {"lo": lo, "hi": hi}).scalar() or 0)

    bounds = _bounds(first, last)
    origin = datetime(2000, 1, 1)
    start = {name: total(name, origin, bounds["lo"]) for name in LATE_SQL}
    during = {name: total(name, bounds["lo"], bounds["hi"]) for name in LATE_SQL}
    owed = start["received"] - start["revived"] - start["refunded"]
    return {"owed_at_start": owed, **during,
            "owed_at_end": owed + during["received"] - during["revived"] - during["refunded"]}


def page_late(page: str) -> dict[str, int]:
    return {attrs["data-figure"]: rupiah_value(cells[-1])
            for attrs, cells in Tables(page).tables["late-table"]}


LATE_BY_HAND = {  # (owed at start, received, revived, refunded, owed at end)
    (date(2026, 2, 1), date(2026, 2, 28)): (0, 25_000, 0, 0, 25_000),
    (date(2026, 3, 1), date(2026, 3, 31)): (25_000, 100_000, 35_000, 0, 90_000),
    (date(2026, 4, 1), date(2026, 4, 30)): (90_000, 0, 0, 65_000, 25_000),
}


def test_reconciliation_shows_late_settlements_outside_the_groups(app, admin_client):
    # given the books, and late settlements: kept, refunded next month, revived
    _books()
    late_group = _late_books()

    for (first, last), by_hand in LATE_BY_HAND.items():
        # when the association looks at each month
        page = admin_client.get(URL, query_string={"from": first.isoformat(),
                                                   "to": last.isoformat()}).text

        # then the late settlements have their own lines, equal to direct SQL sums
        late = page_late(page)
        assert late == expected_late(first, last), first
        assert tuple(late[name] for name in ("owed_at_start", "received", "revived",
                                             "refunded", "owed_at_end")) == by_hand, first
        # the group figures are unchanged by them: a revived order is an ordinary sale
        shown = page_figures(page)
        for gid, figures in expected_figures(first, last).items():
            assert shown[str(gid)] == figures, (gid, first)
        assert shown.get(str(late_group.id), {}).get("refunds", 0) == 0
        # owed to buyers in all includes the late settlements not yet refunded
        owed = shown["total"]["owed_to_buyers"] + late["owed_at_end"]
        assert "Owed to buyers in all at the end of the period" in page
        assert f"= IDR {owed:,}." in page.replace("\xa0", " "), first
        # and the identity, late settlements included on both sides, holds
        assert "late settlements received − revived − refunded" in page
        assert "The two sides agree." in page, first


# --- CSV -----------------------------------------------------------------------------
def test_reconciliation_csv_has_the_page_figures_as_plain_integers(app, admin_client):
    _books()
    expected = expected_figures(date(2026, 3, 1), date(2026, 3, 31))

    response = admin_client.get(URL, query_string={**MARCH, "format": "csv"})

    assert response.mimetype == "text/csv"
    assert "rekonsiliasi-2026-03-01_2026-03-31.csv" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == ["sentra", "group_id", "group", "gross_sales", "shipping",
                      "commission_earned", "commission_reversed", "commission_net", "refunds",
                      "paid_out", "owed_to_groups", "owed_to_buyers"]
    *groups, total = rows
    for row in rows:
        assert all(re.fullmatch(r"-?\d+", cell) for cell in row[3:]), row
    by_group = {int(row[1]): dict(zip(header[3:], map(int, row[3:]), strict=True))
                for row in groups}
    assert set(by_group) == set(expected)
    for gid, figures in expected.items():
        assert {k: by_group[gid][k] for k in FIGURES} == figures
        assert by_group[gid]["commission_net"] == \
            figures["commission_earned"] - figures["commission_reversed"]
    assert total[0] == "Total"
    assert [int(c) for c in total[3:]] == [sum(int(row[i]) for row in groups)
                                          for i in range(3, len(header))]
    assert [row[0] for row in groups] == sorted(row[0] for row in groups)  # by sentra


def test_commission_ledger_csv_lists_the_period_entries(app, admin_client):
    _books()
    bounds = _bounds(date(2026, 3, 1), date(2026, 3, 31))
    count, total = db.session.execute(
        text("SELECT COUNT(*), SUM(amount) FROM commission_entries "
             "WHERE created_at >= :lo AND created_at < :hi").bindparams(
            bindparam("lo", type_=DateTime()), bindparam("hi", type_=DateTime())),
        {"lo": bounds["lo"], "hi": bounds["hi"]}).one()

    response = admin_client.get(URL, query_string={**MARCH, "format": "ledger"})

    header, *rows = csv_rows(response)
    assert header == ["entry_id", "date_wib", "order_number", "group", "kind", "base_amount",
                      "rate_bp", "amount", "reason"]
    assert len(rows) == count
    assert sum(int(row[7]) for row in rows) == total
    assert {row[4] for row in rows} == {"accrual", "reversal"}
    assert all(re.fullmatch(r"2026-03-\d\d \d\d:\d\d:\d\d", row[1]) for row in rows)
    assert any(row[1] == "2026-03-31 23:30:00" for row in rows)  # WIB, not UTC
    assert all(re.fullmatch(r"-?\d+", row[i]) for row in rows for i in (5, 6, 7))
    assert all(row[2].startswith("PS-2026-") for row in rows)


# --- the chart -------------------------------------------------------------------------
def _month_sql(first: date, last: date) -> dict[tuple[str, str], tuple[int, int]]:
    """{(YYYY-MM, sentra name): (goods sold, commission)} month by month, in raw SQL."""
    result = {}
    month = first.replace(day=1)
    while month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        bounds = _bounds(max(month, first), min(following - timedelta(days=1), last))
        sales = _sql("SELECT g.sentra_id, SUM(s.goods_amount) FROM sub_orders s "
                     "JOIN orders o ON o.id = s.order_id "
                     "JOIN producer_groups g ON g.id = s.group_id "
                     "WHERE o.paid_at >= :lo AND o.paid_at < :hi GROUP BY g.sentra_id",
                     **bounds)
        commission = _sql("SELECT g.sentra_id, SUM(e.amount) FROM commission_entries e "
                          "JOIN producer_groups g ON g.id = e.group_id "
                          "WHERE e.created_at >= :lo AND e.created_at < :hi "
                          "GROUP BY g.sentra_id", **bounds)
        names = dict(db.session.execute(text("SELECT id, name FROM sentra")).all())
        for sid in set(sales) | set(commission):
            result[(month.strftime("%Y-%m"), names[sid])] = (sales.get(sid, 0),
                                                             commission.get(sid, 0))
        month = following
    return result


def test_chart_table_equals_sql_sums_per_month_and_sentra(app, admin_client):
    _books()
    expected = _month_sql(date(2026, 2, 1), date(2026, 4, 30))

    page = admin_client.get(URL, query_string={"from": "2026-02-01", "to": "2026-04-30"}).text

    rows = Tables(page).tables["monthly-table"]
    shown = {(attrs["data-month"], cells[1]): (rupiah_value(cells[2]), rupiah_value(cells[3]))
             for attrs, cells in rows if "data-month" in attrs}
    assert shown == {key: value for key, value in expected.items() if any(value)}
    total = [cells for attrs, cells in rows if "data-month" not in attrs][-1]
    assert rupiah_value(total[-2]) == sum(v[0] for v in expected.values())
    assert rupiah_value(total[-1]) == sum(v[1] for v in expected.values())
    assert ("2026-03", "Sentra Keramik Dinoyo") in shown


def test_chart_is_inline_svg_with_title_legend_and_patterns(app, admin_client):
    _books()

    response = admin_client.get(URL, query_string={"from": "2026-02-01", "to": "2026-04-30"})

    page = response.text
    assert page.count("<svg") == 2
    assert '<title id="chart-sales-title">Goods sold per month, by sentra</title>' in page
    assert 'aria-labelledby="chart-sales-title chart-sales-desc"' in page
    assert "Sentra Keramik Dinoyo</text>" in page and "Sentra IKM Perak Celuk</text>" in page
    assert 'fill="url(#chart-sales-p1)"' in page and "<pattern" in page
    assert "Feb 26" in page and "Apr 26" in page
    assert "IDR " in page and "K</text>" in page  # compact axis labels
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    assert " style=" not in page
    assert "Content-Security-Policy" in response.headers


def test_monthly_csv_has_sales_and_commission_per_month_and_sentra(app, admin_client):
    _books()
    expected = _month_sql(date(2026, 2, 1), date(2026, 4, 30))

    response = admin_client.get(URL, query_string={"from": "2026-02-01", "to": "2026-04-30",
                                                   "format": "monthly"})

    header, *rows = csv_rows(response)
    assert header == ["month", "sentra", "sales", "commission"]
    assert {(m, s): (int(a), int(c)) for m, s, a, c in rows} == expected


# --- cost -------------------------------------------------------------------------------
def _groups_with_sales(count: int, sentra) -> None:
    for n in range(count):
        group = make_group(sentra)
        order = pay(make_order([(group, 10_000 * (n + 1))], at=wib(2026, 3, 3)),
                    at=wib(2026, 3, 3))
        with frozen_at(wib(2026, 3, 4)):
            refunds.create_refund(order, order.sub_orders[0], 1_000, "dent",
                                  RefundMethod.BANK_TRANSFER, f"BCA-{group.id}")
    db.session.commit()


def test_reconciliation_query_count_does_not_grow_with_groups(app, admin_client,
                                                              count_queries):
    sentra = make_sentra()
    _groups_with_sales(2, sentra)
    with count_queries() as few:
        assert admin_client.get(URL, query_string=MARCH).status_code == 200
    _groups_with_sales(10, make_sentra())
    with count_queries() as many:
        response = admin_client.get(URL, query_string=MARCH)
    assert response.status_code == 200
    assert len(page_figures(response.text)) == 13
    assert len(many) == len(few), many.statements
