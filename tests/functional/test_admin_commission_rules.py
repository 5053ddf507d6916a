"""Commission rules in /admin/komisi: adding and deleting rules through the forms."""

import json
from datetime import date, timedelta
from html import escape

import pytest

from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.ledger.rules import today_wib
from tests.commission_helpers import URL, _audit, _count, _form, _rules
from tests.factories import make_group, make_order, make_rule, make_sentra, pay
from tests.helpers import post_form


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
