"""The reconciliation page's monthly chart (/admin/rekonsiliasi): sales and commission per
month and sentra equal direct SQL sums, as inline SVG, a table and a CSV."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from marketplace.kernel.extensions import db
from tests.reconciliation_helpers import URL, Tables, _books, _bounds, _sql, csv_rows, rupiah_value


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
