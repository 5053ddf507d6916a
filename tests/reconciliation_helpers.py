"""Shared by the reconciliation page's tests (tests/functional/test_admin_reconciliation_*):
the books, the expected figures in raw SQL and reading the page.

The expected numbers are written in raw SQL over the tables, independent of
marketplace/ledger/reports.py, so a wrong definition there shows up in the tests.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

from sqlalchemy import Date, DateTime, bindparam, text

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import JAKARTA, jakarta_day_start
from marketplace.ledger import payouts, refunds
from marketplace.ledger.models import RefundMethod
from marketplace.ledger.parcels import cancel_parcel
from tests.clock import frozen_at
from tests.factories import deliver, make_group, make_order, make_rule, make_sentra, pay

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
