"""Who may use the admin: admins only; every form needs its CSRF token."""


from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.catalog.status import GroupStatus
from marketplace.kernel.audit_log import AuditEntry
from marketplace.kernel.extensions import db
from tests.factories import deliver, make_category, make_group, make_order, make_product, pay
from tests.helpers import account, post_form, sign_in


def _admin_urls():
    """Every admin page (GET) and action (POST), with real ids behind them."""
    group = make_group(status=GroupStatus.PENDING)
    product = make_product(group=group)
    category = make_category()
    user = account()
    order = pay(make_order([(make_group(), 100_000)]))
    sub = deliver(order.sub_orders[0])
    from marketplace.kernel.timeutil import jakarta_date, utcnow
    from marketplace.ledger.payouts import create_payout

    payout = create_payout(sub.group, jakarta_date(utcnow()))
    from marketplace.shipping.models import ShippingRate

    rate = ShippingRate(origin_province_code="35", destination_province_code="91",
                        courier_code="jne", service_code="reg", first_kg_price=18_000,
                        next_kg_price=15_000, etd_min_days=3, etd_max_days=5)
    db.session.add(rate)
    from tests.reviews_helpers import review

    written = review(make_product(), 4, "Uji")
    db.session.commit()
    gets = [
        "/admin/ulasan", "/admin/ulasan?tampil=hidden",
        "/admin/ongkir", "/admin/ongkir?asal=35", "/admin/ongkir/baru",
        f"/admin/ongkir/{rate.id}", f"/admin/ongkir/{rate.id}/hapus",
        "/admin", "/admin/kelompok", "/admin/kelompok?status=pending",
        f"/admin/kelompok/{group.id}", "/admin/sentra", "/admin/sentra/baru",
        f"/admin/sentra/{group.sentra_id}", "/admin/kategori", f"/admin/kategori/{category.id}",
        "/admin/unggulan", "/admin/pengguna", f"/admin/pengguna/{user.id}", "/admin/audit",
        "/admin/komisi", "/admin/pesanan", "/admin/pesanan/semua", f"/admin/pesanan/{order.id}",
        "/admin/pencairan", "/admin/pencairan/baru", "/admin/pencairan/ekspor.csv",
        f"/admin/pencairan/{payout.id}", f"/admin/pencairan/{payout.id}/rincian.csv",
        "/admin/rekonsiliasi", "/admin/rekonsiliasi?format=csv",
        "/admin/rekonsiliasi/settlement",
    ]
    posts = {
        f"/admin/kelompok/{group.id}/setujui": {},
        f"/admin/kelompok/{group.id}/tolak": {"reason": "Tidak lengkap."},
        f"/admin/kelompok/{group.id}/tangguhkan": {"reason": "Laporan."},
        f"/admin/kelompok/{group.id}/pulihkan": {},
        f"/admin/kelompok/{group.id}/buka-kembali": {},
        "/admin/sentra/baru": {"name": "Sentra Baru", "province": "Bali", "regency": "Badung"},
        f"/admin/sentra/{group.sentra_id}": {"name": "Diubah", "province": "Bali",
                                              "regency": "Badung"},
        "/admin/kategori/baru": {"name": "Baru", "name_en": "New"},
        f"/admin/kategori/{category.id}": {"name": "Diubah", "name_en": "Changed"},
        f"/admin/kategori/{category.id}/hapus": {},
        f"/admin/unggulan/{product.id}": {"featured": "1"},
        f"/admin/pengguna/{user.id}/peran": {"role": "admin"},
        f"/admin/pengguna/{user.id}/nonaktifkan": {},
        f"/admin/pengguna/{user.id}/aktifkan": {},
        "/admin/komisi": {"rate": "10", "scope": "default", "effective_from": "2099-01-01"},
        f"/admin/pesanan/{order.id}/paket/{sub.id}/pengembalian-dana": {
            "amount": "1000", "reason": "Uji", "method": "bank_transfer",
            "bank_reference": "BCA-1"},
        "/admin/pencairan/baru": {"group_id": str(sub.group_id)},
        f"/admin/pencairan/{payout.id}/dibayar": {"bank_reference": "TRF-1"},
        f"/admin/pencairan/{payout.id}/batal": {},
        "/admin/rekonsiliasi/settlement": {"source": "file"},
        "/admin/ongkir/baru": {"origin_province_code": "35", "destination_province_code": "51",
                               "service": "jne:yes",
                               "first_kg_price": "30000", "next_kg_price": "25000",
                               "etd_min_days": "1", "etd_max_days": "2"},
        f"/admin/ongkir/{rate.id}": {"first_kg_price": "19000", "next_kg_price": "15000",
                                     "etd_min_days": "3", "etd_max_days": "5"},
        f"/admin/ongkir/{rate.id}/hapus": {},
        f"/admin/ulasan/{written.id}/sembunyikan": {"reason": "Uji"},
        f"/admin/ulasan/{written.id}/tampilkan": {"reason": "Uji"},
    }
    return gets, posts


def _nothing_changed():
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0
    assert db.session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN)) <= 1


def test_buyers_and_artisans_are_refused_every_admin_page_and_action(app):
    gets, posts = _admin_urls()
    for role in (Role.BUYER, Role.ARTISAN):
        client = app.test_client()
        sign_in(client, role)
        for url in gets:
            assert client.get(url).status_code == 403, (role, url)
        for url, data in posts.items():
            # a valid CSRF token from a page they may see: only the role stops them
            response = post_form(client, url, data, form_url="/akun/kata-sandi")
            assert response.status_code == 403, (role, url)
    _nothing_changed()


def test_visitors_are_sent_to_sign_in(app, client):
    gets, posts = _admin_urls()
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/akun/masuk"), url
    for url, data in posts.items():
        response = post_form(client, url, data, form_url="/akun/masuk")
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/akun/masuk"), url
    _nothing_changed()


def test_admin_opens_every_page(app, client):
    gets, _ = _admin_urls()
    sign_in(client, Role.ADMIN)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "style=" not in response.text and "onclick" not in response.text, url


def test_every_admin_action_needs_its_csrf_token(app, client):
    gets, posts = _admin_urls()
    sign_in(client, Role.ADMIN)
    for url, data in posts.items():
        assert client.post(url, data=data).status_code == 400, url
        assert client.post(url, data={**data, "csrf_token": "forged"}).status_code == 400, url
    _nothing_changed()


def test_unknown_ids_are_404(app, client):
    sign_in(client, Role.ADMIN)
    for url in ["/admin/kelompok/9999", "/admin/sentra/9999", "/admin/kategori/9999",
                "/admin/pengguna/9999", "/admin/kelompok/abc"]:
        assert client.get(url).status_code == 404, url
    for url in ["/admin/kelompok/9999/setujui", "/admin/unggulan/9999",
                "/admin/kategori/9999/hapus", "/admin/pengguna/9999/nonaktifkan"]:
        assert post_form(client, url, {"featured": "1"}, form_url="/admin").status_code == 404


def test_odd_query_parameters_give_a_normal_page(app, client):
    sign_in(client, Role.ADMIN)
    for url in ["/admin/kelompok?status=evil&page=-1", "/admin/kelompok?page=99999999999",
                "/admin/unggulan?sentra=abc&page=x", "/admin/pengguna?role=root&q=%25_%5C",
                "/admin/audit?action=%27%3B--&page=0"]:
        assert client.get(url).status_code == 200, url
