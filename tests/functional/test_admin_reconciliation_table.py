"""The reconciliation page (/admin/rekonsiliasi): every figure of the table equals a direct
SQL sum, for any period; bad dates; the cost of the page."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import refunds
from marketplace.ledger.models import RefundMethod
from tests.clock import frozen_at
from tests.factories import make_group, make_order, make_sentra, pay
from tests.reconciliation_helpers import (
    FIGURES,
    MARCH,
    URL,
    _books,
    expected_figures,
    page_figures,
    wib,
)


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
