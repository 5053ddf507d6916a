"""The association's money in a real browser: refund a parcel, pay a group out, read the
reconciliation (on screen and in print), and the group reads its own statement.

Playwright drives Debian's Chromium; screenshots go to test-output/e2e/.
"""

from datetime import timedelta

import pytest

from marketplace.accounts.models import Role
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from tests.e2e.conftest import shot
from tests.e2e_helpers import PASSWORD
from tests.factories import deliver, make_group, make_order, make_rule, make_user, pay

pytestmark = pytest.mark.e2e


def idr(amount: int) -> str:
    """How the English pages write rupiah (a no-break space after IDR)."""
    return f"IDR\xa0{amount:,}"


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/bahasa/en")
    page.goto(f"{base}/akun/masuk")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")


def test_admin_refunds_pays_out_and_reconciles_and_the_group_reads_its_statement(
        app, backend, live_server, browser):
    # given a group with two delivered parcels paid last week at 10 %
    group = make_group(name="Griya Keramik Laras", bank_name="BRI",
                       bank_account_number="0123456789", bank_account_holder="Sri Wahyuni")
    owner = make_user(role=Role.ARTISAN, password=PASSWORD)
    db.session.add(GroupMembership(group=group, user=owner, role="owner"))
    admin = make_user(role=Role.ADMIN, password=PASSWORD)
    make_rule(1000)
    last_week = utcnow() - timedelta(days=7)
    orders = []
    for goods in (200_000, 300_000):
        order = pay(make_order([(group, goods)], at=last_week), at=last_week)
        deliver(order.sub_orders[0], at=last_week)
        orders.append(order)
    db.session.commit()
    today = jakarta_date(utcnow())

    page = browser.new_page()
    sign_in(page, live_server, admin.email)

    # when the admin refunds 50,000 of the first parcel by bank transfer
    page.goto(f"{live_server}/admin/pesanan/semua")
    page.click(f"text={orders[0].number}")
    page.fill("input[name=amount]", "50.000")
    page.fill("textarea[name=reason]", "One vase arrived cracked")
    page.select_option("select[name=method]", "bank_transfer")
    page.fill("input[name=bank_reference]", "BRI 0412 7788")
    page.click("form.refund-form button[type=submit]")
    assert "One vase arrived cracked" in page.inner_text("main")
    shot(page, "money-refund", backend)

    # and pays the group out: 515,000 goods and shipping... less 50,000 commission, less the
    # refund of 50,000 with its 5,000 of commission given back
    page.goto(f"{live_server}/admin/pencairan/baru")
    page.select_option("#group_id", str(group.id))
    page.fill("#cutoff", today.isoformat())
    page.click("text=Show what would be paid")
    expected = 200_000 + 300_000 + 2 * 15_000 - 50_000 + 5_000 - 50_000
    assert idr(expected) in page.inner_text("main")
    page.click("form[method=post][action$='/pencairan/baru'] button[type=submit]")
    page.fill("#bank_reference", "TRF-BRI-20261123-01")
    page.fill("#paid_on", today.isoformat())
    page.click("form[action$='/dibayar'] button[type=submit]")
    assert "TRF-BRI-20261123-01" in page.inner_text("main")
    shot(page, "money-payout", backend)

    # then the reconciliation shows it, with a chart that also prints
    page.goto(f"{live_server}/admin/rekonsiliasi?from={(today - timedelta(days=30)).isoformat()}"
              f"&to={today.isoformat()}")
    assert page.locator("svg").count() >= 1
    assert idr(expected) in page.inner_text("main")  # paid out
    shot(page, "money-reconciliation", backend)
    page.emulate_media(media="print")
    assert not page.locator(".side-nav").is_visible()
    shot(page, "money-reconciliation-print", backend)

    # and the group reads the same figures in its own statement
    artisan = browser.new_page()
    sign_in(artisan, live_server, owner.email)
    artisan.goto(f"{live_server}/studio/{group.slug}/laporan"
                 f"?from={(today - timedelta(days=30)).isoformat()}&to={today.isoformat()}")
    text = artisan.inner_text("main")
    assert idr(expected) in text
    assert idr(45_000) in text  # commission kept: 50,000 less 5,000 given back
    shot(artisan, "money-statement", backend)
