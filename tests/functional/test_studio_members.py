"""Studio members: the owner adds and removes members by email; members only look."""

from uuid import uuid4

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import GroupMembership
from marketplace.kernel.extensions import db
from tests.factories import make_group
from tests.helpers import PASSWORD, csrf_token, post_form, sign_in_english


def person(role=Role.BUYER, **kw) -> User:
    user = User(email=kw.pop("email", f"p-{uuid4().hex[:10]}@pasar.example"),
                name=kw.pop("name", "Pak Budi"), role=role,
                password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
    db.session.add(user)
    return user


def signed_in_member(client, group, role="owner") -> User:
    user = person(Role.ARTISAN, name="Ibu Pemilik" if role == "owner" else "Mas Anggota")
    db.session.add(GroupMembership(group=group, user=user, role=role))
    db.session.commit()
    sign_in_english(client, user)
    return user


def membership(group, user):
    db.session.expire_all()
    return db.session.scalar(select(GroupMembership).where(
        GroupMembership.group_id == group.id, GroupMembership.user_id == user.id))


def test_owner_adds_a_member_by_email_and_removes_them(app, client):
    # given an owner and a buyer with an account
    group = make_group()
    signed_in_member(client, group)
    buyer = person(email="wati@pasar.example", name="Wati")
    db.session.commit()
    url = f"/studio/{group.slug}/anggota"
    # when the owner adds the buyer's email (in any case, with spaces)
    response = post_form(client, url, {"email": "  Wati@Pasar.Example "})
    # then the buyer is a member and now an artisan
    assert response.status_code == 302
    added = membership(group, buyer)
    assert added.role == "member"
    assert db.session.get(User, buyer.id).role == Role.ARTISAN
    assert "Wati" in client.get(url).text
    # and when the owner removes them, they are gone and a buyer again
    response = post_form(client, f"{url}/{added.id}/hapus", form_url=url)
    assert response.status_code == 302
    assert membership(group, buyer) is None
    assert db.session.get(User, buyer.id).role == Role.BUYER


def test_unknown_or_repeated_email_gets_a_clear_message(app, client):
    group = make_group()
    owner = signed_in_member(client, group)
    url = f"/studio/{group.slug}/anggota"
    response = post_form(client, url, {"email": "belum.daftar@pasar.example"})
    assert response.status_code == 200
    assert "No account uses this email address." in response.text
    assert 'value="belum.daftar@pasar.example"' in response.text
    response = post_form(client, url, {"email": owner.email})
    assert "is already a member of this group." in response.text
    response = post_form(client, url, {"email": "bukan email"})
    assert "Enter a valid email address" in response.text


def test_owner_cannot_remove_themself(app, client):
    group = make_group()
    owner = signed_in_member(client, group)
    url = f"/studio/{group.slug}/anggota"
    own = membership(group, owner)
    response = post_form(client, f"{url}/{own.id}/hapus", form_url=url, follow_redirects=True)
    assert "You cannot remove yourself from the group." in response.text
    assert membership(group, owner) is not None


def test_a_plain_member_sees_the_list_but_cannot_add_or_remove(app, client):
    group = make_group()
    owner = person(Role.ARTISAN, name="Ibu Pemilik")
    db.session.add(GroupMembership(group=group, user=owner, role="owner"))
    outsider = person(email="tono@pasar.example")
    signed_in_member(client, group, role="member")
    url = f"/studio/{group.slug}/anggota"
    page = client.get(url).text
    assert "Ibu Pemilik" in page and "Mas Anggota" in page
    assert 'name="email"' not in page
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "email": "tono@pasar.example"})
    assert response.status_code == 403
    owners = membership(group, owner)
    response = client.post(f"{url}/{owners.id}/hapus", data={"csrf_token": token})
    assert response.status_code == 403
    assert membership(group, outsider) is None
    assert membership(group, owner) is not None
