"""Commission rules in /admin/komisi: the page, adding and deleting rules, and what a rule
means for the next payment (both backends)."""

import json
from datetime import UTC, date, datetime, timedelta
from html import escape
from unittest import mock

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.ledger import rules
from marketplace.ledger.models import CommissionRule
from marketplace.ledger.rules import today_wib
from tests.factories import make_group, make_order, make_rule, make_sentra, pay
from tests.helpers import post_form, sign_in

URL = "/admin/komisi"


def _form(**changes) -> dict:
    data = {"scope": "default", "sentra_id": "0", "group_id": "0", "rate": "10",
            "effective_from": today_wib().isoformat(), "note": ""}
    return {**data, **changes}


def _rules() -> list[CommissionRule]:
    return db.session.scalars(select(CommissionRule).order_by(CommissionRule.id)).all()


def _audit(action: str) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- The page ----------------------------------------------------------------------------
def test_commission_page_shows_the_configured_fallback_while_no_default_rule_exists(
        app, client, admin):
    page = client.get(URL)
    assert page.status_code == 200
    assert "Configured fallback" in page.text
    assert "10%" in page.text  # COMMISSION_DEFAULT_BP = 1000
    assert "Which rate applies?" in page.text
    assert f'value="{today_wib().isoformat()}"' in page.text  # the form starts at today
    assert "style=" not in page.text and "onclick" not in page.text


def test_commission_page_shows_rates_in_force_upcoming_rules_and_history(app, client, admin):
    today = today_wib()
    sentra = make_sentra(name="Sentra Keramik Dinoyo")
    group = make_group(sentra=sentra, name="Kelompok Tanah Liat")
    make_rule(1000, effective_from=date(2025, 1, 1))
    current_default = make_rule(1150, effective_from=date(2025, 6, 1))
    current_default.note = "Keputusan rapat anggota 2025"
    make_rule(800, effective_from=date(2025, 2, 1), sentra=sentra)
    make_rule(1250, effective_from=today + timedelta(days=10), group=group)
    db.session.commit()

    page = client.get(URL).text

    default_box = page.split('id="default-rate"')[1].split("</div>")[0]
    assert "11.5%" in default_box and "Configured fallback" not in default_box
    overrides = page.split('id="overrides"')[1].split('id="upcoming"')[0]
    assert "Sentra Keramik Dinoyo" in overrides and "8%" in overrides
    assert "Kelompok Tanah Liat" not in overrides  # its rule has not started
    upcoming = page.split('id="upcoming"')[1].split('id="new-rule"')[0]
    assert "Kelompok Tanah Liat" in upcoming and "12.5%" in upcoming
    assert "Delete" in upcoming
    history = page.split('id="history"')[1]
    assert history.count("<tr>") == 1 + 4  # header + every rule
    assert "Replaced" in history and "In force" in history and "Upcoming" in history
    assert "Keputusan rapat anggota 2025" in history


def test_commission_page_runs_the_same_queries_however_many_rules_there_are(
        app, client, admin, count_queries):
    def fill(n):
        for _ in range(n):
            group = make_group()
            make_rule(900, sentra=group.sentra)
            make_rule(700, group=group)
            make_rule(600, effective_from=today_wib() + timedelta(days=3), group=group)
        db.session.commit()

    fill(1)
    with count_queries() as few:
        assert client.get(URL).status_code == 200
    fill(12)
    with count_queries() as many:
        assert client.get(URL).status_code == 200
    assert len(many.statements) == len(few.statements), many.statements


# --- Adding rules ------------------------------------------------------------------------
def test_admin_adds_a_default_a_sentra_and_a_group_rule_through_the_form(app, client, admin):
    sentra = make_sentra(name="Sentra IKM Perak Celuk")
    group = make_group(sentra=sentra, name="UPK Perak Sari")
    db.session.commit()
    today = today_wib()
    later = today + timedelta(days=30)

    for data in (_form(rate="12,5"),
                 _form(scope="sentra", sentra_id=str(sentra.id), rate="8.75 %",
                       effective_from=later.isoformat(), note="Dukungan perajin perak"),
                 _form(scope="group", group_id=str(group.id), rate="7.50")):
        response = post_form(client, URL, data)
        assert response.status_code == 302, response.text
        assert response.headers["Location"] == URL

    stored = [(r.scope, r.target_key, r.rate_bp, r.effective_from, r.note, r.created_by.name)
              for r in _rules()]
    assert stored == [
        ("default", "default", 1250, today, "", "Admin Asosiasi"),
        ("sentra", f"sentra:{sentra.id}", 875, later, "Dukungan perajin perak", "Admin Asosiasi"),
        ("group", f"group:{group.id}", 750, today, "", "Admin Asosiasi"),
    ]
    entries = _audit("commission_rule.add")
    assert [e.actor.name for e in entries] == ["Admin Asosiasi"] * 3
    after = json.loads(entries[1].after)
    assert after["rate_bp"] == 875 and after["scope"] == "sentra"
    assert after["target"] == "Sentra IKM Perak Celuk"
    assert after["effective_from"] == later.isoformat()
    assert all(e.before is None for e in entries)

    page = client.get(URL).text
    assert "commission for UPK Perak Sari is 7.5%" in page  # the last confirmation
    assert "12.5%" in page.split('id="default-rate"')[1].split("</div>")[0]


def test_a_rule_added_today_applies_to_the_next_payment_but_not_to_paid_orders(
        app, client, admin):
    # given a group whose earlier order was paid at the 10 % default
    group = make_group()
    make_rule(1000, effective_from=date(2025, 1, 1))
    earlier = pay(make_order([(group, 100_000)])).sub_orders[0]
    db.session.commit()
    assert (earlier.commission_rate_bp, earlier.commission_amount) == (1000, 10_000)

    # when the admin sets 12,5 % for the group from today
    response = post_form(client, URL, _form(scope="group", group_id=str(group.id),
                                            rate="12,5"))
    assert response.status_code == 302
    [_, rule] = _rules()

    # then the next paid order is charged 12,5 % and the paid one keeps its 10 %
    later = pay(make_order([(group, 100_005)])).sub_orders[0]
    db.session.commit()
    assert (later.commission_rate_bp, later.commission_rule_id) == (1250, rule.id)
    assert later.commission_amount == 12_501
    db.session.refresh(earlier)
    assert (earlier.commission_rate_bp, earlier.commission_amount) == (1000, 10_000)


@pytest.mark.parametrize(
    ("rate", "message"),
    [("150", "Enter a rate from 0 to 100 percent."),
     ("100,01", "Enter a rate from 0 to 100 percent."),
     ("abc", "Enter the rate as a percentage with at most two decimals"),
     ("12,345", "Enter the rate as a percentage with at most two decimals"),
     ("-5", "A rate cannot be negative."),
     ("", "Enter the rate as a percentage, e.g. 10 or 12,5.")],
)
def test_a_bad_rate_is_refused_on_the_form_keeping_what_was_typed(app, client, admin, rate,
                                                                   message):
    group = make_group()
    db.session.commit()
    data = _form(scope="group", group_id=str(group.id), rate=rate, note="Usulan pengurus")

    response = post_form(client, URL, data)

    assert response.status_code == 422
    assert escape(message) in response.text
    assert f'value="{escape(rate)}"' in response.text
    assert 'value="Usulan pengurus"' in response.text
    assert f'<option selected value="{group.id}">' in response.text
    assert _rules() == [] and _count(AuditEntry) == 0


def test_a_missing_or_unknown_target_is_refused(app, client, admin):
    cases = [
        (_form(scope="group", group_id="0"), "Choose the producer group this rate is for."),
        (_form(scope="sentra"), "Choose the sentra this rate is for."),
        (_form(scope="sentra", sentra_id="9999"), "That sentra does not exist."),
        (_form(scope="group", group_id="abc"), "Choose the producer group this rate is for."),
        (_form(scope="everyone"), "Choose what the rule applies to."),
    ]
    for data, message in cases:
        response = post_form(client, URL, data)
        assert response.status_code == 422, data
        assert escape(message) in response.text, data
    assert _rules() == [] and _count(AuditEntry) == 0


def test_a_rule_cannot_start_in_the_past(app, client, admin):
    yesterday = (today_wib() - timedelta(days=1)).isoformat()

    response = post_form(client, URL, _form(rate="11", effective_from=yesterday))

    assert response.status_code == 422
    assert "A rule cannot start before today" in response.text
    assert "payments already made keep the rate they were charged" in response.text
    assert f'value="{yesterday}"' in response.text and 'value="11"' in response.text
    assert _rules() == []


@pytest.mark.parametrize(
    ("day", "message"),
    [("31-12-2026", "Enter a date such as 2026-07-01."),
     ("2026-02-30", "Enter a date such as 2026-07-01."),
     ("besok", "Enter a date such as 2026-07-01."),
     ("", "Enter the first day the rate applies.")],
)
def test_a_day_that_is_not_a_date_is_refused(app, client, admin, day, message):
    response = post_form(client, URL, _form(effective_from=day, rate="11"))
    assert response.status_code == 422
    assert message in response.text
    assert f'name="effective_from" required type="date" value="{day}"' in response.text
    assert _rules() == []


def test_every_mistake_is_shown_at_once(app, client, admin):
    yesterday = (today_wib() - timedelta(days=1)).isoformat()
    response = post_form(client, URL, _form(scope="group", rate="150",
                                            effective_from=yesterday))
    assert response.status_code == 422
    for message in ("Choose the producer group this rate is for.",
                    "Enter a rate from 0 to 100 percent.", "A rule cannot start before today"):
        assert message in response.text
    assert _rules() == []


def test_a_second_rule_for_the_same_target_and_day_is_refused(app, client, admin):
    group = make_group(name="Kelompok Batik Wastra")
    day = today_wib() + timedelta(days=7)
    make_rule(900, effective_from=day, group=group)
    db.session.commit()

    response = post_form(client, URL, _form(scope="group", group_id=str(group.id), rate="9,5",
                                            effective_from=day.isoformat()))

    assert response.status_code == 422
    assert "There is already a rule for Kelompok Batik Wastra starting on" in response.text
    assert 'value="9,5"' in response.text
    assert [r.rate_bp for r in _rules()] == [900] and _audit("commission_rule.add") == []


# --- Deleting rules ------------------------------------------------------------------------
def test_admin_deletes_an_upcoming_rule_and_the_audit_keeps_it(app, client, admin):
    group = make_group(name="Kelompok Anyaman")
    day = today_wib() + timedelta(days=5)
    rule_id = make_rule(1300, effective_from=day, group=group).id
    db.session.commit()

    response = post_form(client, f"{URL}/{rule_id}/hapus", form_url=URL,
                         follow_redirects=True)

    assert "The rule for Kelompok Anyaman from" in response.text and "is deleted" in response.text
    assert _rules() == []
    [entry] = _audit("commission_rule.delete")
    before = json.loads(entry.before)
    assert (before["rate_bp"], before["scope"], before["target"]) == (1300, "group",
                                                                      "Kelompok Anyaman")
    assert before["effective_from"] == day.isoformat()
    assert entry.after is None and entry.actor.name == "Admin Asosiasi"


def test_a_rule_already_used_by_a_payment_cannot_be_deleted(app, client, admin):
    group = make_group()
    rule = make_rule(1100, effective_from=today_wib(), group=group)
    sub = pay(make_order([(group, 50_000)])).sub_orders[0]
    db.session.commit()
    assert sub.commission_rule_id == rule.id
    assert "Delete" not in client.get(URL).text.split('id="history"')[1]

    response = post_form(client, f"{URL}/{rule.id}/hapus", form_url=URL,
                         follow_redirects=True)

    assert "Payments have already been charged at this rule" in response.text
    assert [r.id for r in _rules()] == [rule.id] and _count(AuditEntry) == 0


def test_a_rule_that_has_started_cannot_be_deleted_even_if_unused(app, client, admin):
    rule = make_rule(1100, effective_from=today_wib() - timedelta(days=1))
    db.session.commit()

    response = post_form(client, f"{URL}/{rule.id}/hapus", form_url=URL,
                         follow_redirects=True)

    assert "is part of the history: it cannot be deleted" in response.text
    assert [r.id for r in _rules()] == [rule.id] and _count(AuditEntry) == 0


def test_an_unknown_rule_is_404(app, client, admin):
    assert post_form(client, f"{URL}/9999/hapus", form_url=URL).status_code == 404


# --- Who may --------------------------------------------------------------------------------
def test_only_admins_see_or_change_commission_rules(app):
    rule = make_rule(1300, effective_from=today_wib() + timedelta(days=5))
    db.session.commit()
    posts = {URL: _form(rate="50"), f"{URL}/{rule.id}/hapus": {}}
    for role in (Role.BUYER, Role.ARTISAN):
        client = app.test_client()
        sign_in(client, role)
        assert client.get(URL).status_code == 403, role
        for url, data in posts.items():
            assert post_form(client, url, data, form_url="/akun/kata-sandi").status_code == 403
    visitor = app.test_client()
    response = visitor.get(URL)
    assert response.status_code == 302 and response.headers["Location"].startswith("/akun/masuk")
    for url, data in posts.items():
        response = post_form(visitor, url, data, form_url="/akun/masuk")
        assert response.headers["Location"].startswith("/akun/masuk")
    assert [r.rate_bp for r in _rules()] == [1300] and _count(AuditEntry) == 0


def test_commission_forms_need_their_csrf_token(app, client, admin):
    rule = make_rule(1300, effective_from=today_wib() + timedelta(days=5))
    db.session.commit()
    assert client.post(URL, data=_form(rate="50")).status_code == 400
    assert client.post(f"{URL}/{rule.id}/hapus", data={"csrf_token": "forged"}).status_code == 400
    assert [r.rate_bp for r in _rules()] == [1300]


# --- Precedence and effective dates, end to end through payment ----------------------------
def _paid_rate(group, at: datetime) -> int:
    sub = pay(make_order([(group, 200_000)], at=at), at=at).sub_orders[0]
    return sub.commission_rate_bp


def test_payments_are_charged_by_group_then_sentra_then_default_on_the_day_paid(app):
    # given rules that start on different days
    dinoyo, celuk = make_sentra(), make_sentra()
    tanah_liat = make_group(sentra=dinoyo)
    gerabah = make_group(sentra=dinoyo)
    perak = make_group(sentra=celuk)
    make_rule(1000, effective_from=date(2025, 1, 1))
    make_rule(800, effective_from=date(2025, 3, 1), sentra=dinoyo)
    make_rule(1200, effective_from=date(2025, 5, 1))
    make_rule(500, effective_from=date(2025, 6, 1), group=tanah_liat)

    def wib(day: date, hour: int = 10) -> datetime:  # 10:00 WIB is 03:00 UTC
        return datetime(day.year, day.month, day.day, hour - 7, tzinfo=UTC)

    # then each payment uses the most specific rule in force on the day it was paid
    assert _paid_rate(tanah_liat, wib(date(2025, 2, 10))) == 1000  # only the default
    assert _paid_rate(tanah_liat, wib(date(2025, 4, 10))) == 800  # the sentra's rule
    assert _paid_rate(tanah_liat, wib(date(2025, 5, 10))) == 800  # sentra beats newer default
    assert _paid_rate(perak, wib(date(2025, 5, 10))) == 1200  # another sentra: new default
    assert _paid_rate(tanah_liat, wib(date(2025, 7, 1))) == 500  # the group's own rule
    assert _paid_rate(gerabah, wib(date(2025, 7, 1))) == 800  # not another group's rule
    # the day is the Jakarta day: 00:30 WIB on 1 June is still 31 May in UTC
    just_after_midnight = datetime(2025, 5, 31, 17, 30, tzinfo=UTC)
    assert _paid_rate(tanah_liat, just_after_midnight) == 500
    assert _paid_rate(tanah_liat, just_after_midnight - timedelta(hours=1)) == 800


def test_a_later_rule_never_changes_what_earlier_payments_were_charged(app):
    group = make_group()
    make_rule(1000, effective_from=date(2025, 1, 1))
    paid_in_january = pay(make_order([(group, 12_345)], at=datetime(2025, 1, 20, 3, tzinfo=UTC)),
                          at=datetime(2025, 1, 20, 3, tzinfo=UTC)).sub_orders[0]
    make_rule(1250, effective_from=date(2025, 2, 1), group=group)
    paid_in_february = pay(make_order([(group, 12_345)], at=datetime(2025, 2, 2, 3, tzinfo=UTC)),
                           at=datetime(2025, 2, 2, 3, tzinfo=UTC)).sub_orders[0]
    db.session.commit()

    assert (paid_in_january.commission_rate_bp, paid_in_january.commission_amount) == (1000,
                                                                                      1235)
    assert (paid_in_february.commission_rate_bp, paid_in_february.commission_amount) == (
        1250, 1543)


# --- The database has the last word ------------------------------------------------------
def test_a_twin_rule_slipping_past_the_check_is_refused_by_the_database(app):
    # as when two admins save the same rule at the same moment
    group = make_group()
    day = today_wib() + timedelta(days=2)
    make_rule(900, effective_from=day, group=group)
    with mock.patch.object(rules, "_twin_exists", return_value=False), \
            pytest.raises(rules.RuleError) as refused:
        rules.add_rule("group", group.id, 950, day, "", None)
    assert refused.value.field == "effective_from"
    db.session.commit()  # the session is still usable and kept the first rule
    assert [r.rate_bp for r in _rules()] == [900] and _count(AuditEntry) == 0


def test_a_rule_used_by_a_payment_racing_the_delete_is_kept(app):
    group = make_group()
    rule = make_rule(1100, effective_from=today_wib(), group=group)
    pay(make_order([(group, 50_000)]))
    db.session.commit()
    with mock.patch.object(rules, "rule_in_use", return_value=False), \
            pytest.raises(rules.RuleError):
        rules.delete_rule(rule)
    db.session.rollback()
    assert [r.id for r in _rules()] == [rule.id]
