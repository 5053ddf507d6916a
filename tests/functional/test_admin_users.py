"""User accounts in the admin: search, role changes, disabling and re-enabling."""

import json

from sqlalchemy import select

from marketplace.accounts.models import Role, UserSession
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from tests.factories import make_group
from tests.helpers import account, login, post_form, sign_in


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def _act(client, user, verb, data=None):
    return post_form(client, f"/admin/pengguna/{user.id}/{verb}", data,
                     form_url=f"/admin/pengguna/{user.id}", follow_redirects=True)


def test_users_are_searched_by_email_or_name_and_filtered_by_role(app, client, admin):
    account(Role.BUYER, name="Rina Pembeli", email="rina@pasar.example")
    artisan = account(Role.ARTISAN, name="Pak Darto", email="darto@keramik.example")
    db.session.add(GroupMembership(group=make_group(name="Kelompok Gerabah Darto"),
                                   user=artisan, role="owner"))
    account(Role.BUYER, name="Budi 100%_persen", email="budi@pasar.example")
    db.session.commit()
    page = client.get("/admin/pengguna?q=KERAMIK").text
    assert "Pak Darto" in page and "Rina Pembeli" not in page
    assert "Kelompok Gerabah Darto" in page  # the user's groups
    page = client.get("/admin/pengguna?q=rina").text
    assert "Rina Pembeli" in page and "Pak Darto" not in page
    page = client.get("/admin/pengguna?role=artisan").text
    assert "Pak Darto" in page and "Rina Pembeli" not in page
    # LIKE wildcards typed in the search box are plain characters
    page = client.get("/admin/pengguna?q=0%25_").text
    assert "Budi 100%_persen" in page and "Rina Pembeli" not in page


def test_user_detail_shows_group_memberships(app, client, admin):
    artisan = account(Role.ARTISAN, name="Bu Sri")
    group = make_group(name="Kelompok Batik Sri")
    db.session.add(GroupMembership(group=group, user=artisan, role="owner"))
    db.session.commit()
    page = client.get(f"/admin/pengguna/{artisan.id}").text
    assert "Kelompok Batik Sri" in page
    assert f"/admin/kelompok/{group.id}" in page
    assert "Owner" in page


def test_admin_changes_a_users_role_and_the_audit_keeps_it(app, client, admin):
    user = account(Role.BUYER)
    db.session.commit()
    response = _act(client, user, "peran", {"role": "artisan"})
    assert "is now: Artisan" in response.text
    db.session.refresh(user)
    assert user.role == Role.ARTISAN
    [entry] = _audit("user.role")
    assert (entry.actor_id, entry.target_id) == (admin.id, user.id)
    assert json.loads(entry.before) == {"role": "buyer"}
    assert json.loads(entry.after) == {"role": "artisan"}
    # an unknown role is refused with a message
    response = _act(client, user, "peran", {"role": "superuser"})
    assert "Choose a role from the list." in response.text
    db.session.refresh(user)
    assert user.role == Role.ARTISAN
    assert len(_audit("user.role")) == 1


def test_disabling_a_user_ends_their_sessions_at_once(app, client, admin):
    # given a buyer signed in on their own browser
    browser = app.test_client()
    buyer = sign_in(browser, Role.BUYER)
    assert browser.get("/akun").status_code == 200
    # when the admin disables the account
    response = _act(client, buyer, "nonaktifkan")
    assert "is disabled" in response.text
    # then the buyer's browser is signed out, and signing in again fails
    response = browser.get("/akun")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/akun/masuk")
    assert login(browser, buyer).status_code == 200
    assert db.session.scalars(
        select(UserSession).where(UserSession.user_id == buyer.id,
                                  UserSession.revoked_at.is_(None))
    ).all() == []
    [entry] = _audit("user.disable")
    assert json.loads(entry.before) == {"is_enabled": True}
    assert json.loads(entry.after) == {"is_enabled": False}
    # and once enabled again, the buyer can sign in
    response = _act(client, buyer, "aktifkan")
    assert "enabled again" in response.text
    assert login(browser, buyer).status_code == 302
    assert browser.get("/akun").status_code == 200
    assert len(_audit("user.enable")) == 1


def test_an_admin_cannot_demote_or_disable_themself(app, client, admin):
    response = _act(client, admin, "peran", {"role": "buyer"})
    assert "You cannot change your own role" in response.text
    response = _act(client, admin, "nonaktifkan")
    assert "You cannot disable your own account" in response.text
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN and admin.is_enabled
    assert client.get("/admin").status_code == 200
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_a_demoted_admin_loses_the_admin_at_once(app, client, admin):
    other = app.test_client()
    colleague = sign_in(other, Role.ADMIN)
    assert other.get("/admin").status_code == 200
    _act(client, colleague, "peran", {"role": "buyer"})
    assert other.get("/admin").status_code == 403


def test_audit_log_lists_actions_newest_first_with_before_and_after(app, client, admin):
    first = account(Role.BUYER, name="Pertama")
    second = account(Role.BUYER, name="Kedua <b>")
    db.session.commit()
    _act(client, first, "peran", {"role": "artisan"})
    _act(client, second, "nonaktifkan")
    page = client.get("/admin/audit").text
    assert page.index("user.disable") < page.index("user.role")
    assert "Admin Asosiasi" in page
    assert "&#34;is_enabled&#34;: false" in page or "&quot;is_enabled&quot;: false" in page
    assert "Kedua &lt;b&gt;" in page and "Kedua <b>" not in page
    page = client.get("/admin/audit?action=user.role").text
    assert "user.disable</code>" not in page and "user.role</code>" in page
