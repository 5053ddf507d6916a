"""Commission rules in /admin/komisi: the page, and who may see or change the rules."""

from datetime import date, timedelta

from marketplace.accounts.models import Role
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from marketplace.ledger.rules import today_wib
from tests.commission_helpers import URL, _count, _form, _rules
from tests.factories import make_group, make_rule, make_sentra
from tests.helpers import post_form, sign_in


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
