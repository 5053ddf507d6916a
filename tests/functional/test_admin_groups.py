"""The association's queue of group applications: approve, reject, suspend, reinstate."""

import json

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalog.models import GroupMembership
from marketplace.catalog.status import GroupStatus
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from tests.factories import make_group, make_product, make_sentra
from tests.helpers import account, post_form, sign_in


def _decide(client, group, verb, data=None):
    """Post one decision from the group's page and follow the redirect back to it."""
    return post_form(client, f"/admin/kelompok/{group.id}/{verb}", data,
                     form_url=f"/admin/kelompok/{group.id}", follow_redirects=True)


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def _owned_group(status, **kw):
    owner = account(Role.ARTISAN, name=kw.pop("owner_name", "Bu Sulastri"))
    group = make_group(status=status, **kw)
    db.session.add(GroupMembership(group=group, user=owner, role="owner"))
    return group


def test_group_list_shows_each_application_with_owner_and_counts(app, client, admin):
    # given a pending application with an owner and two products
    sentra = make_sentra(name="Sentra Keramik Dinoyo")
    group = _owned_group(GroupStatus.PENDING, sentra=sentra, name="Kelompok Tanah Liat",
                         village="Dinoyo", owner_name="Bu Sulastri")
    make_product(group=group)
    make_product(group=group)
    make_group(status=GroupStatus.APPROVED, name="Kelompok Sudah Buka")
    db.session.commit()
    # when the admin opens the pending queue
    page = client.get("/admin/kelompok?status=pending").text
    # then the application shows its sentra, village, owner, status and product count
    assert "Kelompok Tanah Liat" in page
    assert "Sentra Keramik Dinoyo" in page
    assert "Bu Sulastri" in page
    assert "Waiting for approval" in page
    assert '<td class="num">2</td>' in page
    assert "Kelompok Sudah Buka" not in page
    assert "Kelompok Sudah Buka" in client.get("/admin/kelompok").text


def test_group_list_runs_a_fixed_number_of_queries(app, client, admin, count_queries):
    def add_groups(count):
        for _ in range(count):
            group = _owned_group(GroupStatus.PENDING)
            make_product(group=group)
        db.session.commit()

    add_groups(2)
    with count_queries() as few:
        assert client.get("/admin/kelompok").status_code == 200
    add_groups(12)
    with count_queries() as many:
        assert client.get("/admin/kelompok").status_code == 200
    assert len(many) == len(few), many.statements


def test_group_detail_shows_the_application_with_the_account_number_masked(app, client,
                                                                           admin):
    group = _owned_group(GroupStatus.PENDING, story="Kami membuat gerabah sejak 1970.",
                         shipping_origin="Kota Malang, Jawa Timur", bank_name="BRI",
                         bank_account_number="0012345678901", bank_account_holder="Sulastri")
    db.session.commit()
    page = client.get(f"/admin/kelompok/{group.id}").text
    assert "Kami membuat gerabah sejak 1970." in page
    assert "Kota Malang, Jawa Timur" in page
    assert "+6281234567890" in page
    assert "•••••••••8901" in page
    assert "0012345678901" not in page
    assert "Bu Sulastri" in page


def test_approving_opens_the_shop_and_its_products_at_once(app, client, admin):
    # given a pending group with a published product, invisible to buyers
    group = _owned_group(GroupStatus.PENDING)
    product = make_product(group=group, name="Cobek Batu")
    db.session.commit()
    assert client.get(f"/produk/{product.slug}").status_code == 404
    # when the admin approves it
    response = _decide(client, group, "setujui")
    # then the shop and the product are visible, and the decision is audited
    assert "is approved" in response.text
    db.session.refresh(group)
    assert group.status == GroupStatus.APPROVED
    assert group.approved_at is not None
    assert client.get(f"/toko/{group.slug}").status_code == 200
    assert client.get(f"/produk/{product.slug}").status_code == 200
    [entry] = _audit("group.approve")
    assert entry.actor_id == admin.id
    assert entry.target_type == "ProducerGroup" and entry.target_id == group.id
    assert json.loads(entry.before)["status"] == "pending"
    assert json.loads(entry.after)["status"] == "approved"


def test_rejecting_needs_a_reason_and_keeps_it_for_the_group(app, client, admin):
    group = _owned_group(GroupStatus.PENDING)
    db.session.commit()
    # without a reason: the same page says why, nothing changes
    response = _decide(client, group, "tolak", {"reason": "   "})
    assert response.status_code == 200
    assert "Give a reason" in response.text
    db.session.refresh(group)
    assert group.status == GroupStatus.PENDING
    assert _audit("group.reject") == []
    # with a reason: rejected, the reason stored for the studio
    response = _decide(client, group, "tolak", {"reason": "Foto produk belum ada."})
    assert "is rejected" in response.text
    db.session.refresh(group)
    assert group.status == GroupStatus.REJECTED
    assert group.status_reason == "Foto produk belum ada."
    [entry] = _audit("group.reject")
    assert json.loads(entry.after) == {"approved_at": None, "status": "rejected",
                                       "status_reason": "Foto produk belum ada."}


def test_suspending_hides_the_group_and_products_until_reinstated(app, client, admin):
    group = _owned_group(GroupStatus.APPROVED)
    product = make_product(group=group, name="Kendi Gerabah", is_featured=True)
    db.session.commit()
    assert client.get(f"/produk/{product.slug}").status_code == 200
    # when the admin suspends the group
    response = _decide(client, group, "tangguhkan", {"reason": "Laporan pembeli."})
    assert "is suspended" in response.text
    # then at once the product page, the shop and the home page no longer show it
    assert client.get(f"/produk/{product.slug}").status_code == 404
    assert client.get(f"/toko/{group.slug}").status_code == 404
    assert "Kendi Gerabah" not in client.get("/").text
    # and reinstating brings everything back
    response = _decide(client, group, "pulihkan")
    assert "is reinstated" in response.text
    assert client.get(f"/produk/{product.slug}").status_code == 200
    assert "Kendi Gerabah" in client.get("/").text
    db.session.refresh(group)
    assert group.status_reason == ""
    assert len(_audit("group.suspend")) == 1 and len(_audit("group.reinstate")) == 1


def test_suspending_needs_a_reason(app, client, admin):
    group = _owned_group(GroupStatus.APPROVED)
    db.session.commit()
    response = _decide(client, group, "tangguhkan", {"reason": ""})
    assert "Give a reason" in response.text
    db.session.refresh(group)
    assert group.status == GroupStatus.APPROVED


def test_a_decision_on_an_out_of_date_page_gives_a_message(app, client, admin):
    # each pair: the group's real status, and a decision the admin's old page still offered
    cases = [(GroupStatus.APPROVED, "setujui"), (GroupStatus.PENDING, "tangguhkan"),
             (GroupStatus.REJECTED, "pulihkan"), (GroupStatus.SUSPENDED, "tolak"),
             (GroupStatus.APPROVED, "buka-kembali"), (GroupStatus.APPROVED, "tolak")]
    for status, verb in cases:
        group = _owned_group(status)
        db.session.commit()
        response = _decide(client, group, verb, {"reason": ""})
        assert response.status_code == 200, verb
        assert "no longer possible" in response.text, (status, verb)
        db.session.refresh(group)
        assert group.status == status
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_a_rejected_application_can_go_back_to_the_queue(app, client, admin):
    group = _owned_group(GroupStatus.REJECTED, status_reason="Belum lengkap.")
    db.session.commit()
    response = _decide(client, group, "buka-kembali")
    assert "back in the queue" in response.text
    db.session.refresh(group)
    assert group.status == GroupStatus.PENDING
    assert group.status_reason == ""


def test_the_group_sees_the_reason_in_its_studio(app, client, admin):
    group = _owned_group(GroupStatus.APPROVED)
    member = app.test_client()
    artisan = sign_in(member, Role.ARTISAN)
    db.session.add(GroupMembership(group=group, user=artisan, role="member"))
    db.session.commit()
    _decide(client, group, "tangguhkan", {"reason": "Label halal belum ada."})
    assert "Label halal belum ada." in member.get(f"/studio/{group.slug}").text


def test_unknown_group_is_a_404(app, client, admin):
    assert client.get("/admin/kelompok/999").status_code == 404
    assert post_form(client, "/admin/kelompok/999/setujui",
                     form_url="/admin/kelompok").status_code == 404
