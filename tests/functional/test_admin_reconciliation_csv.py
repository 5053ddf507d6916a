"""The reconciliation page's CSV downloads (/admin/rekonsiliasi?format=csv|ledger): the
page figures and the period's commission entries as plain integers."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import DateTime, bindparam, text

from marketplace.kernel.extensions import db
from tests.reconciliation_helpers import (
    FIGURES,
    MARCH,
    URL,
    _books,
    _bounds,
    csv_rows,
    expected_figures,
)


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
