"""The reconciliation page (/admin/rekonsiliasi): late settlements have lines of their own,
outside the group figures, each equal to a direct SQL sum."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from sqlalchemy import DateTime, bindparam, text

from marketplace.kernel.extensions import db
from marketplace.ledger import refunds
from marketplace.ledger.models import RefundMethod
from marketplace.payments.outcomes import mark_order_paid
from tests.clock import frozen_at
from tests.factories import late_settle, make_group, make_order, make_sentra
from tests.reconciliation_helpers import (
    URL,
    Tables,
    _books,
    _bounds,
    expected_figures,
    page_figures,
    rupiah_value,
    wib,
)


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
        # and the same five figures download as a CSV, one per row
        assert 'id="late-csv"' in page
        download = admin_client.get(URL, query_string={
            "from": first.isoformat(), "to": last.isoformat(), "format": "late"})
        assert download.status_code == 200
        assert download.mimetype == "text/csv"
        rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
        assert rows[0] == ["figure", "amount"]
        assert {name: int(amount) for name, amount in rows[1:]} == late, first
